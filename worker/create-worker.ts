import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { CaseActivities } from '../activities';
import { scrubDatabaseErrors } from './database-error-scrubber';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: CaseActivities;
  /** Must match the clients' converter: payloads are encrypted end to end. */
  dataConverter?: DataConverter;
  /** A pre-built bundle (tests, containers) skips the ~3 s webpack build at start. */
  workflowBundlePath?: string;
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions'>;
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    dataConverter: options.dataConverter,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    // A database error's message (drizzle's carries the query's parameters) reaches neither the logs nor the history's failures.
    interceptors: { activity: [scrubDatabaseErrors] },
    // In-flight activities get this long to finish when the worker drains on shutdown.
    shutdownGraceTime: '10s',
    ...options.tuning,
  });
}
