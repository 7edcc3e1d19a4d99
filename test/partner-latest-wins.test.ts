/**
 * Partners catch up, latest wins, on the real dev server with a real receiver (real time: retries,
 * cancellations and backoff as in production). A partner down while ten steps go out gets, once it
 * recovers, the latest message and then the Cancel, within one retry interval, never a stale Update
 * after the Cancel; the steps it missed are recorded `superseded`. A found while it is down: the Cancel
 * supersedes everything queued. The healthy channel gets every step once, in order, meanwhile.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DatabaseHandle } from '../db/client';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { approvalDecisionSignal, caseStateQuery, foundSignal, type CasePolicy } from '../workflows/contract';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { startRecordedCase } from './helpers/cases';
import { openTestDatabase, testDataConverter, testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { officer, prosecutor } from './helpers/fixtures';
import { recordHistory } from './helpers/time-skipping';
import { realActivities, startTestWorker, uniqueTaskQueue, waitForState } from './helpers/worker';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

jest.setTimeout(240_000);

const RETRY_MAX_MS = 8_000;
/** Timers, a workflow task and an activity on a loaded 2-core machine: slack on top of one interval. */
const SLACK_MS = 4_000;
const { names, secrets } = partnerChannels(['flaky', 'healthy'] as const);
const taskQueue = uniqueTaskQueue('latest-wins');
let receiver: WebhookReceiver;
let connection: Connection;
let client: Client;
let database: DatabaseHandle;
let workerConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
/** The flaky partner answers 500 for a case until the case is in here: the two tests run at once. */
const recoveredCases = new Set<string>();
/** When each POST arrived and how it was answered, in arrival order. */
const arrivals: Array<{ key: string; at: number; status: number }> = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
  receiver.respond(({ channel, key }) => {
    const status = channel === names.flaky && !recoveredCases.has(key.split(':')[0]) ? 500 : 200;
    arrivals.push({ key, at: Date.now(), status });
    return status;
  });
  connection = await Connection.connect({ address: testEnv.temporalAddress });
  await ensureSearchAttributes(connection, testEnv.namespace);
  client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter() });
  database = openTestDatabase();
  workerConnection = await NativeConnection.connect({ address: testEnv.temporalAddress });
  worker = await startTestWorker(workerConnection, taskQueue, realActivities(database.db, {}, { webhooks: webhooksFor(receiver, secrets) }), testEnv.namespace);
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await connection?.close();
  await database?.close();
  await receiver?.close();
});

const stepOf = (key: string) => Number(key.split(':')[1]);
const channelOf = (key: string) => key.split(':')[2];
const postsTo = (caseId: string, channel: string) => receiver.posts.filter((p) => p.key.startsWith(`${caseId}:`) && p.channel === channel);
const effectSteps = (caseId: string, channel: string) => receiver.effects.filter((e) => e.key.startsWith(`${caseId}:`) && e.channel === channel).map((e) => stepOf(e.key));
/** When the partner accepted the step (its first 2xx). */
const acceptedAt = (caseId: string, step: number, channel: string) => arrivals.find((a) => a.key === `${caseId}:${step}:${channel}` && a.status === 200)!.at;
const flakyStepsSince = (caseId: string, since: number) =>
  [...new Set(arrivals.filter((a) => a.key.startsWith(`${caseId}:`) && channelOf(a.key) === names.flaky && a.at >= since).map((a) => stepOf(a.key)))];
const rowsOf = async (caseId: string, channel: string) => (await deliveryRows(database.db, caseId, channel)).map((r) => [r.step, r.status]);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function startAlerting(policy: Partial<CasePolicy>) {
  const started = await startRecordedCase(client, database.db, {
    taskQueue,
    policy: { alertChannels: [names.flaky, names.healthy], rebroadcastIntervalMs: 3_600_000, alertDeliveryRetryMaxIntervalMs: RETRY_MAX_MS, ...policy },
  });
  await waitForState(started.handle, (s) => s.status === 'awaiting_approval');
  await started.handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  return started;
}

function recover(caseId: string): number {
  recoveredCases.add(caseId);
  return Date.now();
}

/** One delivery at a time, in step order: the flaky channel's POSTs never go back to an older step. */
function expectInOrder(caseId: string, channel: string): void {
  const steps = postsTo(caseId, channel).map((p) => stepOf(p.key));
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
}

function expectHealthyGotEverything(caseId: string, last: number): void {
  expect(postsTo(caseId, names.healthy).map((p) => [stepOf(p.key), p.attempt, p.status])).toEqual(range(1, last).map((s) => [s, 1, 200]));
  expect(effectSteps(caseId, names.healthy)).toEqual(range(1, last));
}

