/**
 * Exactly-once effect when the database crashes, with real processes: this file runs its own
 * PostgreSQL (test/helpers/postgres-process.ts, a process of its own, never the suite's shared one).
 * Both partner POSTs of the first alert are applied at the partners and held open; the postmaster is
 * SIGKILLed (its children exit with it); the partners then answer 200, but the activity cannot record
 * `delivered`: the database is gone. Its retries fail while it stays down. PostgreSQL is restarted on
 * the same data folder (stale postmaster.pid, crash recovery): the pool reconnects, the delivery is
 * retried with the same Idempotency-Key, the partner drops the repeat, and the row says `delivered`.
 * The Cancel that follows the found reaches every channel once, and the case runs to its purge.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { freePort } from '../devtools/free-port';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { decideApprovalUpdate, reportFoundUpdate } from '../workflows/contract';
import type { caseWorkflow } from '../workflows';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { startRecordedCase } from './helpers/cases';
import { testDataConverter, testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { officer, prosecutor } from './helpers/fixtures';
import { isRunning, postmasterPid, processesOnDataDir, startPostgresProcess, stopPostgresProcess, type PostgresProcess } from './helpers/postgres-control';
import { descendants } from './helpers/processes';
import { realActivities, startTestWorker, uniqueTaskQueue, waitForState } from './helpers/worker';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

jest.setTimeout(180_000);

const { names, secrets } = partnerChannels(['social', 'sms'] as const);
const partners = [names.social, names.sms].sort();
const taskQueue = uniqueTaskQueue('pg-crash');
/** Backoff between delivery attempts capped low, so the retry after the restart comes soon. */
const RETRY_MAX_MS = 3_000;
/** Long enough to read the rows once the Cancel is delivered, short enough to see the purge. */
const RETENTION_MS = 10_000;

let baseDir: string;
let dataDir: string;
let port: number;
let postgres: PostgresProcess | null = null;
const started: PostgresProcess[] = [];
let ownDb: DatabaseHandle | null = null;
let receiver: WebhookReceiver;
let connection: Connection;
let client: Client;
let workerConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let caseHandle: WorkflowHandle<typeof caseWorkflow> | null = null;


/** The case's partner deliveries still pending in Temporal: attempt and last failure, per activity. */
async function pendingDeliveries(handle: WorkflowHandle) {
  const { raw } = await handle.describe();
  return (raw.pendingActivities ?? [])
    .filter((a) => a.activityType?.name === 'deliverAlertStep')
    .map((a) => ({ attempt: a.attempt ?? 0, failure: String(a.lastFailure?.message ?? '').slice(0, 200) }));
}

const keyOf = (caseId: string, step: number, channel: string) => `${caseId}:${step}:${channel}`;
const postsFor = (key: string) => receiver.posts.filter((p) => p.key === key);
const effectsOf = (caseId: string) => receiver.effects.filter((e) => e.key.startsWith(`${caseId}:`)).map((e) => e.key).sort();

beforeAll(async () => {
  baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-pg-crash-'));
  // PostgreSQL runs as the `postgres` user when we are root: it must be able to enter this folder.
  fs.chmodSync(baseDir, 0o755);
  dataDir = path.join(baseDir, 'pgdata');
  port = await freePort();
  postgres = await startPostgresProcess(dataDir, port, started);
  ownDb = openDatabase(postgres.url);

  receiver = await startWebhookReceiver(secrets);
  connection = await Connection.connect({ address: testEnv.temporalAddress });
  await ensureSearchAttributes(connection, testEnv.namespace);
  client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter() });
  workerConnection = await NativeConnection.connect({ address: testEnv.temporalAddress });
  worker = await startTestWorker(
    workerConnection,
    taskQueue,
    realActivities(ownDb.db, {}, { webhooks: webhooksFor(receiver, secrets), webhookTimeoutMs: 30_000 }),
  );
  running = worker.run();
});

