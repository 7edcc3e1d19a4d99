/**
 * With no worker answering (all workers down), requests that need the case workflow answer 503 with
 * Retry-After within API_TEMPORAL_TIMEOUT, instead of hanging; nothing is logged as an internal error.
 */
import request from 'supertest';
import { makeReport } from '../helpers/fixtures';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('no-worker', { worker: false, env: { API_TEMPORAL_TIMEOUT: '1s' } });
});
afterAll(() => h?.close());

test('reading a live case and deciding its approval answer 503 with Retry-After when no worker answers', async () => {
  const created = await request(h.app).post('/cases').set(bearer(await tokenFor('intake_officer'))).send(makeReport());
  expect(created.status).toBe(201);
  const { caseId } = created.body as { caseId: string };
  const prosecutor = bearer(await tokenFor('prosecutor'));

  const startedAt = Date.now();
  const read = await request(h.app).get(`/cases/${caseId}`).set(prosecutor);
  expect(Date.now() - startedAt).toBeLessThan(5_000);
  expect(read.status).toBe(503);
  expect(read.headers['retry-after']).toBe('5');
  expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(read.body).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the case workflow did not answer in time; try again shortly' });

  const decided = await request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' });
  expect(decided.status).toBe(503);
  expect(decided.headers['retry-after']).toBe('5');
  expect(h.loggedErrors).toEqual([]);
});
