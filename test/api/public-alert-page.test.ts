/**
 * The public side of one case, through the real API and worker: a report uploaded with a phone photo
 * that carries a GPS position; before approval the page is 404 and the photo 410; once the alert is
 * out, the CAP message links the page (`web`) and the photo with its size and SHA-1, the photo is
 * served without any metadata, and the page shows the alert in Arabic, French and English, parses as
 * HTML without an error, escapes what the report says and carries its share tags; once found, the
 * page answers 410 with no name, photo, description or share tag, and the photo 410; after the purge
 * (RETENTION_AFTER_CLOSE shortened to 6 s) no photo is left and the page still says only "ended".
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { parse } from 'parse5';
import sharp from 'sharp';
import request from 'supertest';
import { auditLog, alertSteps, casePhotos, cases } from '../../db/schema';
import { publicAlertTexts, toPublicAlertContent } from '../../domain/cap';
import { checkCap12 } from '../../domain/cap/testing/cap12-conformance';
import { childElements, childrenNamed, parseXmlStrict, textOf } from '../../domain/cap/testing/xml-dom';
import { workflowIdForCase } from '../../workflows/contract';
import { eventually } from '../helpers/eventually';
import { makeReport } from '../helpers/fixtures';
import { TEST_PUBLIC_BASE_URL, waitForState } from '../helpers/worker';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './harness';

jest.setTimeout(120_000);

let h: ApiHarness;
const unique = randomUUID().slice(0, 6);
const J = `P${unique}`;
const NAME = `Nadacanary${unique} El Idrissi`;
const HOBBY = `Hobbycanary${unique}`;
const GUARDIAN = `Guardiancanary${unique}`;
const DETAILS = `Detailscanary${unique}`;
const MEDICAL = `Medicalcanary${unique}`;
/** What a report may say that must reach the page as text, never as markup. */
const CLOTHING = `<script>alert("x")</script> & <b>blue</b> 'coat' ${unique}`;
const CAMERA = `Canaryphone${unique}`;

const as = {
  intake: () => tokenFor('intake_officer', J, `intake-${unique}`).then(bearer),
  prosecutor: () => tokenFor('prosecutor', J, `prosecutor-${unique}`).then(bearer),
  officer: () => tokenFor('officer', J, `officer-${unique}`).then(bearer),
};

beforeAll(async () => {
  h = await startApiHarness('public-page', {
    env: { RETENTION_AFTER_CLOSE: '6s', ALERT_LANGUAGES: 'ar-MA,fr-MA,en', PHOTO_URL_HOSTS: 'photos.example.org', PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL },
  });
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

/** A phone photo: JPEG with EXIF naming the camera and a GPS position (Casablanca). */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 900, height: 1200, channels: 3, background: { r: 180, g: 120, b: 90 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: CAMERA, Model: 'X1', Software: CAMERA },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 34/1 2/1', GPSLongitudeRef: 'W', GPSLongitude: '7/1 35/1 23/1' },
    })
    .toBuffer();
}

const GPS_INFO_TAG = [Buffer.from([0x88, 0x25]), Buffer.from([0x25, 0x88])];
const hasGpsTag = (exif: Buffer | undefined) => exif !== undefined && GPS_INFO_TAG.some((tag) => exif.includes(tag));

function htmlErrors(html: string): string[] {
  const errors: string[] = [];
  parse(html, { onParseError: (err) => errors.push(`${err.code} at line ${err.startLine}`) });
  return errors;
}

/** `<meta property|name=... content=...>` as [key, content] pairs, in order. */
function metaTags(html: string): Array<[string, string]> {
  return [...html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)].map((m) => [m[1], m[2]]);
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

