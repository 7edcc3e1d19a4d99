/**
 * One 90-day case at the default policy (config.policy, as the API starts every case) on a time-skipping
 * server of its own, in a process of its own (bench/long-case.ts runs it), so that the days skipped here
 * move no other server's clock. The real worker (activities, bundle, codec) runs in this process on its
 * own task queue; the case is recorded in DATABASE_URL (already migrated) as intake records it.
 * Prints one line `LONG_CASE_RESULT <json>` (bench/long-case.ts LongCaseResult) and exits 0; 1 on failure.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime } from '@temporalio/worker';
import { alertSettingsFrom, createActivities } from '../activities';
import { loadConfig } from '../config/env';
import { caseFactsOf, insertCaseRecords } from '../db/case-intake';
import { openDatabase, prepareSchema } from '../db/client';
import { safeErrorLine } from '../db/safe-error';
import { devPayloadKeys } from '../devtools/dev-payload-keys';
import { startTimeSkippingServer } from '../devtools/time-skipping-server';
import { findOrInstallTool, TEMPORAL_TEST_SERVER } from '../devtools/tools';
import { caseReportSchema } from '../domain/case-schemas';
import { safeRuntimeLogger } from '../service/safe-logger';
import { payloadDataConverter } from '../temporal/temporal-connection';
import { createCaseWorker } from '../worker/create-worker';
import type { caseWorkflow } from '../workflows';
import { approvalDecisionSignal, caseStateQuery, closeSignal, workflowIdForCase, type CaseState } from '../workflows/contract';
import type { LongCaseResult } from './long-case';
import { BENCH_JURISDICTION, benchReport } from './report';

const DAY = 86_400_000;
const CASE_DAYS = 90;
const NAMESPACE = 'default';
const prosecutor = { sub: 'bench-prosecutor', role: 'prosecutor', jurisdiction: BENCH_JURISDICTION };
const log = (line: string) => console.error(`[bench long-case] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The SDK's own factory, private: it has no public one for a time-skipping server started elsewhere. */
type CreateEnvironment = (options: { server: { type: 'existing' }; address: string; namespace: string; supportsTimeSkipping: true; client: { dataConverter: ReturnType<typeof payloadDataConverter> } }) => Promise<TestWorkflowEnvironment>;

