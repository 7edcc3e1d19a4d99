/**
 * The deployment shape on the suite's real servers: the API (`api/main.ts`) and the worker
 * (`worker/main.ts`) as separate processes. A case goes through intake and approval to the local
 * alert; the worker gets SIGTERM while the widening's partner deliveries are in flight, finishes
 * them (drain) and exits 0; a second worker process carries the case to national coverage, found
 * and cancellation. Every delivery takes effect once, with one attempt; nothing is left running.
 */
import { eventually } from './helpers/eventually';
import { freePort, isPortOpen } from '../devtools/free-port';
import { bearer, TEST_SECRET, tokenFor } from './api/harness';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { Client, Connection } from '@temporalio/client';
import { caseStateQuery, workflowIdForCase } from '../workflows/contract';
import { openTestDatabase, testDataConverter, testEnv } from './helpers/env';
import { makeReport } from './helpers/fixtures';
import { descendants, startServiceProcess, stillRunning, type ServiceProcess } from './helpers/processes';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';
import { uniqueTaskQueue } from './helpers/worker';
import type { DatabaseHandle } from '../db/client';

jest.setTimeout(180_000);

const { names, secrets } = partnerChannels(['social', 'sms'] as const);
const partners = [names.social, names.sms].sort();
const started: ServiceProcess[] = [];
let port: number;
let receiver: WebhookReceiver;
let database: DatabaseHandle;

beforeAll(async () => {
  [port, receiver] = await Promise.all([freePort(), startWebhookReceiver(secrets)]);
  database = openTestDatabase();
});

afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await receiver?.close();
  await database?.close();
});

function roleEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    DATABASE_URL: testEnv.databaseUrl,
    WORKFLOW_BUNDLE_PATH: testEnv.workflowBundlePath,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('roles'),
    HOST: '127.0.0.1',
    PORT: String(port),
    AUTH_JWT_SECRET: TEST_SECRET,
    API_WRITE_RATE_LIMIT: '1000',
    EXPANSION_INTERVAL: '4s',
    EXPANSION_RADII_KM: '10,40',
    REBROADCAST_INTERVAL: '1h',
    ALERT_WEBHOOKS: JSON.stringify(webhooksFor(receiver, secrets)),
    WORKER_MAX_CACHED_WORKFLOWS: '50',
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '16',
  };
}

function start(entry: 'api/main.ts' | 'worker/main.ts', env: NodeJS.ProcessEnv): ServiceProcess {
  const p = startServiceProcess(entry, env);
  started.push(p);
  return p;
}

const api = async (path: string, token: string, body?: unknown) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

