/**
 * A time-skipping server (the official Java test server) with our search attributes: the run's one,
 * started beside the dev server by scripts/test-servers.ts (npm test, or jest's global setup), and a
 * file's own when it finds that one's clock held. Its clock is global to the server, so the files
 * that share it take turns (test/helpers/time-skipping-turn.ts).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSearchAttributes } from '../temporal/search-attributes';

export interface TimeSkippingServer {
  address: string;
  stop(): Promise<void>;
}

export async function startTimeSkippingServer(executablePath: string): Promise<TimeSkippingServer> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: executablePath } } });
  try {
    await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return { address: env.address, stop: () => env.teardown() };
}