test.concurrent('down while ten steps go out, then recovered: the latest message, then the Cancel, within one retry interval; the missed steps superseded', async () => {
  const radii = [2, 4, 8, 16, 32, 64, 128, 256, 512];
  const { caseId, handle } = await startAlerting({ expansionIntervalMs: 5_000, expansionRadiiKm: radii });
  const approvedAt = Date.now();
  // Ten steps (alert, eight widenings, national) while the partner answers 500 for at least 60 s,
  // the tenth already failed at least once, so it is being retried when the partner comes back.
  await eventually(
    async () => ({
      alerts: (await handle.query(caseStateQuery)).alerts.length,
      tenth: postsTo(caseId, names.flaky).filter((p) => stepOf(p.key) === 10).length,
      elapsed: Date.now() - approvedAt,
    }),
    ({ alerts, tenth, elapsed }) => alerts === 10 && tenth >= 1 && elapsed >= 60_000,
    150_000,
  );
  expect(postsTo(caseId, names.flaky).filter((p) => stepOf(p.key) === 1).length).toBeGreaterThanOrEqual(2);
  const recovered = recover(caseId);
  await eventually(() => effectSteps(caseId, names.flaky), (steps) => steps.includes(10), RETRY_MAX_MS + SLACK_MS + 10_000);
  const latestAt = acceptedAt(caseId, 10, names.flaky);

  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  await eventually(() => effectSteps(caseId, names.flaky), (steps) => steps.includes(11), 30_000);
  const cancelAt = acceptedAt(caseId, 11, names.flaky);
  const ended = await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
  expect(ended.alerts.map((a) => a.msgType)).toEqual(['Alert', ...Array(9).fill('Update'), 'Cancel']);
  await eventually(() => deliveryRows(database.db, caseId), (rows) => rows.filter((r) => r.step === 11 && r.status === 'delivered').length === 3);
  console.log(`latest message ${latestAt - recovered} ms after the recovery, Cancel ${cancelAt - recovered} ms after it (${cancelAt - latestAt} ms after the latest)`);

  // The flaky partner: the latest message and the Cancel only, and nothing after the Cancel.
  expect(effectSteps(caseId, names.flaky)).toEqual([10, 11]);
  expect(flakyStepsSince(caseId, recovered)).toEqual([10, 11]);
  const flaky = postsTo(caseId, names.flaky);
  expect(flaky.at(-1)!.key).toBe(`${caseId}:11:${names.flaky}`);
  expect(flaky.slice(flaky.findIndex((p) => stepOf(p.key) === 11)).every((p) => stepOf(p.key) === 11)).toBe(true);
  expectInOrder(caseId, names.flaky);
  expect(latestAt - recovered).toBeLessThanOrEqual(RETRY_MAX_MS + SLACK_MS);
  expect(cancelAt - latestAt).toBeLessThan(SLACK_MS + 4_000);

  expect(await rowsOf(caseId, names.flaky)).toEqual([...range(1, 9).map((s) => [s, 'superseded']), [10, 'delivered'], [11, 'delivered']]);
  expect(await rowsOf(caseId, names.healthy)).toEqual(range(1, 11).map((s) => [s, 'delivered']));
  expectHealthyGotEverything(caseId, 11);
  expect(arrivals.filter((a) => a.key.startsWith(`${caseId}:`)).every((a) => [names.flaky, names.healthy].includes(channelOf(a.key)))).toBe(true);
  await recordHistory(handle, 'partner-latest-wins-recovery');
});

test.concurrent('found while the partner is down: the Cancel supersedes everything queued; after recovery it gets the Cancel only', async () => {
  const { caseId, handle } = await startAlerting({ expansionIntervalMs: 3_000, expansionRadiiKm: [10, 20] });
  // Three steps; the third retried at least twice.
  await eventually(() => postsTo(caseId, names.flaky).filter((p) => stepOf(p.key) === 3).length, (n) => n >= 2, 60_000);
  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  await waitForState(handle, (s) => s.alerts.at(-1)?.msgType === 'Cancel');
  // The Cancel itself now fails (and is retried) on the flaky channel.
  await eventually(() => postsTo(caseId, names.flaky).filter((p) => stepOf(p.key) === 4).length, (n) => n >= 2, 30_000);
  expect(await rowsOf(caseId, names.flaky)).toEqual([[1, 'superseded'], [2, 'superseded'], [3, 'superseded'], [4, 'pending']]);

  const recovered = recover(caseId);
  await eventually(() => effectSteps(caseId, names.flaky), (steps) => steps.length > 0, RETRY_MAX_MS + SLACK_MS + 10_000);
  const cancelAt = acceptedAt(caseId, 4, names.flaky);
  console.log(`found while down: Cancel ${cancelAt - recovered} ms after the recovery`);
  expect(effectSteps(caseId, names.flaky)).toEqual([4]);
  expect(flakyStepsSince(caseId, recovered)).toEqual([4]);
  expect(cancelAt - recovered).toBeLessThanOrEqual(RETRY_MAX_MS + SLACK_MS);
  const flaky = postsTo(caseId, names.flaky);
  expect(flaky.slice(flaky.findIndex((p) => stepOf(p.key) === 4)).every((p) => stepOf(p.key) === 4)).toBe(true);
  expectInOrder(caseId, names.flaky);

  await eventually(() => deliveryRows(database.db, caseId), (rows) => rows.filter((r) => r.step === 4 && r.status === 'delivered').length === 3);
  expect(await rowsOf(caseId, names.flaky)).toEqual([[1, 'superseded'], [2, 'superseded'], [3, 'superseded'], [4, 'delivered']]);
  expect(await rowsOf(caseId, names.healthy)).toEqual(range(1, 4).map((s) => [s, 'delivered']));
  expectHealthyGotEverything(caseId, 4);
  await recordHistory(handle, 'partner-latest-wins-found-while-down');
});