test('API and worker as separate processes: SIGTERM drains the worker mid-case, a second worker finishes the case', async () => {
  const env = roleEnv();
  const apiProcess = start('api/main.ts', env);
  // At debug level the SDK logs its state changes: the test waits for DRAINING instead of a fixed time.
  const firstWorker = start('worker/main.ts', { ...env, LOG_LEVEL: 'debug' });
  await apiProcess.waitFor(`[api] listening on http://127.0.0.1:${port}`);
  await firstWorker.waitFor('[worker] polling task queue');
  // The tuning variables reach the SDK (as it reports them back).
  expect(firstWorker.output()).toContain('cache 50 workflows, 8 workflow tasks, 16 activities at a time');
  const tree = [...descendants(apiProcess.child.pid!), ...descendants(firstWorker.child.pid!)];

  const [intake, prosecutor, officer] = await Promise.all([tokenFor('intake_officer'), tokenFor('prosecutor'), tokenFor('officer')]);
  const created = await api('/cases', intake, makeReport());
  expect([created.status, created.body.status]).toEqual([201, 'validating']);
  const caseId = created.body.caseId as string;
  await eventually(() => api(`/cases/${caseId}`, prosecutor), (r) => r.body.status === 'awaiting_approval');

  const approved = await api(`/cases/${caseId}/approval`, prosecutor, { decision: 'approve' });
  expect([approved.status, approved.body.status]).toEqual([200, 'alerting']);
  // The local alert is out on every channel; hold the partners' answers to the widening that follows.
  await eventually(() => deliveryRows(database.db, caseId), (rows) => rows.length === 3 && rows.every((r) => r.status === 'delivered'));
  receiver.hold();
  await eventually(() => receiver.held(), (held) => held === 2);

  // SIGTERM with both widening POSTs in flight: the worker stops polling but lets them finish.
  firstWorker.child.kill('SIGTERM');
  await firstWorker.waitFor('[worker] draining');
  // DRAINING: polling has stopped and the worker waits for its in-flight activities, here both held POSTs.
  await firstWorker.waitFor("state: 'DRAINING'");
  expect(firstWorker.child.exitCode).toBeNull();
  expect(receiver.held()).toBe(2);
  receiver.release();
  expect(await firstWorker.exited).toEqual({ code: 0, signal: null });
  expect(firstWorker.output()).toContain('[worker] stopped');
  const step2 = receiver.posts.filter((p) => p.key.startsWith(`${caseId}:2:`));
  expect(step2.map((p) => [p.channel, p.attempt, p.answered, p.aborted]).sort()).toEqual(partners.map((c) => [c, 1, true, false]));

  const secondWorker = start('worker/main.ts', env);
  await secondWorker.waitFor('[worker] polling task queue');
  tree.push(...descendants(secondWorker.child.pid!));
  await eventually(() => api(`/cases/${caseId}/alerts`, officer), (r) => r.body.items?.length === 3, 60_000);
  const found = await api(`/cases/${caseId}/found`, officer, { condition: 'unharmed' });
  expect([found.status, found.body.accepted, found.body.status]).toEqual([200, 'found', 'found']);
  const ended = await eventually(() => api(`/cases/${caseId}`, officer), (r) => r.body.source === 'database', 60_000);
  expect([ended.body.status, ended.body.record.outcome]).toEqual(['found', 'found']);
  // The case ends in the database when found arrives; its Cancel goes out right after.
  await eventually(() => deliveryRows(database.db, caseId), (r) => r.length === 12 && r.every((row) => row.status === 'delivered'), 60_000);

  const alerts = (await api(`/cases/${caseId}/alerts`, officer)).body.items as Array<Record<string, any>>;
  expect(alerts.map((a) => [a.step, a.kind, a.msgType, a.tierIndex, a.radiusKm, a.cancelledAt !== null])).toEqual([
    [1, 'alert', 'Alert', 0, 10, true],
    [2, 'widen', 'Update', 1, 40, true],
    [3, 'widen', 'Update', 2, null, true],
    [4, 'cancel', 'Cancel', 2, null, false],
  ]);
  // One attempt each: the drained worker's deliveries were completed, not retried by the next one.
  const rows = await deliveryRows(database.db, caseId);
  expect(rows.map((r) => [r.step, r.channel, r.status, r.attempts])).toEqual(
    [1, 2, 3, 4].flatMap((step) => ['feed', ...partners].sort().map((channel) => [step, channel, 'delivered', 1])),
  );
  const effects = receiver.effects.filter((e) => e.key.startsWith(`${caseId}:`)).map((e) => e.key);
  expect(effects).toHaveLength(8);
  expect(new Set(effects).size).toBe(8);

  for (const p of [apiProcess, secondWorker]) p.child.kill('SIGTERM');
  expect(await apiProcess.exited).toEqual({ code: 0, signal: null });
  expect(await secondWorker.exited).toEqual({ code: 0, signal: null });
  expect(apiProcess.output()).toContain('[api] stopped');
  expect(await stillRunning(tree)).toEqual([]);
  expect(await isPortOpen(port)).toBe(false);
});

test('the API process killed while its found command is in flight: the command takes effect with exactly one audit entry', async () => {
  const env = roleEnv();
  const apiProcess = start('api/main.ts', env);
  const worker = start('worker/main.ts', env);
  await apiProcess.waitFor(`[api] listening on http://127.0.0.1:${port}`);
  await worker.waitFor('[worker] polling task queue');
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  const client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter() });
  try {
    const [intake, prosecutor, officer] = await Promise.all([tokenFor('intake_officer'), tokenFor('prosecutor'), tokenFor('officer')]);
    const created = await api('/cases', intake, makeReport());
    const caseId = created.body.caseId as string;
    await eventually(() => api(`/cases/${caseId}`, prosecutor), (r) => r.body.status === 'awaiting_approval');
    expect((await api(`/cases/${caseId}/approval`, prosecutor, { decision: 'approve' })).status).toBe(200);

    // Sent, and the API killed as soon as the workflow has applied it: nothing the API would do after
    // its Temporal call returns can run.
    void api(`/cases/${caseId}/found`, officer, { condition: 'unharmed' }).catch(() => undefined);
    const handle = client.workflow.getHandle(workflowIdForCase(caseId));
    await eventually(() => handle.query(caseStateQuery).then((s) => s.status), (s) => s === 'found');
    apiProcess.child.kill('SIGKILL');
    expect(await apiProcess.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const audit = () =>
      database.pool.query<{ outcome: string; command: boolean }>(
        "select outcome, command_id is not null as command from audit_log where case_id = $1 and action = 'found.report'",
        [caseId],
      );
    expect((await eventually(audit, (r) => r.rows.length > 0)).rows).toEqual([{ outcome: 'accepted', command: true }]);
    await eventually(() => deliveryRows(database.db, caseId), (rows) => rows.filter((r) => r.step === 2 && r.status === 'delivered').length === 3, 60_000);
    expect((await audit()).rows).toEqual([{ outcome: 'accepted', command: true }]);
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
    await connection.close();
  }
});
