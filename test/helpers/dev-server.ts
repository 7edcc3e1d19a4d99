import { Client, Connection } from '@temporalio/client';
import type { CaseActivities } from '../../activities';
import type { DatabaseHandle } from '../../db/client';
import { ensureSearchAttributes } from '../../temporal/search-attributes';
import { openTestDatabase, testDataConverter } from './env';
import { realActivities, runTestWorker, uniqueTaskQueue, type RunningWorker } from './worker';

export interface DevServerContext {
  connection: Connection;
  /** Encrypts payloads like every process of the service. */
  client: Client;
  database: DatabaseHandle;
  taskQueue: string;
}

/**
 * Per test file, on a real dev server: a client, one worker with the real activities on its own task
 * queue, and a database connection; all closed after the file. `activities` replaces the real ones
 * when a test needs deps they lack (the purge sweep's Temporal client).
 */
export function useDevServerContext(
  label: string,
  address: () => string,
  namespace = 'default',
  activities: (context: DevServerContext) => CaseActivities = (context) => realActivities(context.database.db),
): DevServerContext {
  const context = { taskQueue: uniqueTaskQueue(label) } as DevServerContext;
  let worker: RunningWorker | undefined;
  beforeAll(async () => {
    context.connection = await Connection.connect({ address: address() });
    await ensureSearchAttributes(context.connection, namespace);
    context.client = new Client({ connection: context.connection, namespace, dataConverter: testDataConverter() });
    context.database = openTestDatabase();
    worker = await runTestWorker(context.taskQueue, activities(context), { address: address(), namespace });
  });
  afterAll(async () => {
    await worker?.stop();
    await context.connection?.close();
    await context.database?.close();
  });
  return context;
}
