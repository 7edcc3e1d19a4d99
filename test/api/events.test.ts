/**
 * Live updates: GET /events streams what changed, fed by PostgreSQL's LISTEN/NOTIFY, so every API
 * replica pushes every change whichever replica (or worker) made it. Two replicas on the same
 * database here, real listening servers, a real worker; streams read as the console reads them.
 */
import request from 'supertest';
import { listen, type RunningServer } from '../../api/server';
import { eventually } from '../helpers/eventually';
import { makeReport } from '../helpers/fixtures';
import { openSse, type SseStream } from '../helpers/sse';
import { bearer, OTHER_JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';

jest.setTimeout(90_000);

let replicaA: ApiHarness;
let replicaB: ApiHarness;
let serverA: RunningServer;
let serverB: RunningServer;
const streams: SseStream[] = [];

beforeAll(async () => {
  replicaA = await startApiHarness('events-a', { liveUpdates: true });
  // The second replica shares the task queue's worker: it only serves requests.
  replicaB = await startApiHarness('events-b', { liveUpdates: true, worker: false, env: { TEMPORAL_TASK_QUEUE: replicaA.taskQueue } });
  serverA = await listen(replicaA.app, 0, '127.0.0.1');
  serverB = await listen(replicaB.app, 0, '127.0.0.1');
});
afterAll(async () => {
  streams.forEach((s) => s.close());
  await serverA?.close();
  await serverB?.close();
  await replicaA?.close();
  await replicaB?.close();
});

const portOf = (server: RunningServer) => (server.server.address() as { port: number }).port;
const urlOf = (server: RunningServer) => `http://127.0.0.1:${portOf(server)}/events`;
async function stream(server: RunningServer, token: string): Promise<SseStream> {
  const s = await openSse(urlOf(server), token);
  streams.push(s);
  return s;
}
const aboutCase = (s: SseStream, caseId: string) => s.events.filter((e) => e.event === 'case' && (e.data as { caseId: string }).caseId === caseId).map((e) => e.data as Record<string, string>);
const changes = (s: SseStream, caseId: string) => aboutCase(s, caseId).map((c) => `${c.change}:${c.status}`);
/** What changed, whatever the status was then (an alert step is written before the case says alerting). */
const kinds = (s: SseStream, caseId: string) => [...new Set(aboutCase(s, caseId).map((c) => c.change))];

test('a report, its approval and its alert reach every replica\'s streams in the jurisdiction within 2 s; another jurisdiction hears nothing', async () => {
  const prosecutorOnB = await stream(serverB, await tokenFor('prosecutor'));
  const nationalOnA = await stream(serverA, await tokenFor('admin', '*'));
  const elsewhereOnB = await stream(serverB, await tokenFor('prosecutor', OTHER_JURISDICTION));
  expect([prosecutorOnB.status, nationalOnA.status, elsewhereOnB.status]).toEqual([200, 200, 200]);

  const reportedAt = Date.now();
  const created = await request(replicaA.app).post('/cases').set(bearer(await tokenFor('intake_officer'))).send(makeReport());
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  // Intake's row, then the workflow's status and its approval request, each announced as it commits.
  const awaiting = await eventually(() => changes(prosecutorOnB, caseId), (c) => c.includes('case:awaiting_approval') && c.includes('approval:awaiting_approval'), 10_000);
  expect(awaiting[0]).toBe('case:validating');
  expect(aboutCase(prosecutorOnB, caseId)[0]).toEqual({ caseId, jurisdiction: 'MA-06', change: 'case', status: 'validating' });
  const firstHeard = prosecutorOnB.events.find((e) => (e.data as { caseId?: string }).caseId === caseId)!.at;
  expect(firstHeard - reportedAt).toBeLessThan(2_000);

  const approved = await request(replicaB.app).post(`/cases/${caseId}/approval`).set(bearer(await tokenFor('prosecutor'))).send({ decision: 'approve' });
  expect(approved.status).toBe(200);
  const approvedAt = Date.now();
  await eventually(() => changes(nationalOnA, caseId), (c) => c.includes('case:alerting'), 10_000);
  await eventually(() => kinds(nationalOnA, caseId), (k) => k.includes('alert') && k.includes('delivery'), 10_000);
  const alertHeard = nationalOnA.events.find((e) => (e.data as { change?: string; caseId?: string }).caseId === caseId && (e.data as { change: string }).change === 'alert')!.at;
  expect(alertHeard - approvedAt).toBeLessThan(2_000);
  await eventually(() => kinds(prosecutorOnB, caseId), (k) => k.includes('alert'), 5_000);
  expect(kinds(nationalOnA, caseId).sort()).toEqual(['alert', 'approval', 'case', 'delivery']);

  // Nothing personal: every event is the case id, its jurisdiction, what changed and the status.
  for (const data of [...aboutCase(prosecutorOnB, caseId), ...aboutCase(nationalOnA, caseId)]) {
    expect(Object.keys(data).sort()).toEqual(['caseId', 'change', 'jurisdiction', 'status']);
  }
  expect(aboutCase(elsewhereOnB, caseId)).toEqual([]);
  expect(replicaA.loggedErrors).toEqual([]);
});

test('without a token: 401, and no stream', async () => {
  const res = await fetch(urlOf(serverA));
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
});

test('the stream ends with `expired` when the caller\'s token expires', async () => {
  const s = await stream(serverA, await tokenFor('officer', 'MA-06', 'officer-short', undefined, '2s'));
  expect(s.status).toBe(200);
  await s.ended;
  expect(s.events.at(-1)?.event).toBe('expired');
});

test('the listening connection lost: the feed reconnects and tells every stream to resync, then changes flow again', async () => {
  const s = await stream(serverB, await tokenFor('intake_officer'));
  // Both replicas' listeners (and any other file's); PostgreSQL ends their sessions as a failover would.
  const killed = await replicaA.database.pool.query("select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN case_changes'");
  expect(killed.rowCount).toBeGreaterThanOrEqual(2);
  await eventually(() => s.events.map((e) => e.event), (names) => names.includes('resync'), 20_000);

  const created = await request(replicaA.app).post('/cases').set(bearer(await tokenFor('intake_officer'))).send(makeReport());
  expect(created.status).toBe(201);
  await eventually(() => changes(s, created.body.caseId), (c) => c.includes('case:validating'), 10_000);
});
