/**
 * The floor to compare with: a plain Temporal worker (SDK defaults) on its own task queue, on the
 * same server as the service, running bench/bare-workflow.ts. Its one activity POSTs JSON to the
 * receiver, as a partner delivery does, without signing or records. The worker runs in its own
 * process (bench/bare-process.ts); the bench starts workflows with `bareClient`.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { BareActivities } from './bare-workflow';

export const BARE_TASK_QUEUE = 'bench-bare';

export async function startBareWorker(address: string, namespace: string): Promise<{ stop(): Promise<void> }> {
  const activities: BareActivities = {
    async post(url, benchId) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ benchId }) });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`receiver answered ${res.status}`);
      return res.status;
    },
  };
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: BARE_TASK_QUEUE,
    workflowsPath: require.resolve('./bare-workflow'),
    activities,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}

export const bareWorkflowId = (benchId: string) => `bench-bare-${benchId}`;

export interface BareClient {
  /** A plain client of the server (no payload codec): enough to read any workflow's history. */
  client: Client;
  start(url: string, benchId: string): Promise<void>;
  close(): Promise<void>;
}

export async function bareClient(address: string, namespace: string): Promise<BareClient> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  return {
    client,
    async start(url, benchId) {
      await client.workflow.start('bareWorkflow', { taskQueue: BARE_TASK_QUEUE, workflowId: bareWorkflowId(benchId), args: [url, benchId] });
    },
    close: () => connection.close(),
  };
}
