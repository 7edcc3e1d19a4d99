import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AlertSettings, CaseActivities } from '../../activities';
import type { DatabaseHandle } from '../../db/client';
import { caseWorkflow } from '../../workflows';
import { ensureSearchAttributes } from '../../temporal/search-attributes';
import { workflowIdForCase, type CasePolicy, type CaseReport } from '../../workflows/contract';
import { openTestDatabase, testDataConverter, testEnv } from './env';
import { recordCase } from './cases';
import { clockSkips, closeOpenWorkflows, takeTimeSkippingTurn } from './time-skipping-turn';
import { realActivities, startTestWorker, uniqueTaskQueue } from './worker';

/** What the SDK's own factory takes; it has no public one for a time-skipping server started elsewhere. */
type CreateEnvironment = (options: {
  server: { type: 'existing' };
  address: string;
  namespace: string;
  supportsTimeSkipping: true;
  client: { dataConverter: ReturnType<typeof testDataConverter> };
}) => Promise<TestWorkflowEnvironment>;

export interface TimeSkippingEnv {
  env: TestWorkflowEnvironment;
  /** Terminates what the file left open and waits until the clock skips again; call it before the file's workers stop. */
  free(): Promise<void>;
  /** Frees the server again (whatever started since), closes the connections and hands the server to the next file. */
  end(): Promise<void>;
}

/**
 * A connection to the run's one time-skipping server (the official Java test server, started with our
 * search attributes by scripts/test-servers.ts), for one test file at a time: this waits for the file's
 * turn (test/helpers/time-skipping-turn.ts says why) and starts it with no workflow open.
 *
 * The server can be left with its clock held: about one run in four, an activity that was running when
 * its workflow closed keeps its hold after the close (a leak of the test server's, not of the file).
 * A file that finds the clock held then starts a server of its own, as every file did before, and says so.
 */
export async function createTimeSkippingEnv(): Promise<TimeSkippingEnv> {
  const turn = await takeTimeSkippingTurn();
  let shared: TestWorkflowEnvironment | undefined;
  try {
    const create = (TestWorkflowEnvironment as unknown as { create: CreateEnvironment }).create.bind(TestWorkflowEnvironment);
    shared = await create({
      server: { type: 'existing' },
      address: testEnv.timeSkippingAddress,
      namespace: NAMESPACE,
      supportsTimeSkipping: true,
      client: { dataConverter: testDataConverter() },
    });
    // A file before this one that crashed may have left work behind.
    await closeOpenWorkflows(shared.connection, NAMESPACE);
    if (await clockSkips(shared, HELD_PROBE_MS)) {
      const env = shared;
      const free = async () => void (await closeOpenWorkflows(env.connection, NAMESPACE));
      return {
        env,
        free,
        async end() {
          try {
            await free();
          } finally {
            await env.teardown();
            await turn.release();
          }
        },
      };
    }
    console.warn("the run's time-skipping server has its clock held (the server's leak, see test/helpers/time-skipping.ts): this file starts its own");
  } catch (err) {
    await shared?.teardown();
    await turn.release();
    throw err;
  }
  await shared.teardown();
  await turn.release();
  const own = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv.testServerPath } },
    client: { dataConverter: testDataConverter() },
  });
  await ensureSearchAttributes(own.connection, NAMESPACE);
  return { env: own, free: async () => undefined, end: () => own.teardown() };
}

/** A held clock shows at once: a free one skips the probe's ten minutes in a few milliseconds. */
const HELD_PROBE_MS = 2_000;
/** Long enough for every other file's turn ahead of this one. */
const TURN_TIMEOUT_MS = 10 * 60_000;
/** A turn's end gives its cases ten seconds to end cancelled, then terminates them. */
const END_TIMEOUT_MS = 60_000;
const NAMESPACE = 'default';

export interface CaseTestContext {
  env: TestWorkflowEnvironment;
  database: DatabaseHandle;
  taskQueue: string;
  startCase(options?: { report?: CaseReport; policy?: Partial<CasePolicy> }): Promise<{ caseId: string; handle: WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow> }>;
}

/**
 * Per test file: its turn on the time-skipping server, one real database connection, one worker running the
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
  let timeSkipping: TimeSkippingEnv | undefined;
  beforeAll(async () => {
    timeSkipping = await createTimeSkippingEnv();
    context.env = timeSkipping.env;
    context.database = openTestDatabase();
    const real = realActivities(context.database.db, {}, alerts());
    worker = await startTestWorker(context.env.nativeConnection, context.taskQueue, { ...real, ...wrap(real) }, NAMESPACE);
    running = worker.run();
  }, TURN_TIMEOUT_MS);
  afterAll(async () => {
    // While the worker still polls: the server does not skip while a task it scheduled waits, so a task
    // of a terminated case on a queue nobody polls any more would hold the clock for every later file.
    await timeSkipping?.free();
    worker?.shutdown();
    await running;
    await context.database?.close();
    await timeSkipping?.end();
  }, END_TIMEOUT_MS);
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
