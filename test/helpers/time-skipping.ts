import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AlertSettings, CaseActivities } from '../../activities';
import type { DatabaseHandle } from '../../db/client';
import { caseWorkflow } from '../../workflows';
import { startTimeSkippingServer } from '../../devtools/time-skipping-server';
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
  /** Ends what the file left open; call it while the file's worker still polls (see afterAll below). */
  free(): Promise<void>;
  /** Closes the connections and hands the server to the next file. */
  end(): Promise<void>;
}

/** A time-skipping client of the server at `address` (the SDK has no public factory for one started elsewhere). */
function connect(address: string): Promise<TestWorkflowEnvironment> {
  const create = (TestWorkflowEnvironment as unknown as { create: CreateEnvironment }).create.bind(TestWorkflowEnvironment);
  return create({ server: { type: 'existing' }, address, namespace: NAMESPACE, supportsTimeSkipping: true, client: { dataConverter: testDataConverter() } });
}

/**
 * A connection to the run's one time-skipping server (the official Java test server, started with our
 * search attributes by scripts/test-servers.ts), for one test file at a time: this waits for the file's
 * turn (test/helpers/time-skipping-turn.ts says why) and starts it with no workflow open.
 *
 * The server can be left with its clock held: an activity that was running when its workflow closed
 * may keep its hold after the close (the test server's leak, not the file's; seen in some full runs).
 * A file that finds the clock held starts a server of its own, as every file did before, and says so.
 */
export async function createTimeSkippingEnv(address = testEnv.timeSkippingAddress): Promise<TimeSkippingEnv> {
  const turn = await takeTimeSkippingTurn();
  const shared = await connect(address).catch(async (err: unknown) => {
    await turn.release();
    throw err;
  });
  let skips: boolean;
  try {
    // A file before this one that crashed may have left work behind.
    await closeOpenWorkflows(shared.connection, NAMESPACE);
    skips = await clockSkips(shared, HELD_PROBE_MS);
  } catch (err) {
    await shared.teardown();
    await turn.release();
    throw err;
  }
  const free = async (env: TestWorkflowEnvironment) => void (await closeOpenWorkflows(env.connection, NAMESPACE));
  if (skips) {
    return {
      env: shared,
      free: () => free(shared),
      end: () => shared.teardown().finally(() => turn.release()),
    };
  }
  console.warn(HELD_WARNING);
  await shared.teardown();
  await turn.release();
  const own = await startTimeSkippingServer(testEnv.testServerPath);
  const env = await connect(own.address);
  return { env, free: () => free(env), end: () => env.teardown().finally(() => own.stop()) };
}

export const HELD_WARNING = "the run's time-skipping server has its clock held (the server's leak, see test/helpers/time-skipping.ts): this file starts its own";
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