test('a case from report to purge: page and photo follow the alert, the photo loses its GPS position', async () => {
  const report = makeReport({
    child: { fullName: NAME, medicalNeeds: MEDICAL, description: { clothing: CLOTHING } },
    circumstances: { type: 'abduction', details: DETAILS, suspect: { description: 'tall man, grey jacket', vehicle: 'red scooter' } },
    background: { hobbies: [HOBBY] },
    guardian: { fullName: GUARDIAN },
    reportingUnit: { id: `PUB-${unique}`, jurisdiction: J },
  });
  const original = await phonePhoto();
  expect(hasGpsTag((await sharp(original).metadata()).exif)).toBe(true);
  expect(original.includes(CAMERA)).toBe(true);

  // Intake: the report as the `report` part, the photo as a `photos` file part.
  const created = await request(h.app)
    .post('/cases')
    .set(await as.intake())
    .set('Idempotency-Key', `public-page-${unique}`)
    .field('report', JSON.stringify(report))
    .attach('photos', original, { filename: 'IMG_2041.jpg', contentType: 'image/jpeg' });
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;

  // A retry with the same key, report and file is the same case, and stores nothing more.
  const replay = await request(h.app)
    .post('/cases')
    .set(await as.intake())
    .set('Idempotency-Key', `public-page-${unique}`)
    .field('report', JSON.stringify(report))
    .attach('photos', original, { filename: 'IMG_2041.jpg', contentType: 'image/jpeg' });
  expect([replay.status, replay.body.caseId, replay.headers['idempotent-replayed']]).toEqual([200, caseId, 'true']);

  const photos = await h.database.db.select().from(casePhotos).where(eq(casePhotos.caseId, caseId));
  expect(photos).toHaveLength(1);
  const [stored] = photos;
  const storedMeta = await sharp(stored.bytes).metadata();
  expect(storedMeta).toMatchObject({ format: 'jpeg', width: 900, height: 1200 });
  expect([storedMeta.exif, storedMeta.xmp, storedMeta.iptc, storedMeta.icc]).toEqual([undefined, undefined, undefined, undefined]);
  expect(stored.bytes.includes(CAMERA)).toBe(false);
  expect(stored.bytes.includes('Exif')).toBe(false);
  expect([stored.size, stored.sha1]).toEqual([stored.bytes.length, createHash('sha1').update(stored.bytes).digest('hex')]);

  const [{ publicRef }] = await h.database.db.select({ publicRef: cases.publicRef }).from(cases).where(eq(cases.id, caseId));
  expect(publicRef).toMatch(/^[0-9a-f]{32}$/);
  expect(publicRef).not.toContain(caseId.replace(/-/g, '').slice(0, 12));
  const pageUrl = `/a/${publicRef}`;
  const photoPath = `/p/${stored.photoRef}.jpg`;

  // Before approval: nothing is public.
  const handle = h.client.workflow.getHandle(workflowIdForCase(caseId));
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  const early = await request(h.app).get(pageUrl);
  expect([early.status, early.headers['cache-control']]).toEqual([404, 'no-store']);
  expect(early.text).not.toContain(NAME);
  expect((await request(h.app).get(photoPath)).status).toBe(410);

  // Approved: the alert is out.
  expect((await request(h.app).post(`/cases/${caseId}/approval`).set(await as.prosecutor()).send({ decision: 'approve' })).status).toBe(200);
  await eventually(async () => (await h.database.db.select().from(cases).where(eq(cases.id, caseId)))[0], (row) => row.status === 'alerting' && row.firstAlertAt !== null);

  // The CAP message links the page and gives the served photo's size and SHA-1.
  const [step] = await h.database.db.select().from(alertSteps).where(eq(alertSteps.caseId, caseId));
  expect(checkCap12(step.capXml!)).toEqual([]);
  const infos = childrenNamed(parseXmlStrict(step.capXml!).documentElement!, 'info');
  expect(infos).toHaveLength(2);
  for (const info of infos) {
    expect(textOf(info, 'web')).toBe(`${TEST_PUBLIC_BASE_URL}${pageUrl}`);
    const resources = childrenNamed(info, 'resource').map((r) => Object.fromEntries(childElements(r).map((e) => [e.localName, e.textContent])));
    expect(resources).toEqual([
      { resourceDesc: expect.any(String), mimeType: 'image/jpeg', size: String(stored.size), uri: `${TEST_PUBLIC_BASE_URL}${photoPath}`, digest: stored.sha1 },
      { resourceDesc: expect.any(String), mimeType: 'image/jpeg', uri: 'https://photos.example.org/yasmine.jpg' },
    ]);
  }

  // The photo, as served, is those bytes.
  const served = await request(h.app).get(photoPath).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  expect(served.status).toBe(200);
  expect(served.headers['content-type']).toBe('image/jpeg');
  expect(served.headers['cache-control']).toBe('public, max-age=60');
  expect(served.headers['cross-origin-resource-policy']).toBe('cross-origin');
  const body = served.body as Buffer;
  expect([body.length, createHash('sha1').update(body).digest('hex')]).toEqual([stored.size, stored.sha1]);
  expect((await sharp(body).metadata()).exif).toBeUndefined();
  expect((await request(h.app).get(photoPath).set('If-None-Match', `"${stored.sha1}"`)).status).toBe(304);

  // The page in each language: valid HTML, the CAP builder's words, escaped, with its share tags.
  const [row] = await h.database.db.select({ sentAt: alertSteps.sentAt }).from(alertSteps).where(eq(alertSteps.caseId, caseId));
  const content = toPublicAlertContent(report, row.sentAt);
  for (const [language, dir] of [['fr-MA', 'ltr'], ['ar-MA', 'rtl'], ['en', 'ltr']] as const) {
    const res = await request(h.app).get(`${pageUrl}?lang=${language}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = res.text;
    expect(Buffer.byteLength(html)).toBeLessThan(60 * 1024);
    expect(htmlErrors(html)).toEqual([]);
    expect(html).toContain(`<html lang="${language}" dir="${dir}">`);
    expect(html).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\/(?!localhost:3000|photos\.example\.org|www\.w3\.org\/2000\/svg)/);
    const words = publicAlertTexts(content, language, '19');
    // The report's text is there, escaped: never as markup.
    expect(decode(html)).toContain(words.headline);
    expect(decode(html)).toContain(words.description);
    expect(decode(html)).toContain(words.instruction);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;blue&lt;/b&gt; &#39;coat&#39;');
    expect(html).toContain(`<img src="${photoPath}"`);
    expect(html).toContain('<svg class="map"');
    expect(html).toContain('href="tel:19"');
    // Nothing the alert does not say.
    expect([HOBBY, GUARDIAN, DETAILS, MEDICAL, report.guardian.phone, caseId].filter((c) => html.includes(c))).toEqual([]);
    // The switch links every language.
    for (const other of ['ar-MA', 'fr-MA', 'en']) expect(html).toContain(`href="${pageUrl}?lang=${other}"`);
    const tags = Object.fromEntries(metaTags(html).map(([k, v]) => [k, decode(v)]));
    expect(tags).toMatchObject({
      'og:type': 'website',
      'og:url': `${TEST_PUBLIC_BASE_URL}${pageUrl}`,
      'og:title': words.headline,
      'og:description': words.description,
      'og:image': `${TEST_PUBLIC_BASE_URL}${photoPath}`,
      'og:image:width': '900',
      'og:image:height': '1200',
      'og:image:alt': words.photoDescription,
      'twitter:card': 'summary_large_image',
      'twitter:title': words.headline,
      'twitter:image': `${TEST_PUBLIC_BASE_URL}${photoPath}`,
    });
  }
  // Without ?lang, the browser's language decides; without one the service knows, the first configured.
  expect((await request(h.app).get(pageUrl).set('Accept-Language', 'fr-FR,fr;q=0.9,en;q=0.5')).text).toContain('<html lang="fr-MA" dir="ltr">');
  expect((await request(h.app).get(pageUrl).set('Accept-Language', 'de-DE')).text).toContain('<html lang="ar-MA" dir="rtl">');

  // Found: the alert ends.
  expect((await request(h.app).post(`/cases/${caseId}/found`).set(await as.officer()).send({ condition: 'unharmed' })).status).toBe(200);
  const ended = await eventually(() => request(h.app).get(`${pageUrl}?lang=fr-MA`), (res) => res.status === 410);
  expect(ended.headers['cache-control']).toBe('public, max-age=60');
  expect(htmlErrors(ended.text)).toEqual([]);
  expect(ended.text).toContain('Cette alerte est terminée');
  expect(ended.text).toContain('Merci pour votre aide.');
  expect(ended.text).toContain('supprimer vos publications');
  const personal = [NAME.split(' ')[0], unique, stored.photoRef, '/p/', 'og:', 'twitter:', 'photos.example.org', String(report.lastSeen.location.lat)];
  expect(personal.filter((c) => ended.text.includes(c))).toEqual([]);
  const endedAr = await request(h.app).get(`${pageUrl}?lang=ar-MA`);
  expect([endedAr.status, endedAr.text.includes('انتهى هذا الإنذار'), personal.filter((c) => endedAr.text.includes(c))]).toEqual([410, true, []]);
  expect((await request(h.app).get(photoPath)).status).toBe(410);

  // The purge: no photo is left; the page still answers 410 with the notice alone.
  await eventually(async () => (await h.database.db.select().from(cases).where(eq(cases.id, caseId)))[0], (r) => r.personalDataPurgedAt !== null, 60_000);
  expect(await h.database.db.select().from(casePhotos).where(eq(casePhotos.caseId, caseId))).toEqual([]);
  expect((await request(h.app).get(photoPath)).status).toBe(404);
  const after = await request(h.app).get(pageUrl);
  expect(after.status).toBe(410);
  expect(personal.filter((c) => after.text.includes(c))).toEqual([]);
  const [purge] = await h.database.db.select().from(auditLog).where(eq(auditLog.caseId, caseId)).then((rows) => rows.filter((r) => r.action === 'case.purge_personal_data'));
  expect(purge.detail).toMatchObject({ reports: 1, photos: 1 });
});

test('a page reference that does not exist, or is malformed, is 404', async () => {
  expect((await request(h.app).get(`/a/${'0'.repeat(32)}`)).status).toBe(404);
  expect((await request(h.app).get('/a/..%2F..%2Fetc')).status).toBe(404);
  expect((await request(h.app).get('/p/nope.jpg')).status).toBe(404);
  expect((await request(h.app).get(`/p/${'A'.repeat(22)}.jpg`)).status).toBe(404);
});