/** Queries never move the clock: polling costs no workflow time. */
async function waitForState(handle: WorkflowHandle, what: string, predicate: (s: CaseState) => boolean, timeoutMs = 60_000): Promise<CaseState> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseState | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(caseStateQuery).catch(() => last);
    if (last && predicate(last)) return last;
    await sleep(20);
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms (last status ${last?.status}, ${last?.alerts.length} alert steps)`);
}

/**
 * The partner POSTs of this process, counted where they leave it: the bench's receiver is in another
 * process, and the deliveries' rows go with the purge.
 */
function countPosts(urls: string[]): () => number {
  let posts = 0;
  const real = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (init?.method === 'POST' && urls.some((u) => url.startsWith(u))) posts += 1;
    return real(input, init);
  };
  return () => posts;
}

const cleanups: Array<() => Promise<unknown>> = [];
const cleanUp = async () => {
  // A drain that cannot finish (its server already gone) must not leave the process behind.
  setTimeout(() => process.exit(1), 30_000).unref();
  for (const fn of cleanups.splice(0)) await fn().catch((err: unknown) => log(`shutdown: ${safeErrorLine(err)}`));
};

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: safeRuntimeLogger('WARN'), shutdownSignals: [] });
  if (!config.payloadKeys) config.payloadKeys = devPayloadKeys(config.DATA_DIR);
  const partnerPosts = countPosts(config.ALERT_WEBHOOKS.map((w) => w.url));
  const serverPath = findOrInstallTool(TEMPORAL_TEST_SERVER, process.env, log);
  if (!serverPath) throw new Error('the time-skipping test server could not be found or installed (TEMPORAL_TEST_SERVER)');
  const server = await startTimeSkippingServer(serverPath);
  cleanups.unshift(() => server.stop());
  const create = (TestWorkflowEnvironment as unknown as { create: CreateEnvironment }).create.bind(TestWorkflowEnvironment);
  // The API's converter for the client (sealed payloads); the worker's refuses unsealed ones, as the service's.
  const env = await create({ server: { type: 'existing' }, address: server.address, namespace: NAMESPACE, supportsTimeSkipping: true, client: { dataConverter: payloadDataConverter(config) } });
  cleanups.unshift(() => env.teardown());
  const database = openDatabase(config.DATABASE_URL!, config.DB_POOL_MAX);
  cleanups.unshift(() => database.close());
  await prepareSchema(database, config.DATABASE_MIGRATION_URL);

  const taskQueue = `bench-long-case-${randomUUID().slice(0, 8)}`;
  const webhook = config.NOTIFY_WEBHOOK_URL ? { url: config.NOTIFY_WEBHOOK_URL, secret: config.NOTIFY_WEBHOOK_SECRET!, timeoutMs: config.NOTIFY_TIMEOUT } : null;
  // As service/service.ts builds its worker, less the purge sweeper's Schedule (one case here, retention in its own workflow).
  const worker = await createCaseWorker({
    connection: env.nativeConnection,
    namespace: NAMESPACE,
    taskQueue,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH || undefined,
    tuning: { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS, maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES },
    dataConverter: payloadDataConverter(config, { refuseUnsealed: true }),
    activities: createActivities({ db: database.db, country: config.country, fingerprintKeys: config.fingerprintKeys, publicBaseUrl: config.publicBaseUrl, webhook, alerts: alertSettingsFrom(config) }),
  });
  const running = worker.run();
  cleanups.unshift(async () => (worker.getState() === 'RUNNING' && worker.shutdown(), await running));

  const began = performance.now();
  const caseId = randomUUID();
  const report = caseReportSchema.parse(benchReport());
  const receivedAt = new Date();
  await database.db.transaction((tx) => insertCaseRecords(tx, { caseId, report, receivedAt, recordedBy: { sub: 'bench-intake', role: 'intake_officer' }, fingerprintKey: config.fingerprintKeys[0] }));
  const args: Parameters<typeof caseWorkflow> = [{ caseId, policy: config.policy, facts: caseFactsOf(report, receivedAt) }];
  const handle = await env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', { workflowId: workflowIdForCase(caseId), taskQueue, args });
  await waitForState(handle, 'awaiting approval', (s) => s.status === 'awaiting_approval');

  const approved = performance.now();
  const approvedAt = await env.currentTimeMs();
  // The signal, as the time-skipping tests approve (the API's Update lands the same decision).
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await waitForState(handle, 'the first alert', (s) => s.status === 'alerting' && s.alerts.length >= 1);
  // One sleep to day 90 counted from the approval: the server skips from timer to timer, in real time only while a task runs.
  await env.sleep(approvedAt + CASE_DAYS * DAY - (await env.currentTimeMs()));
  const day90 = performance.now();
  const skippedMs = (await env.currentTimeMs()) - approvedAt;
  if (skippedMs < CASE_DAYS * DAY) throw new Error(`the server's clock moved ${(skippedMs / DAY).toFixed(2)} days of ${CASE_DAYS}: it did not skip (held?)`);
  const atDay90 = await handle.query(caseStateQuery);
  const postsAtDay90 = partnerPosts();

  await handle.signal(closeSignal, { reason: 'withdrawn', closedBy: prosecutor });
  const closed = performance.now();
  // Awaiting the result unlocks the clock: the retention period passes, the purge runs, the case returns.
  const summary = await handle.result();
  const ended = performance.now();
  const lastRun = await env.client.workflow.getHandle(handle.workflowId).fetchHistory();
  const result: LongCaseResult = {
    days: CASE_DAYS,
    wallMs90d: Math.round(day90 - approved),
    wallMsTotal: Math.round(ended - began),
    wallMsCloseToResult: Math.round(ended - closed),
    runs: atDay90.runs,
    alertSteps: atDay90.alerts.length,
    alertsSent: summary.alertsSent,
    historyLength: lastRun.events?.length ?? 0,
    partnerChannels: config.ALERT_WEBHOOKS.length,
    partnerPostsAtDay90: postsAtDay90,
    partnerPosts: partnerPosts(),
    purged: summary.timeline.some((t) => t.event === 'personal_data_purged'),
    status: summary.status,
  };
  console.log(`LONG_CASE_RESULT ${JSON.stringify(result)}`);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(1)));
main().then(
  () => cleanUp().then(() => process.exit(0)),
  async (err: unknown) => {
    log(`failed: ${safeErrorLine(err)}`);
    await cleanUp();
    process.exit(1);
  },
);
