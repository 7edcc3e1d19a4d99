/**
 * Photos uploaded with a report (`POST /cases`, multipart/form-data), through the real API on the real
 * database: JPEG, PNG and WebP are accepted and re-encoded; a GIF, a renamed executable, a corrupt
 * JPEG, an oversized file, too many files and an unknown part are refused with 4xx and leave nothing
 * stored (no case, no photo, no idempotency key); a photo link on a host outside PHOTO_URL_HOSTS is
 * refused; the JSON-only form still works; a key replayed with other files is refused.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import request from 'supertest';
import { auditLog, casePhotos, cases, intakeRequests } from '../../db/schema';
import { loadConfig, ConfigError } from '../../config/env';
import { makeReport } from '../helpers/fixtures';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './harness';

jest.setTimeout(60_000);

let h: ApiHarness;
const unique = randomUUID().slice(0, 6);
const J = `U${unique}`;
const UNIT = `UPL-${unique}`;
const intake = () => tokenFor('intake_officer', J, `intake-upload-${unique}`).then(bearer);

beforeAll(async () => {
  // No worker: what is stored at intake is the question here.
  h = await startApiHarness('photo-upload', { worker: false, env: { PHOTO_URL_HOSTS: 'photos.example.org' } });
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

const report = (overrides: Parameters<typeof makeReport>[0] = {}) => makeReport({ reportingUnit: { id: UNIT, jurisdiction: J }, child: { photoUrls: [] }, ...overrides });
const image = (format: 'jpeg' | 'png' | 'webp' | 'gif', width = 120, height = 90) =>
  sharp({ create: { width, height, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } })[format]().toBuffer();

async function post(files: Array<{ bytes: Buffer; filename: string; contentType: string; field?: string }>, key: string, body = report()) {
  const req = request(h.app).post('/cases').set(await intake()).set('Idempotency-Key', key).field('report', JSON.stringify(body));
  for (const f of files) req.attach(f.field ?? 'photos', f.bytes, { filename: f.filename, contentType: f.contentType });
  return req;
}

/** Nothing of a refused request stayed: no case of this unit, no key, no photo of such a case. */
async function storedFor(key: string) {
  const rows = await h.database.db.select({ id: cases.id }).from(cases).where(eq(cases.reportingUnitId, UNIT));
  const photos = rows.length === 0 ? [] : await h.database.db.select({ ref: casePhotos.photoRef }).from(casePhotos).where(inArray(casePhotos.caseId, rows.map((r) => r.id)));
  const keys = await h.database.db.select().from(intakeRequests).where(eq(intakeRequests.idempotencyKey, key));
  return { cases: rows.length, photos: photos.length, keys: keys.length };
}

