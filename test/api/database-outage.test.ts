/**
 * PostgreSQL out of reach (issue 16's second half, at the API): every route that reads or writes the
 * records answers 503 with Retry-After and a problem naming `postgresql`, never a 500, and logs no
 * error line per request (an outage is not a bug). A real pool pointed at a port where nothing
 * listens: the driver's own refusal, no mock. The same app on the real database answers as usual.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../api/app';
import { openDatabase } from '../../db/client';
import { freePort } from '../../devtools/free-port';
import { makeReport } from '../helpers/fixtures';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('database-outage', { worker: false });
});
afterAll(async () => {
  await h?.close();
});

test('every route that needs the database: 503, Retry-After, dependency postgresql; nothing stored, nothing logged', async () => {
  const unreachable = openDatabase(`postgres://mca:mca@127.0.0.1:${await freePort()}/mca`, 2);
  const loggedErrors: unknown[] = [];
  const app = createApp({ config: h.config, client: h.client, db: unreachable.db, probes: [], logError: (line) => loggedErrors.push(line) });
  const intake = bearer(await tokenFor('intake_officer'));
  const prosecutor = bearer(await tokenFor('prosecutor'));
  const unit = `OUTAGE-${randomUUID().slice(0, 6)}`;
  const calls = {
    'POST /cases': () => request(app).post('/cases').set(intake).set('Idempotency-Key', randomUUID()).send(makeReport({ reportingUnit: { id: unit, jurisdiction: 'MA-06' } })),
    'GET /cases': () => request(app).get('/cases').set(prosecutor),
    'GET /cases/:id': () => request(app).get(`/cases/${randomUUID()}`).set(prosecutor),
    'GET /approvals/pending': () => request(app).get('/approvals/pending').set(prosecutor),
    'GET /alerts/feed': () => request(app).get('/alerts/feed'),
    'GET /a/:ref': () => request(app).get(`/a/${'0'.repeat(32)}`),
    'POST /public/tips': () => request(app).post('/public/tips').send({ alert: '0'.repeat(32), seenAt: new Date().toISOString(), place: 'ici', description: 'vu' }),
  };
  try {
    const answers: Record<string, unknown> = {};
    for (const [name, call] of Object.entries(calls)) {
      const res = await call();
      answers[name] = [res.status, res.headers['retry-after'], res.body.dependency];
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(calls).map((name) => [name, [503, '5', 'postgresql']])));
  } finally {
    await unreachable.close();
  }
  expect(loggedErrors).toEqual([]);
  // The refused intake started no workflow (its task queue is this file's own), and the same app on the
  // real database answers the list as usual.
  expect(await h.client.workflow.count(`TaskQueue = '${h.taskQueue}'`)).toEqual({ count: 0, groups: [] });
  const healthy = createApp({ config: h.config, client: h.client, db: h.database.db, probes: [], logError: (line) => loggedErrors.push(line) });
  expect((await request(healthy).get('/cases').set(prosecutor)).status).toBe(200);
});
