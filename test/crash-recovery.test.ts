/**
 * Crashes of real processes in the middle of a case, with partner receivers watching every effect:
 * - the worker process SIGKILLed three times during one case (waiting for approval, with the first
 *   alert's deliveries held open at the partners, between two widenings): every step reaches every
 *   channel once, and the Cancel reaches all of them;
 * - the Temporal dev server SIGKILLed in the middle of the widenings and restarted on the same SQLite
 *   file: the case carries on, no step is lost or recorded twice, and no partner applies one twice.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../devtools/free-port';
import { startDevServer, type DevServerHandle } from '../devtools/temporal-dev-server';
import { findOrInstallTool, TEMPORAL_CLI } from '../devtools/tools';
import { caseStateQuery, decideApprovalUpdate, reportFoundUpdate, type CaseState } from '../workflows/contract';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { startRecordedCase } from './helpers/cases';
import { openTestDatabase, testDataConverter, testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { officer, prosecutor } from './helpers/fixtures';
import { alive, startServiceProcess, type ServiceProcess } from './helpers/processes';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';
import { uniqueTaskQueue } from './helpers/worker';

jest.setTimeout(240_000);

const { names, secrets } = partnerChannels(['social', 'sms'] as const);
const partners = [names.social, names.sms].sort();
const database = openTestDatabase();
let receiver: WebhookReceiver;
const workers: ServiceProcess[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
});
afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await receiver?.close();
  await database.close();
});

function startWorker(address: string, taskQueue: string): ServiceProcess {
  const worker = startServiceProcess('worker/main.ts', {
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: address,
    DATABASE_URL: testEnv.databaseUrl,
    WORKFLOW_BUNDLE_PATH: testEnv.workflowBundlePath,
    TEMPORAL_TASK_QUEUE: taskQueue,
    ALERT_WEBHOOKS: JSON.stringify(webhooksFor(receiver, secrets)),
    // The worker's own schedule would race the other files' workers for the same id: not needed here.
    PURGE_SWEEP_INTERVAL: '24h',
  });
  workers.push(worker);
  return worker;
}

async function crash(worker: ServiceProcess): Promise<void> {
  worker.child.kill('SIGKILL');
  expect(await worker.exited).toEqual({ code: null, signal: 'SIGKILL' });
}

const state = (client: Client, workflowId: string) => client.workflow.getHandle(workflowId).query(caseStateQuery);

async function stateWhen(client: Client, workflowId: string, done: (s: CaseState) => boolean, timeoutMs = 90_000): Promise<CaseState> {
  // Queries fail while no worker (or no server) answers: keep asking.
  return eventually(() => state(client, workflowId).catch(() => null), (s): boolean => s !== null && done(s), timeoutMs) as Promise<CaseState>;
}

/** Per (step, channel): how many times a partner applied it (its Idempotency-Key dedups retries). */
function effectsFor(caseId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of receiver.effects.filter((x) => x.key.startsWith(`${caseId}:`))) counts[e.key] = (counts[e.key] ?? 0) + 1;
  return counts;
}
const keysFor = (caseId: string, steps: number[]) =>
  Object.fromEntries(steps.flatMap((step) => partners.map((channel) => [`${caseId}:${step}:${channel}`, 1])));

test('the worker killed three times during one case: every step reaches every channel once, and the Cancel reaches all', async () => {
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  const client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter() });
  const taskQueue = uniqueTaskQueue('crash-thrice');
  try {
    let worker = startWorker(testEnv.temporalAddress, taskQueue);
    await worker.waitFor('polling task queue');
    // Widenings 15 s apart: longer than a lost attempt's heartbeat timeout, so no step is superseded.
    const { caseId, handle } = await startRecordedCase(client, database.db, {
      taskQueue,
      policy: { alertChannels: partners, expansionIntervalMs: 15_000, expansionRadiiKm: [10, 40], rebroadcastIntervalMs: 3_600_000 },
    });
    await stateWhen(client, handle.workflowId, (s) => s.status === 'awaiting_approval');

    // 1: while the case waits for its prosecutor.
    await crash(worker);
    worker = startWorker(testEnv.temporalAddress, taskQueue);
    await worker.waitFor('polling task queue');
    receiver.hold();
    const approved = await handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', commandId: randomUUID(), decidedBy: prosecutor }] });
    expect(approved.status).toBe('alerting');

    // 2: both partner POSTs of the first alert applied at the partners, their answers not yet sent.
    await eventually(() => receiver.held(), (n) => n === 2);
    await crash(worker);
    receiver.release();
    worker = startWorker(testEnv.temporalAddress, taskQueue);
    await worker.waitFor('polling task queue');

    // 3: between the two widenings, once step 2 is delivered everywhere.
    await eventually(() => deliveryRows(database.db, caseId), (rows) => rows.filter((r) => r.step === 2 && r.status === 'delivered').length === 3, 90_000);
    await crash(worker);
    worker = startWorker(testEnv.temporalAddress, taskQueue);
    await worker.waitFor('polling task queue');

    await stateWhen(client, handle.workflowId, (s) => s.tier?.kind === 'national');
    const found = await handle.executeUpdate(reportFoundUpdate, { args: [{ commandId: randomUUID(), reportedBy: officer }] });
    expect(found.status).toBe('found');
    const ended = await stateWhen(client, handle.workflowId, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
    expect(ended.alerts.map((a) => [a.step, a.msgType])).toEqual([[1, 'Alert'], [2, 'Update'], [3, 'Update'], [4, 'Cancel']]);

    const rows = await eventually(() => deliveryRows(database.db, caseId), (r) => r.length === 12 && r.every((row) => row.status === 'delivered'), 60_000);
    expect(rows.map((r) => [r.step, r.channel, r.status])).toEqual([1, 2, 3, 4].flatMap((step) => ['feed', ...partners].sort().map((c) => [step, c, 'delivered'])));
    expect(effectsFor(caseId)).toEqual(keysFor(caseId, [1, 2, 3, 4]));
    await crash(worker);
  } finally {
    await connection.close();
  }
});