describe('refused, with nothing stored', () => {
  let baseline: { cases: number; photos: number };
  beforeAll(async () => {
    const s = await storedFor('none');
    baseline = { cases: s.cases, photos: s.photos };
  });
  const nothingStored = async (key: string) => expect(await storedFor(key)).toEqual({ ...baseline, keys: 0 });

  test('a GIF (a real image, not an accepted type)', async () => {
    const key = `gif-${unique}`;
    const res = await post([{ bytes: await image('gif'), filename: 'photo.jpg', contentType: 'image/jpeg' }], key);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'photos.0', reason: 'must be a JPEG, PNG or WebP image (checked by its content)' }]);
    await nothingStored(key);
  });

  test('an executable renamed photo.jpg and declared image/jpeg', async () => {
    const key = `exe-${unique}`;
    const executable = fs.readFileSync(process.execPath).subarray(0, 256 * 1024);
    expect(executable.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    const res = await post([{ bytes: await image('jpeg'), filename: 'ok.jpg', contentType: 'image/jpeg' }, { bytes: executable, filename: 'photo.jpg', contentType: 'image/jpeg' }], key);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'photos.1', reason: 'must be a JPEG, PNG or WebP image (checked by its content)' }]);
    await nothingStored(key);
  });

  test('a file with JPEG magic bytes that is not a JPEG', async () => {
    const key = `corrupt-${unique}`;
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('#!/bin/sh\nrm -rf /\n'.repeat(200))]);
    const res = await post([{ bytes: fake, filename: 'photo.jpg', contentType: 'image/jpeg' }], key);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'photos.0', reason: 'is not a readable JPEG image' }]);
    await nothingStored(key);
  });

  test('a file over 5 MB', async () => {
    const key = `big-${unique}`;
    const big = Buffer.concat([await image('jpeg'), Buffer.alloc(5 * 1024 * 1024, 0x42)]);
    const res = await post([{ bytes: big, filename: 'big.jpg', contentType: 'image/jpeg' }], key);
    expect(res.status).toBe(413);
    expect(res.body.errors).toEqual([{ field: 'photos.0', reason: 'is larger than 5 MB' }]);
    await nothingStored(key);
  });

  test('more than five files, an unknown part, a missing report, a report that is not JSON', async () => {
    const jpeg = await image('jpeg');
    const six = Array.from({ length: 6 }, (_, i) => ({ bytes: jpeg, filename: `${i}.jpg`, contentType: 'image/jpeg' }));
    const tooMany = await post(six, `six-${unique}`);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toContainEqual({ field: 'photos', reason: 'at most 5 photos' });
    const unknown = await post([{ bytes: jpeg, filename: 'a.jpg', contentType: 'image/jpeg', field: 'avatar' }], `unknown-${unique}`);
    expect([unknown.status, unknown.body.errors[0].field]).toEqual([422, 'avatar']);
    const noReport = await request(h.app).post('/cases').set(await intake()).attach('photos', jpeg, 'a.jpg');
    expect([noReport.status, noReport.body.errors]).toEqual([422, [{ field: 'report', reason: 'is required: the report as JSON' }]]);
    const notJson = await request(h.app).post('/cases').set(await intake()).field('report', '{"child":').attach('photos', jpeg, 'a.jpg');
    expect(notJson.status).toBe(400);
    const broken = await request(h.app).post('/cases').set(await intake()).set('Content-Type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="report"\r\n\r\n{}');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    for (const key of [`six-${unique}`, `unknown-${unique}`]) await nothingStored(key);
  });

  test('a photo link on a host outside PHOTO_URL_HOSTS, in either form', async () => {
    const key = `host-${unique}`;
    const body = report({ child: { photoUrls: ['https://photos.example.org/ok.jpg', 'https://tracker.example.net/child.jpg'] } });
    const json = await request(h.app).post('/cases').set(await intake()).set('Idempotency-Key', key).send(body);
    expect(json.status).toBe(422);
    expect(json.body.errors).toEqual([{ field: 'child.photoUrls.1', reason: 'photos on tracker.example.net are not accepted (PHOTO_URL_HOSTS); upload the photo with the report instead' }]);
    const multipart = await post([{ bytes: await image('png'), filename: 'a.png', contentType: 'image/png' }], key, body);
    expect([multipart.status, multipart.body.errors[0].field]).toEqual([422, 'child.photoUrls.1']);
    await nothingStored(key);
  });

  test('a photo link with credentials, in plain http, or on an address or internal host, even one PHOTO_URL_HOSTS would name', async () => {
    const key = `link-${unique}`;
    const links = ['https://user:pass@photos.example.org/a.jpg', 'http://photos.example.org/a.jpg', 'https://127.0.0.1/a.jpg', 'https://metadata.internal/a.jpg'];
    const res = await request(h.app).post('/cases').set(await intake()).set('Idempotency-Key', key).send(report({ child: { photoUrls: links } }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { field: 'child.photoUrls.0', reason: 'must not carry a user name or password' },
      { field: 'child.photoUrls.1', reason: 'must be an https:// address' },
      { field: 'child.photoUrls.2', reason: 'host 127.0.0.1 is an IP address, not a host name' },
      { field: 'child.photoUrls.3', reason: 'host metadata.internal names a host inside a network (.internal), not one on the internet' },
    ]);
    await nothingStored(key);
  });
});