afterAll(async () => {
  // A case left running (a failed assertion) would wait 30 days on the shared dev server.
  await caseHandle?.terminate('postgres-crash test cleanup').catch(() => undefined);
  if (worker) {
    worker.shutdown();
    await running.catch(() => undefined);
  }
  await workerConnection?.close();
  await connection?.close();
  await ownDb?.close().catch(() => undefined);
  await receiver?.close();
  for (const proc of started) await stopPostgresProcess(proc);
  if (!dataDir) return;
  // The postmaster of a helper killed by force dies with its group; give it the time to go.
  const left = await eventually(() => processesOnDataDir(dataDir), (out) => out === '', 30_000).catch(() => processesOnDataDir(dataDir));
  fs.rmSync(baseDir, { recursive: true, force: true });
  expect(left).toBe('');
});

test('the embedded PostgreSQL killed (SIGKILL of the postmaster) during a delivery and restarted: the step is delivered once', async () => {
  const db = ownDb!.db;
  const { caseId, handle } = await startRecordedCase(client, db, {
    taskQueue,
    policy: {
      alertChannels: partners,
      // Only the first alert, then the Cancel: the widening is an hour away.
      expansionIntervalMs: 3_600_000,
      expansionRadiiKm: [10],
      rebroadcastIntervalMs: 3_600_000,
      retentionAfterCloseMs: RETENTION_MS,
      alertDeliveryRetryMaxIntervalMs: RETRY_MAX_MS,
    },
  });
  caseHandle = handle;
  await waitForState(handle, (s) => s.status === 'awaiting_approval', 60_000);

  receiver.hold();
  const approved = await handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', commandId: randomUUID(), decidedBy: prosecutor }] });
  expect(approved.status).toBe('alerting');
  // Both partner POSTs of step 1 have reached the partners (applied there), their answers held back.
  await eventually(() => receiver.held(), (n) => n === partners.length, 60_000);
  const step1Keys = partners.map((c) => keyOf(caseId, 1, c));
  expect(step1Keys.map((k) => postsFor(k).length)).toEqual([1, 1]);
  expect(effectsOf(caseId)).toEqual([...step1Keys].sort());
  expect((await deliveryRows(db, caseId)).map((r) => [r.step, r.channel, r.status])).toEqual([
    [1, 'feed', 'delivered'],
    ...partners.map((c) => [1, c, 'pending']),
  ]);

  // The crash: the postmaster, with no warning; its children (backends, checkpointer, io workers) follow.
  const first = postgres!;
  const postmaster = postmasterPid(dataDir);
  expect(descendants(first.child.pid!)).toContain(postmaster);
  const children = descendants(postmaster);
  expect(children.length).toBeGreaterThan(0);
  process.kill(postmaster, 'SIGKILL');
  await eventually(() => [postmaster, ...children].filter(isRunning), (alive) => alive.length === 0, 30_000);
  // The helper outlives its server; stopping it now finds nothing to stop. The lock file stays behind.
  expect(await stopPostgresProcess(first)).toEqual({ code: 0, signal: null });
  postgres = null;
  expect(postmasterPid(dataDir)).toBe(postmaster);
  expect(processesOnDataDir(dataDir)).toBe('');

  // The partners answer 200 now: the activity's write of `delivered` finds no database.
  receiver.release();
  await eventually(
    () => step1Keys.map((k) => postsFor(k).map((p) => [p.status, p.answered, p.aborted])),
    (all) => all.every((posts) => posts.length === 1 && posts[0][0] === 200 && posts[0][1] === true),
    30_000,
  );
  // Outage: the attempt that got the 200 failed, and so did a retry while the database stayed down.
  const failing = await eventually(() => pendingDeliveries(handle), (list) => list.length === partners.length && list.every((a) => a.attempt >= 3), 60_000);
  for (const { failure } of failing) expect(failure).not.toBe('');
  await expect(deliveryRows(db, caseId)).rejects.toThrow();

  // Restarted on the same folder and port: stale postmaster.pid taken over, crash recovery, same URL.
  postgres = await startPostgresProcess(dataDir, port, started);
  expect(postgres.url).toBe(first.url);
  expect(postmasterPid(dataDir)).not.toBe(postmaster);

  // The pool reconnects; the retry sends the same key again, the partner drops it, the row is delivered.
  const rows1 = await eventually(
    () => deliveryRows(db, caseId).catch(() => []),
    (rows) => rows.length === 1 + partners.length && rows.every((r) => r.status === 'delivered'),
    60_000,
  );
  expect(rows1.map((r) => [r.step, r.channel, r.status])).toEqual([[1, 'feed', 'delivered'], ...partners.map((c) => [1, c, 'delivered'])]);
  expect(rows1.filter((r) => r.channel !== 'feed').map((r) => [r.channel, r.lastStatusCode, r.lastError])).toEqual(partners.map((c) => [c, 200, null]));
  // The attempt that recorded it came after the two that failed while the database was down.
  for (const row of rows1.filter((r) => r.channel !== 'feed')) expect(row.attempts).toBeGreaterThanOrEqual(3);
  expect(effectsOf(caseId)).toEqual([...step1Keys].sort());
  for (const key of step1Keys) {
    const posts = postsFor(key);
    // The one held across the crash, then the retry after the restart: same key, same bytes, applied once.
    expect([key, posts.map((p) => [p.attempt, p.status, p.answered, p.aborted, p.signatureValid])]).toEqual([
      key,
      [
        [1, 200, true, false, true],
        [2, 200, true, false, true],
      ],
    ]);
    expect(posts[1].rawBody).toBe(posts[0].rawBody);
    expect(posts[1].body.idempotencyKey).toBe(key);
  }
  expect(await pendingDeliveries(handle)).toEqual([]);

  // Found: the Cancel (step 2) reaches each channel once.
  const found = await handle.executeUpdate(reportFoundUpdate, { args: [{ commandId: randomUUID(), reportedBy: officer }] });
  expect(found.status).toBe('found');
  const ended = await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'), 60_000);
  expect(ended.alerts.map((a) => [a.step, a.msgType])).toEqual([
    [1, 'Alert'],
    [2, 'Cancel'],
  ]);
  expect(ended.timeline.filter((t) => t.event === 'alerts_cancelled')).toHaveLength(1);
  // Read before the purge (RETENTION_MS after the last delivery), which deletes steps and deliveries.
  const rows = await eventually(
    () => deliveryRows(db, caseId),
    (r) => r.filter((row) => row.step === 2 && row.status === 'delivered').length === 1 + partners.length,
    60_000,
  );
  expect(rows.map((r) => [r.step, r.channel, r.status])).toEqual([1, 2].flatMap((step) => ['feed', ...partners].sort().map((c) => [step, c, 'delivered'])));
  for (const row of rows.filter((r) => r.step === 2 && r.channel !== 'feed')) expect(row.attempts).toBe(1);
  const steps = await ownDb!.pool.query<{ step: number; msg_type: string }>('select step, msg_type from alert_steps where case_id = $1 order by step', [caseId]);
  expect(steps.rows.map((r) => [r.step, r.msg_type])).toEqual([
    [1, 'Alert'],
    [2, 'Cancel'],
  ]);
  const cancelKeys = partners.map((c) => keyOf(caseId, 2, c));
  for (const key of cancelKeys) expect([key, postsFor(key).map((p) => [p.attempt, p.status, p.answered])]).toEqual([key, [[1, 200, true]]]);
  expect(effectsOf(caseId)).toEqual([...step1Keys, ...cancelKeys].sort());
  expect(receiver.posts.filter((p) => p.key.startsWith(`${caseId}:`))).toHaveLength(2 * partners.length + partners.length);

  // The case runs to its end on the restarted database: purged there, nothing left of its deliveries.
  const summary = await handle.result();
  expect([summary.status, summary.alertsSent]).toEqual(['found', 2]);
  expect(summary.timeline.filter((t) => t.event === 'personal_data_purged')).toHaveLength(1);
  expect(await deliveryRows(db, caseId)).toEqual([]);
  caseHandle = null;

  // A graceful stop this time: the helper stops PostgreSQL and exits 0; nothing of it is left.
  expect(await stopPostgresProcess(postgres)).toEqual({ code: 0, signal: null });
  postgres = null;
  await eventually(() => processesOnDataDir(dataDir), (out) => out === '', 30_000);
  expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
});
