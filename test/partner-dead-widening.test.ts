/**
 * A dead partner (503 to every POST) never holds back the widening: on the dev server, in real time,
 * with widenings due every 10 s, each step goes out on schedule while the dead partner's delivery of
 * the step before is still being retried, and supersedes it; the live partner gets every step. Once
 * the dead partner answers again it gets the Cancel, at its next attempt.
 *
 * Real time, not the time-skipping server: there, in two full CI runs (never alone, nor under CPU
 * load), the Java test server's clock stopped about ten minutes into this test's skipped time, with
 * the dead partner's attempts at the third step in retry; the test timed out and left the shared clock
 * held for the files after it. The real server has no such clock to hold.
 */
import { Client, Connection } from '@temporalio/client';
import type { DatabaseHandle } from '../db/client';
import { approvalDecisionSignal, foundSignal } from '../workflows/contract';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { startRecordedCase } from './helpers/cases';
import { eventually } from './helpers/eventually';
import { openTestDatabase, testDataConverter, testEnv } from './helpers/env';
import { officer, prosecutor } from './helpers/fixtures';
import { recordHistory } from './helpers/time-skipping';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';
import { realActivities, runTestWorker, uniqueTaskQueue, waitForState, type RunningWorker } from './helpers/worker';

jest.setTimeout(120_000);

const INTERVAL_MS = 10_000;
/** How far from its due time a step may go out on a loaded machine; a held-back step would be minutes late. */
const TOLERANCE_MS = 3_000;
const { names, secrets } = partnerChannels(['dead', 'live'] as const);
const taskQueue = uniqueTaskQueue('dead-widening');
let receiver: WebhookReceiver;
let deadIsBack = false;
let connection: Connection;
let client: Client;
let database: DatabaseHandle;
let worker: RunningWorker;

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
  receiver.respond(({ channel }) => (channel === names.dead && !deadIsBack ? 503 : 200));
  connection = await Connection.connect({ address: testEnv.temporalAddress });
  client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter() });
  database = openTestDatabase();
  worker = await runTestWorker(taskQueue, realActivities(database.db, {}, { webhooks: webhooksFor(receiver, secrets) }));
});
afterAll(async () => {
  await worker?.stop();
  await connection?.close();
  await database?.close();
  await receiver?.close();
});

const steps = async (caseId: string, channel: string) => (await deliveryRows(database.db, caseId, channel)).map((r) => [r.step, r.status]);

test('a dead partner never holds back the widening: steps go out on schedule while its retries run; back, it gets the Cancel', async () => {
  const policy = { alertChannels: [names.dead, names.live], expansionIntervalMs: INTERVAL_MS };
  const { caseId, handle } = await startRecordedCase(client, database.db, { taskQueue, policy });
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  // The dead partner's step 1 would be retried for about 25 minutes; the widenings supersede it.
  const state = await waitForState(handle, (s) => s.alerts.length === 3, 3 * INTERVAL_MS + 15_000);
  const sent = state.alerts.map((a) => Date.parse(a.sentAt));
  expect(Math.abs(sent[1] - sent[0] - INTERVAL_MS)).toBeLessThan(TOLERANCE_MS);
  expect(Math.abs(sent[2] - sent[1] - INTERVAL_MS)).toBeLessThan(TOLERANCE_MS);
  await eventually(() => steps(caseId, names.live), (rows) => rows.length === 3 && rows.every(([, status]) => status === 'delivered'));
  // Step 3 goes to the dead partner once step 2's delivery there has been cancelled (one at a time per channel).
  const dead = await eventually(() => steps(caseId, names.dead), (rows) => rows.length === 3);
  expect(dead).toEqual([[1, 'superseded'], [2, 'superseded'], [3, 'pending']]);

  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  const ended = await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
  expect(ended.alerts.map((a) => a.msgType)).toEqual(['Alert', 'Update', 'Update', 'Cancel']);
  // The Cancel superseded step 3 on the dead channel; the live one has it at once.
  await eventually(() => steps(caseId, names.live), (rows) => rows.length === 4 && rows.every(([, status]) => status === 'delivered'));
  deadIsBack = true;
  // Its next attempt (the backoff starts at 2 s and doubles) finds it back.
  const rows = await eventually(() => deliveryRows(database.db, caseId, names.dead), (r) => r.map((x) => x.status).join() === 'superseded,superseded,superseded,delivered', 45_000);
  expect(receiver.posts.filter((p) => p.key === `${caseId}:4:${names.dead}`).map((p) => p.status)).toEqual([...Array(rows[3].attempts - 1).fill(503), 200]);
  await recordHistory(handle, 'deliveries-in-background-dead-partner');
});