test('JPEG, PNG and WebP are accepted and stored re-encoded as JPEG; a replay with other files is refused', async () => {
  const key = `ok-${unique}`;
  const files = [
    { bytes: await image('jpeg', 2400, 1800), filename: 'a.jpg', contentType: 'image/jpeg' },
    { bytes: await image('png'), filename: 'b.png', contentType: 'image/png' },
    // The declared type is ignored: the content decides.
    { bytes: await image('webp'), filename: 'c.bin', contentType: 'application/octet-stream' },
  ];
  const body = report();
  const res = await post(files, key, body);
  expect(res.status).toBe(201);
  const photos = await h.database.db.select().from(casePhotos).where(eq(casePhotos.caseId, res.body.caseId)).orderBy(casePhotos.position);
  expect(photos.map((p) => [p.position, p.mimeType, p.width, p.height])).toEqual([
    [0, 'image/jpeg', 1600, 1200],
    [1, 'image/jpeg', 120, 90],
    [2, 'image/jpeg', 120, 90],
  ]);
  for (const p of photos) {
    expect((await sharp(p.bytes).metadata()).format).toBe('jpeg');
    expect(p.photoRef).toMatch(/^[A-Za-z0-9_-]{22}$/);
  }
  const other = await post([files[1], files[0], files[2]], key, body);
  expect([other.status, other.body.errors]).toEqual([422, [{ field: 'Idempotency-Key', reason: 'already used for a different request' }]]);
  // The JSON-only form is unchanged.
  const json = await request(h.app).post('/cases').set(await intake()).send(report());
  expect(json.status).toBe(201);
  expect(await h.database.db.select().from(casePhotos).where(eq(casePhotos.caseId, json.body.caseId))).toEqual([]);
});

test('before any alert, the staff who may read the report see its photos (audited); other roles, jurisdictions and positions do not', async () => {
  const res = await post([{ bytes: await image('png', 300, 200), filename: 'p.png', contentType: 'image/png' }], `staff-${unique}`);
  expect(res.status).toBe(201);
  const caseId: string = res.body.caseId;
  const prosecutor = bearer(await tokenFor('prosecutor', J, `pros-upload-${unique}`));
  const preview = await request(h.app).get(`/cases/${caseId}/public-preview`).set(prosecutor);
  expect(preview.status).toBe(200);
  expect(preview.body.photos).toEqual([{ path: `/cases/${caseId}/photos/0`, width: 300, height: 200 }]);

  const photo = await request(h.app).get(`/cases/${caseId}/photos/0`).set(prosecutor).buffer(true);
  expect([photo.status, photo.headers['content-type'], photo.headers['cache-control']]).toEqual([200, 'image/jpeg', 'private, no-store']);
  const [stored] = await h.database.db.select().from(casePhotos).where(eq(casePhotos.caseId, caseId));
  expect(Buffer.compare(photo.body as Buffer, stored.bytes)).toBe(0);
  const audits = await h.database.db.select().from(auditLog).where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, 'case.view_personal_data'))).orderBy(auditLog.id);
  expect(audits.map((a) => a.detail)).toEqual([{ jurisdiction: J, view: 'public_preview' }, { jurisdiction: J, view: 'photo', position: 0 }]);

  // The public URL still answers 410: no alert is active.
  expect((await request(h.app).get(`/p/${stored.photoRef}.jpg`)).status).toBe(410);
  const codes = await Promise.all([
    request(h.app).get(`/cases/${caseId}/photos/1`).set(prosecutor),
    request(h.app).get(`/cases/${caseId}/photos/x`).set(prosecutor),
    request(h.app).get(`/cases/${caseId}/photos/0`).set(bearer(await tokenFor('admin', J, `admin-upload-${unique}`))),
    request(h.app).get(`/cases/${caseId}/photos/0`).set(bearer(await tokenFor('prosecutor', `X${unique}`, `other-upload-${unique}`))),
    request(h.app).get(`/cases/${caseId}/photos/0`),
  ]);
  expect(codes.map((c) => c.status)).toEqual([404, 404, 403, 403, 401]);
});

test('PHOTO_URL_HOSTS takes host names, and nothing else', () => {
  expect(loadConfig({ PHOTO_URL_HOSTS: ' Photos.Example.org, cdn.police.ma ,' }).PHOTO_URL_HOSTS).toEqual(['photos.example.org', 'cdn.police.ma']);
  expect(loadConfig({}).PHOTO_URL_HOSTS).toEqual([]);
  expect(() => loadConfig({ PHOTO_URL_HOSTS: 'https://photos.example.org/x' })).toThrow(ConfigError);
  expect(() => loadConfig({ PHOTO_URL_HOSTS: 'photos.example.org,*.evil' })).toThrow(/PHOTO_URL_HOSTS: not a host name: \*\.evil/);
  // Loopback, private and link-local addresses, and names inside a network, are never photo hosts.
  for (const internal of ['localhost', '127.0.0.1', '10.1.2.3', '169.254.169.254', 'nas.local', 'metadata.internal']) {
    expect(() => loadConfig({ PHOTO_URL_HOSTS: `photos.example.org,${internal}` })).toThrow(new RegExp(`PHOTO_URL_HOSTS: ${internal.replace(/\./g, '\\.')} `));
  }
});