test('the Temporal dev server SIGKILLed during the widenings and restarted on its file: the case carries on, nothing lost or applied twice', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-server-crash-'));
  const cli = findOrInstallTool(TEMPORAL_CLI)!;
  const port = await freePort();
  const dbFile = path.join(dir, 'temporal.db');
  const start = () => startDevServer({ cli, port, uiPort: null, namespace: 'default', dbFile, logFile: path.join(dir, 'temporal.log') });
  let server: DevServerHandle = await start();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
  const taskQueue = uniqueTaskQueue('server-crash');
  let worker = startWorker(server.address, taskQueue);
  try {
    await worker.waitFor('polling task queue');
    const { caseId, handle } = await startRecordedCase(client, database.db, {
      taskQueue,
      policy: { alertChannels: partners, expansionIntervalMs: 4_000, expansionRadiiKm: [10, 40, 160], rebroadcastIntervalMs: 3_600_000 },
    });
    await stateWhen(client, handle.workflowId, (s) => s.status === 'awaiting_approval');
    await handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', commandId: randomUUID(), decidedBy: prosecutor }] });
    await eventually(() => deliveryRows(database.db, caseId), (rows) => rows.some((r) => r.step === 2 && r.channel === 'feed'), 60_000);

    // The server process itself, found by its database file: no graceful anything.
    const pid = Number(execFileSync('pgrep', ['-f', `db-filename ${dbFile}`], { encoding: 'utf8' }).trim().split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await eventually(() => alive(pid), (running) => !running);
    server = await start();
    // The worker rides out the outage; if it gave up, a new one takes over (the case must carry on either way).
    if (worker.child.exitCode !== null) worker = startWorker(server.address, taskQueue);

    await stateWhen(client, handle.workflowId, (s) => s.tier?.kind === 'national');
    const found = await handle.executeUpdate(reportFoundUpdate, { args: [{ commandId: randomUUID(), reportedBy: officer }] });
    expect(found.status).toBe('found');
    const ended = await stateWhen(client, handle.workflowId, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
    // Every step recorded once, in order; the Cancel last.
    expect(ended.alerts.map((a) => [a.step, a.kind])).toEqual([[1, 'alert'], [2, 'widen'], [3, 'widen'], [4, 'widen'], [5, 'cancel']]);
    const steps = await database.pool.query<{ step: number }>('select step from alert_steps where case_id = $1 order by step', [caseId]);
    expect(steps.rows.map((r) => r.step)).toEqual([1, 2, 3, 4, 5]);

    // Each partner: every step applied at most once (a step caught by the outage may be superseded by
    // the next one, as the delivery rules say), and the Cancel applied exactly once.
    const rows = await eventually(() => deliveryRows(database.db, caseId), (r) => r.filter((row) => row.step === 5 && row.status === 'delivered').length === 3, 90_000);
    for (const row of rows) expect([row.step, row.channel, ['delivered', 'superseded'].includes(row.status)]).toEqual([row.step, row.channel, true]);
    expect(rows.filter((r) => r.channel === 'feed').map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
    const effects = effectsFor(caseId);
    expect(Object.values(effects).every((n) => n === 1)).toBe(true);
    for (const channel of partners) expect(effects[`${caseId}:5:${channel}`]).toBe(1);
    const delivered = rows.filter((r) => r.channel !== 'feed' && r.status === 'delivered').map((r) => `${caseId}:${r.step}:${r.channel}`).sort();
    expect(Object.keys(effects).sort()).toEqual(delivered);
  } finally {
    worker.child.kill('SIGKILL');
    await worker.exited;
    await connection.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
