/**
 * POST /public/tips through the real API, worker and PostgreSQL: a tip as JSON and through the alert
 * page's form (no script), each limit (per address, per alert, body size), the honeypot, markup refused,
 * nothing about the case in any answer, unknown and ended alerts, and no 5xx whatever the body.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'parse5';
import request from 'supertest';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './harness';
import { eventually } from '../helpers/eventually';
import { alertingCase, jsonTip, tipsOf, wallClockField, type AlertingCase } from '../helpers/tips';

jest.setTimeout(180_000);

let h: ApiHarness;
const unique = randomUUID().slice(0, 6);
const J = `T${unique}`;
const PER_ALERT = 4;
let a: AlertingCase;
let addressCount = 0;
/** Each request its own client address (the API trusts the loopback proxy's X-Forwarded-For), unless a test shares one. */
const address = () => `198.51.100.${(addressCount += 1) % 250}`;
const post = (ip = address()) => request(h.app).post('/public/tips').set('X-Forwarded-For', ip);
const form = (fields: Record<string, string>, ip?: string) => post(ip).type('form').send(new URLSearchParams(fields).toString());

beforeAll(async () => {
  h = await startApiHarness('public-tips', { env: { TIP_RATE_LIMIT_PER_ALERT: String(PER_ALERT), ALERT_LANGUAGES: 'ar-MA,fr-MA,en' } });
  a = await alertingCase(h, J, `TIPS-${unique}`);
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

function htmlErrors(html: string): string[] {
  const errors: string[] = [];
  parse(html, { onParseError: (err) => errors.push(`${err.code} at line ${err.startLine}`) });
  return errors;
}

/** What no answer may carry: the case's id, the child's name, the guardian, the report's details. */
const secretsOf = (c: AlertingCase) => [c.caseId, c.report.child.fullName, c.report.guardian.fullName, c.report.guardian.phone, c.report.circumstances.details];
const leaks = (c: AlertingCase, res: request.Response) => secretsOf(c).filter((s) => JSON.stringify(res.headers).includes(s) || res.text.includes(s));

test('the alert page carries the tip form: no script, posts to /public/tips, both languages, under 60 KB', async () => {
  for (const [language, dir, submit] of [['ar-MA', 'rtl', 'إرسال المعلومة'], ['fr-MA', 'ltr', 'Envoyer le signalement']] as const) {
    const res = await request(h.app).get(`/a/${a.ref}?lang=${language}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
    expect(Buffer.byteLength(res.text)).toBeLessThan(60 * 1024);
    expect(htmlErrors(res.text)).toEqual([]);
    expect(res.text).toContain(`<html lang="${language}" dir="${dir}">`);
    expect(res.text).toContain('<form method="post" action="/public/tips" accept-charset="utf-8">');
    expect(res.text).toContain(`<input type="hidden" name="alert" value="${a.ref}">`);
    expect(res.text).toContain(`<input type="hidden" name="lang" value="${language}">`);
    for (const name of ['seenAt', 'place', 'description', 'phone', 'callbackConsent', 'website']) expect(res.text).toContain(`name="${name}"`);
    expect(res.text).toContain('type="datetime-local"');
    expect(res.text).toContain(`<button type="submit">${submit}</button>`);
    expect(res.text).not.toMatch(/<script/i);
  }
});

test('a JSON tip: 202 with a receipt and nothing else; stored as sent, without the address', async () => {
  const seenAt = new Date(Date.now() - 7 * 60_000);
  const res = await post().send(jsonTip(a.ref, { seenAt: seenAt.toISOString(), place: 'Tram stop, Place des Nations Unies', phone: '+212 6 12 34 56 78', callbackConsent: true }));
  expect(res.status).toBe(202);
  expect(Object.keys(res.body)).toEqual(['receipt']);
  expect(res.body.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(leaks(a, res)).toEqual([]);
  const stored = (await tipsOf(h, a.caseId)).filter((t) => t.receipt === res.body.receipt);
  expect(stored.map((t) => [t.seenAt.toISOString(), t.place, t.lat, t.lon, t.description, t.phone, t.callbackConsent, t.credible, t.promotedAt])).toEqual([
    [seenAt.toISOString(), 'Tram stop, Place des Nations Unies', 33.5801, -7.5902, 'A girl in a red coat, crying, near the tram stop.', '+212 6 12 34 56 78', true, null, null],
  ]);
  expect(JSON.stringify(stored)).not.toContain('198.51.100.');
});

test('the form without script: the receipt page in the form\'s language, the wall-clock time read as Moroccan time', async () => {
  const seen = new Date(Date.now() - 20 * 60_000);
  const field = wallClockField(seen);
  const res = await form({ alert: a.ref, lang: 'fr-MA', seenAt: field, place: 'Marché central', description: 'Un garçon avec un sac bleu & <3', phone: '', website: '' });
  expect(res.status).toBe(202);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['content-security-policy']).toContain("script-src 'none'");
  expect(htmlErrors(res.text)).toEqual([]);
  expect(res.text).toContain('<html lang="fr-MA" dir="ltr">');
  expect(res.text).toContain('Merci, votre signalement est bien reçu');
  const receipt = /<span class="receipt">([0-9A-Z]{10})<\/span>/.exec(res.text)?.[1];
  expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  expect(leaks(a, res)).toEqual([]);
  const [stored] = (await tipsOf(h, a.caseId)).filter((t) => t.receipt === receipt);
  const minute = new Date(Math.floor(seen.getTime() / 60_000) * 60_000);
  expect([stored.seenAt.toISOString(), stored.place, stored.lat, stored.description, stored.phone, stored.callbackConsent]).toEqual([
    minute.toISOString(), 'Marché central', null, 'Un garçon avec un sac bleu & <3', null, false,
  ]);

  // Arabic: the same, right to left.
  const ar = await form({ alert: a.ref, lang: 'ar-MA', seenAt: field, place: 'السوق المركزي', description: 'رأيت طفلة بمعطف أحمر' });
  expect([ar.status, ar.text.includes('<html lang="ar-MA" dir="rtl">'), ar.text.includes('شكراً، وصلتنا معلومتكم')]).toEqual([202, true, true]);
});

test('refused fields: 422 naming each (JSON), the form again with its reasons (HTML); nothing stored', async () => {
  const before = (await tipsOf(h, a.caseId)).length;
  const json = await post().send({ alert: a.ref, seenAt: new Date(Date.now() + 10 * 60_000).toISOString(), description: '<b>bold</b> claim', phone: '0612345678', extra: 1 });
  expect(json.status).toBe(422);
  expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(json.body.errors).toEqual([
    { field: 'description', reason: 'must be plain text (no HTML)' },
    { field: 'extra', reason: 'unknown field' },
  ]);
  const rules = await post().send(jsonTip(a.ref, { seenAt: new Date(Date.now() + 10 * 60_000).toISOString(), lat: undefined, lon: undefined, phone: '0612345678' }));
  expect(rules.status).toBe(422);
  expect(rules.body.errors).toEqual([
    { field: 'seenAt', reason: 'is in the future' },
    { field: 'place', reason: 'give a place in words (place) or a point (lat and lon)' },
    { field: 'callbackConsent', reason: 'must be true to leave a phone number (consent to be called back)' },
  ]);
  const early = await post().send(jsonTip(a.ref, { seenAt: new Date(Date.parse(a.report.lastSeen.at) - 2 * 3_600_000).toISOString(), lat: 40.4, lon: -3.7 }));
  expect(early.body.errors).toEqual([
    { field: 'seenAt', reason: 'is before the child went missing' },
    { field: 'lat', reason: 'is outside the service area (Morocco)' },
    { field: 'lon', reason: 'is outside the service area (Morocco)' },
  ]);
  expect((await post().send(jsonTip(a.ref, { description: 'x'.repeat(1001), place: '<img src=x onerror=alert(1)>' }))).body.errors).toEqual([
    { field: 'place', reason: 'must be plain text (no HTML)' },
    { field: 'description', reason: 'must be at most 1000 characters' },
  ]);

  const page = await form({ alert: a.ref, lang: 'fr-MA', seenAt: wallClockField(new Date()), place: 'Gare <i>routière</i>', description: 'Vu', phone: '0612345678' });
  expect(page.status).toBe(422);
  expect(htmlErrors(page.text)).toEqual([]);
  expect(page.text).toContain('Signalement non envoyé : merci de corriger');
  expect(page.text).toContain('<ul><li><a href="#tip-place">Où ? (le lieu en mots)</a> : Texte simple uniquement (pas de HTML)</li></ul>');
  // The form comes back as sent, escaped.
  expect(page.text).toContain('value="Gare &lt;i&gt;routière&lt;/i&gt;" aria-invalid="true" aria-describedby="tip-place-problem"');
  expect(page.text).toContain('value="0612345678"');
  expect(leaks(a, page)).toEqual([]);
  const consent = await form({ alert: a.ref, lang: 'fr-MA', seenAt: wallClockField(new Date()), place: 'Gare routière', description: 'Vu', phone: '0612345678' });
  expect(consent.status).toBe(422);
  expect(consent.text).toContain('<ul><li><a href="#tip-consent">J’accepte que la police me rappelle à ce numéro</a> : Cochez l’accord de rappel pour laisser un numéro</li></ul>');
  expect((await tipsOf(h, a.caseId)).length).toBe(before);
});

test('the honeypot: answered exactly like a tip, nothing stored', async () => {
  const before = (await tipsOf(h, a.caseId)).length;
  const bot = await post().send(jsonTip(a.ref, { website: 'http://spam.example' }));
  expect([bot.status, Object.keys(bot.body), bot.headers['cache-control']]).toEqual([202, ['receipt'], 'no-store']);
  expect(bot.body.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  const botForm = await form({ alert: a.ref, lang: 'en', seenAt: wallClockField(new Date()), place: 'Anywhere', description: 'Buy now', website: 'spam' });
  expect([botForm.status, botForm.text.includes('Thank you, your tip has been received')]).toEqual([202, true]);
  expect((await tipsOf(h, a.caseId)).length).toBe(before);
});

test('per client address: the sixth attempt in the window is 429 with Retry-After; another address goes on', async () => {
  const ip = '203.0.113.77';
  for (let i = 0; i < 5; i += 1) expect((await post(ip).send({ alert: a.ref })).status).toBe(422);
  const limited = await post(ip).send(jsonTip(a.ref));
  expect(limited.status).toBe(429);
  expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(590);
  expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(600);
  const page = await form({ alert: a.ref, lang: 'fr-MA' }, ip);
  expect([page.status, page.text.includes('Trop de tentatives')]).toEqual([429, true]);
  expect((await post('203.0.113.78').send({ alert: a.ref })).status).toBe(422);
});

test('body size: over TIP_MAX_BODY_BYTES is 413, JSON and form', async () => {
  const big = 'x'.repeat(17_000);
  const json = await post().send({ alert: a.ref, description: big });
  expect([json.status, json.headers['content-type']]).toEqual([413, 'application/problem+json; charset=utf-8']);
  // The body is not read: the browser's language decides.
  const page = await form({ alert: a.ref, lang: 'en', description: big }).set('Accept-Language', 'en');
  expect([page.status, page.headers['content-type'], page.text.includes('The text is too long.')]).toEqual([413, 'text/html; charset=utf-8', true]);
  // The longest tip a person can write, in Arabic, fits.
  const longest = await form({ alert: a.ref, lang: 'ar-MA', seenAt: wallClockField(new Date()), place: 'م'.repeat(200), description: 'ب'.repeat(1000) });
  expect(longest.status).toBe(202);
});

test('no 5xx whatever the body: malformed JSON, wrong types, odd media types, random bytes', async () => {
  const values: unknown[] = [null, true, 0, -1, 1e308, '', ' ', 'x'.repeat(300), [], [1], {}, { lat: 1 }, '\u0000', '\uD800', '2026-13-45T99:99', '<script>', { $gt: '' }];
  const keys = ['alert', 'seenAt', 'place', 'lat', 'lon', 'description', 'phone', 'callbackConsent', 'website', 'lang', '__proto__', 'constructor'];
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const statuses = new Set<number>();
  for (let i = 0; i < 160; i += 1) {
    const body: Record<string, unknown> = {};
    for (let k = random(6); k > 0; k -= 1) body[keys[random(keys.length)]] = random(3) === 0 ? a.ref : values[random(values.length)];
    const kind = random(5);
    const req = post();
    const res =
      kind === 0
        ? await req.set('Content-Type', 'application/json').send(JSON.stringify(body).slice(0, random(40) + 1))
        : kind === 1
          ? await req.set('Content-Type', 'application/x-www-form-urlencoded').send(Object.entries(body).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}&${k}[]=%ZZ`).join('&'))
          : kind === 2
            ? await req.set('Content-Type', ['text/plain', 'multipart/form-data; boundary=x', 'application/xml'][random(3)]).send(Buffer.from(Array.from({ length: random(200) }, () => random(256))))
            : await req.send(kind === 3 ? [body] : body);
    statuses.add(res.status);
    expect([i, res.status < 500]).toEqual([i, true]);
  }
  expect([...statuses].every((s) => [202, 400, 404, 410, 413, 415, 422, 429].includes(s))).toBe(true);
  expect(h.loggedErrors).toEqual([]);
});

test('an unknown alert is 404, an ended one 410, and the per-alert limit is 429; none says anything of the case', async () => {
  const unknown = await post().send(jsonTip('0'.repeat(32)));
  expect([unknown.status, unknown.body.detail]).toEqual([404, 'no active alert has this reference']);

  const b = await alertingCase(h, J, `TIPS-B-${unique}`);
  const stored: string[] = [];
  for (let i = 0; i < PER_ALERT; i += 1) {
    const res = await post().send(jsonTip(b.ref));
    expect(res.status).toBe(202);
    stored.push(res.body.receipt);
  }
  const limited = await post().send(jsonTip(b.ref));
  expect([limited.status, limited.body.detail]).toEqual([429, 'this alert has received too many tips just now; retry after the time in Retry-After']);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3_500);
  expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(3_600);
  expect(leaks(b, limited)).toEqual([]);
  expect((await tipsOf(h, b.caseId)).map((t) => t.receipt).sort()).toEqual(stored.sort());

  const found = await request(h.app).post(`/cases/${b.caseId}/found`).set(bearer(await tokenFor('officer', J))).send({ condition: 'unharmed' });
  expect(found.status).toBe(200);
  const ended = await eventually(() => post().send(jsonTip(b.ref)), (res) => res.status !== 429);
  expect([ended.status, ended.body.detail]).toEqual([410, 'this alert has ended']);
  expect(leaks(b, ended)).toEqual([]);
  const endedForm = await form({ alert: b.ref, lang: 'ar-MA', description: 'x' });
  expect([endedForm.status, endedForm.text.includes('هذا الإنذار غير نشط')]).toEqual([410, true]);
  expect((await tipsOf(h, b.caseId)).length).toBe(PER_ALERT);
});
