import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AlertSettings, CaseActivities } from '../../activities';
import type { DatabaseHandle } from '../../db/client';
import { ensureSearchAttributes } from '../../temporal/search-attributes';
import { caseWorkflow } from '../../workflows';
import { workflowIdForCase, type CasePolicy, type CaseReport } from '../../workflows/contract';
import { openTestDatabase, testDataConverter, testEnv } from './env';
import { recordCase } from './cases';
import { realActivities, startTestWorker, uniqueTaskQueue } from './worker';

/**
 * The official Java time-skipping server, installed by `npm test`, with our search attributes: one per
 * test file. Its clock is global to the server and skips whenever any client waits, so two files sharing
 * one (jest runs files side by side) would fire each other's timers; Temporal's own guidance is one
 * environment per test file or serial tests. It starts in about 150 ms. (Tried: one server for the run,
 * files taking turns under a PostgreSQL advisory lock, their workflows terminated at the end: one run
 * in three, every file after the first hung with its clock no longer skipping.)
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv.testServerPath } },
    client: { dataConverter: testDataConverter() },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export interface CaseTestContext {
  env: TestWorkflowEnvironment;
  database: DatabaseHandle;
  taskQueue: string;
  startCase(options?: { report?: CaseReport; policy?: Partial<CasePolicy> }): Promise<{ caseId: string; handle: WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow> }>;
}

/**
 * Per test file: one time-skipping server, one real database connection, one worker running the
 * real activities (optionally wrapped, e.g. to hold an activity open while a signal arrives).
 */
export function useCaseTestContext(
  label: string,
  wrap: (real: CaseActivities) => Partial<CaseActivities> = () => ({}),
  /** Read in beforeAll, so it may name a receiver started by an earlier hook. */
  alerts: () => Partial<AlertSettings> = () => ({}),
): CaseTestContext {
  const context = { taskQueue: uniqueTaskQueue(label) } as CaseTestContext;
  let worker: Worker;
  let running: Promise<void>;
  beforeAll(async () => {
    context.env = await createTimeSkippingEnv();
    context.database = openTestDatabase();
    const real = realActivities(context.database.db, {}, alerts());
    worker = await startTestWorker(context.env.nativeConnection, context.taskQueue, { ...real, ...wrap(real) }, context.env.namespace ?? 'default');
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await context.database?.close();
    await context.env?.teardown();
  });
  context.startCase = async (options = {}) => {
    const { caseId, args } = await recordCase(context.database.db, options);
    const handle = await context.env.client.workflow.start(caseWorkflow, { workflowId: workflowIdForCase(caseId), taskQueue: context.taskQueue, args });
    return { caseId, handle };
  };
  return context;
}

export const HISTORIES_DIR = path.join(__dirname, '..', 'histories');

/** `RECORD_HISTORIES=1 npm test` refreshes the recorded histories that the replay test guards. */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
