/**
 * Exactly-once effect under a crash, on the dev server: the worker runs as its own process
 * (`worker/main.ts`), is SIGKILLed while both partner deliveries of the first alert are in flight
 * (held open by the receiver), and a new worker process finishes the case. Each (step, channel) key
 * is applied once; the only repeated POSTs are those the dead worker never got an answer to.
 */
import { startRecordedCase } from './helpers/cases';
import { eventually } from './helpers/eventually';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DatabaseHandle } from '../db/client';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { approvalDecisionSignal, foundSignal } from '../workflows/contract';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { openTestDatabase, testDataConverter, testEnv } from './helpers/env';
import { officer, prosecutor } from './helpers/fixtures';
import { uniqueTaskQueue, waitForState } from './helpers/worker';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..');
const { names, secrets } = partnerChannels(['social', 'sms'] as const);
const taskQueue = uniqueTaskQueue('crash');
const children: Array<{ child: ChildProcess; output: string[] }> = [];
let receiver: WebhookReceiver;
let connection: Connection;
let client: Client;
let database: DatabaseHandle;

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
  connection = await Connection.connect({ address: testEnv.temporalAddress });
  await ensureSearchAttributes(connection, testEnv.namespace);
  client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter() });
  database = openTestDatabase();
});

/** tsx runs the worker in a child node process: a crash must take the whole process group. */
const killGroup = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
};

afterAll(async () => {
  for (const { child } of children) killGroup(child);
  await receiver?.close();
  await connection?.close();
  await database?.close();
});

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

/** A worker process with the service's own entry point; resolves once it polls the task queue. */
async function startWorkerProcess(env: Record<string, string> = {}, ready = true) {
  // Node itself, not the tsx CLI: that CLI relays a SIGTERM and, when the busy child has not acknowledged it
  // within 30 ms, SIGKILLs it and exits 143 (seen under CI's load), so the drain below would not be what it tests.
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      DATABASE_URL: testEnv.databaseUrl,
      WORKFLOW_BUNDLE_PATH: testEnv.workflowBundlePath,
      TEMPORAL_TASK_QUEUE: taskQueue,
      ALERT_WEBHOOKS: JSON.stringify(webhooksFor(receiver, secrets)),
      ALERT_WEBHOOK_TIMEOUT: '30s',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const entry = { child, output: [] as string[] };
  children.push(entry);
  child.stdout!.on('data', (d: Buffer) => entry.output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => entry.output.push(d.toString()));
  if (ready) await eventually(() => ({ out: entry.output.join(''), code: child.exitCode }), ({ out, code }) => out.includes('polling task queue') || code !== null, 60_000);
  if (ready && child.exitCode !== null) throw new Error(`worker exited at start-up: ${entry.output.join('')}`);
  return entry;
}

test('worker/main.ts refuses to start without DATABASE_URL or with a bad ALERT_WEBHOOKS, naming the variable', async () => {
  const missing = await startWorkerProcess({ DATABASE_URL: '' }, false);
  expect((await exited(missing.child)).code).toBe(1);
  expect(missing.output.join('')).toContain('DATABASE_URL: is required for a worker-only process');
  const bad = await startWorkerProcess({ ALERT_WEBHOOKS: '[{"name":"Bad Name","url":"ftp://x","secret":"short"}]' }, false);
  expect((await exited(bad.child)).code).toBe(1);
  const output = bad.output.join('');
  expect(output).toContain('ALERT_WEBHOOKS: 0.name: must be lowercase letters, digits and dashes');
  expect(output).not.toContain('short');
});

test('SIGKILL in the middle of deliveries: a new worker finishes the case; every key takes effect exactly once', async () => {
  const first = await startWorkerProcess();
  const { caseId, handle } = await startRecordedCase(client, database.db, {
    taskQueue,
    policy: { alertChannels: [names.social, names.sms], expansionIntervalMs: 20_000, expansionRadiiKm: [10], rebroadcastIntervalMs: 600_000, retentionAfterCloseMs: 3_000 },
  });
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  receiver.hold();
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  // Both partner POSTs of step 1 are open at the receiver (applied there, not yet answered): kill now.
  await eventually(() => receiver.held(), (held) => held === 2);
  killGroup(first.child);
  expect(await exited(first.child)).toEqual({ code: null, signal: 'SIGKILL' });
  await eventually(() => receiver.posts.filter((p) => p.aborted).length, (n) => n === 2);
  receiver.release();
  expect((await deliveryRows(database.db, caseId)).map((r) => [r.step, r.channel, r.status])).toEqual([
    [1, 'feed', 'delivered'],
    ...[names.social, names.sms].sort().map((c) => [1, c, 'pending']),
  ]);

  const second = await startWorkerProcess();
  // Step 1 is retried once its heartbeat times out (10 s), before the widening to national is due (20 s):
  // sooner, the widening would supersede it (latest wins) and this test would see no retry.
  await waitForState(handle, (s) => s.alerts.length === 2, 60_000);
  await eventually(() => deliveryRows(database.db, caseId), (rows) => rows.filter((r) => r.step === 2 && r.status === 'delivered').length === 3, 30_000);
  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  // Read before the purge (3 s after the end), which deletes the steps and their deliveries.
  const rows = await eventually(() => deliveryRows(database.db, caseId), (r) => r.length === 9 && r.every((d) => d.status === 'delivered'), 30_000);
  const summary = await handle.result();
  expect([summary.status, summary.alertsSent]).toEqual(['found', 3]);

  const keys = [1, 2, 3].flatMap((step) => [names.social, names.sms].map((channel) => `${caseId}:${step}:${channel}`));
  // The purge (before the result) owes each partner one erase of the case's copies.
  const erases = [names.social, names.sms].map((channel) => `${caseId}:erase:${channel}`);
  const effects = receiver.effects.filter((e) => e.key.startsWith(`${caseId}:`)).map((e) => e.key);
  expect([...effects].sort()).toEqual([...keys, ...erases].sort());
  for (const key of erases) expect(receiver.posts.filter((p) => p.key === key).map((p) => p.signatureValid)).toEqual([true]);
  for (const key of keys) {
    const posts = receiver.posts.filter((p) => p.key === key);
    // Step 1: the POST the killed worker never heard back from, then the retry, answered 200 and deduplicated.
    const expected = key.includes(':1:') ? [[1, true, false], [2, false, true]] : [[1, false, true]];
    expect([key, posts.map((p) => [p.attempt, p.aborted, p.answered && p.status === 200])]).toEqual([key, expected]);
    expect(posts.every((p) => p.signatureValid)).toBe(true);
  }
  expect(rows.map((r) => [r.step, r.channel, r.status, r.attempts])).toEqual(
    [1, 2, 3].flatMap((step) => [[step, 'feed', 'delivered', 1], ...[names.social, names.sms].sort().map((c) => [step, c, 'delivered', step === 1 ? 2 : 1])]),
  );
  expect(await deliveryRows(database.db, caseId)).toEqual([]);

  // SIGTERM drains and exits cleanly.
  second.child.kill('SIGTERM');
  expect(await exited(second.child)).toEqual({ code: 0, signal: null });
  expect(second.output.join('')).toContain('[worker] stopped');
});
