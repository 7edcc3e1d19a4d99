/**
 * Reads are limited too: authenticated GETs per caller (the token's `sub`), public GETs per client
 * address. Beyond the budget: 429, a problem document and Retry-After; other callers and addresses go
 * on, writes keep their own budget, and the probes are never limited.
 */
import request from 'supertest';
import { bearer, JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('read-limit', {
    worker: false,
    env: { API_READ_RATE_LIMIT: '3', API_READ_RATE_WINDOW: '1m', PUBLIC_READ_RATE_LIMIT_PER_ADDRESS: '3', PUBLIC_READ_RATE_WINDOW_PER_ADDRESS: '1m' },
  });
});
afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

function expectLimited(res: request.Response, detail: string) {
  expect([res.status, res.headers['content-type'], res.body.detail]).toEqual([429, expect.stringMatching(/^application\/problem\+json/), detail]);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

test('authenticated GETs per caller: the fourth in the window is 429 with Retry-After; another caller and writes go on', async () => {
  const noisy = bearer(await tokenFor('officer', JURISDICTION, 'read-noisy'));
  const paths = ['/cases', '/cases?status=alerting', '/events'];
  expect(await Promise.all(paths.map(async (p) => (await request(h.app).get(p).set(noisy)).status))).toEqual([200, 200, 503]);
  expectLimited(await request(h.app).get('/cases').set(noisy), 'too many reads; retry after the time in Retry-After');
  expect((await request(h.app).get('/cases').set(bearer(await tokenFor('officer', JURISDICTION, 'read-quiet')))).status).toBe(200);
  // A write is counted apart: the body is wrong (422), not limited.
  const writer = bearer(await tokenFor('intake_officer', JURISDICTION, 'read-noisy'));
  expect((await request(h.app).post('/cases').set(writer).send({})).status).toBe(422);
});

test('public GETs per client address: the fourth is 429 with Retry-After; another address goes on; probes are never limited', async () => {
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const statuses = [];
  for (const p of ['/alerts/feed', '/a/NOPE1234', '/alerts/unknown.xml']) statuses.push((await request(h.app).get(p).set(from('203.0.113.7'))).status);
  expect(statuses).toEqual([200, 404, 404]);
  expectLimited(await request(h.app).get('/alerts/feed').set(from('203.0.113.7')), 'too many requests from this address; retry after the time in Retry-After');
  expectLimited(await request(h.app).get('/openapi.json').set(from('203.0.113.7')), 'too many requests from this address; retry after the time in Retry-After');
  expect((await request(h.app).get('/alerts/feed').set(from('198.51.100.20'))).status).toBe(200);
  for (let i = 0; i < 5; i += 1) expect((await request(h.app).get('/healthz').set(from('203.0.113.7'))).status).toBe(200);
});
