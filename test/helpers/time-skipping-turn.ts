/**
 * The run has one time-skipping server (scripts/test-servers.ts) and its clock is global: a file that
 * waits on a result skips time for every workflow on it. So the files that use it take turns, one at a
 * time across jest's workers, under a PostgreSQL advisory lock held on a connection of its own for the
 * whole file (a crashed worker's connection closes and frees it). Each turn begins and ends with no
 * workflow open, closed while the file's worker still polls: the server does not skip while a task it
 * scheduled waits, so a task left on a queue nobody polls any more would hold the clock for good.
 */
import { Client as PgClient } from 'pg';
import type { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { msToTs } from '@temporalio/common/lib/time';
import { testEnv } from './env';

/** Any fixed key; only these turns use it. */
const TURN_LOCK_KEY = 0x7473_6b69;

export interface TimeSkippingTurn {
  release(): Promise<void>;
}

export async function takeTimeSkippingTurn(): Promise<TimeSkippingTurn> {
  const client = new PgClient({ connectionString: testEnv.databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TURN_LOCK_KEY]);
  } catch (err) {
    await client.end();
    throw err;
  }
  return {
    async release() {
      await client.query('SELECT pg_advisory_unlock($1)', [TURN_LOCK_KEY]).finally(() => client.end());
    },
  };
}

/**
 * Ends every open workflow on the server (children and continued runs included): cancelled first, so
 * that their activities are cancelled through the server's own bookkeeping (a terminated workflow's
 * activity waiting on a retry keeps its hold on the clock), then terminated if still open after
 * `graceMs`. Returns how many there were.
 */
export async function closeOpenWorkflows(connection: Connection, namespace: string, graceMs = 10_000): Promise<number> {
  const svc = connection.workflowService;
  const open = async () => (await svc.listOpenWorkflowExecutions({ namespace, maximumPageSize: 1000 })).executions ?? [];
  const ignoreClosed = (err: { code?: number }) => {
    // NOT_FOUND: it closed meanwhile by its own hand.
    if (err.code !== 5) throw err;
  };
  const first = await open();
  for (const { execution } of first) {
    await svc.requestCancelWorkflowExecution({ namespace, workflowExecution: execution, reason: 'end of a time-skipping test file' }).catch(ignoreClosed);
  }
  const deadline = Date.now() + graceMs;
  let left = await open();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await open();
  }
  for (let round = 0; left.length > 0; round += 1) {
    if (round === 10) throw new Error('workflows were still open on the time-skipping server after ten rounds of terminating them');
    for (const { execution } of left) {
      await svc.terminateWorkflowExecution({ namespace, workflowExecution: execution, reason: 'end of a time-skipping test file' }).catch(ignoreClosed);
    }
    left = await open();
  }
  return first.length;
}

/**
 * Whether the server's clock skips: a probe sleeps ten minutes of server time, which takes a few
 * milliseconds unless something on the server still holds the clock. The probe's own unlock and lock
 * balance whatever the outcome (the server re-locks when its sleep ends, whoever is still listening).
 */
export async function clockSkips(env: TestWorkflowEnvironment, withinMs: number): Promise<boolean> {
  // A call with a deadline, not env.sleep raced against a timer: a sleep left pending would be retried
  // by the client after its connection closed, and throw where no test can catch it.
  const deadline = Date.now() + withinMs;
  try {
    await env.connection.withDeadline(deadline, () => env.connection.testService!.unlockTimeSkippingWithSleep({ duration: msToTs(10 * 60_000) }));
    return true;
  } catch (err) {
    const { code, cause } = err as { code?: number; cause?: { code?: number } };
    // The deadline ends the call as DEADLINE_EXCEEDED, or, when it passes while the client retries, as
    // CANCELLED; a cancellation before the deadline is something else and is thrown.
    const status = code ?? cause?.code;
    if (status === 4 /* DEADLINE_EXCEEDED */ || (status === 1 /* CANCELLED */ && Date.now() >= deadline)) return false;
    throw err;
  }
}
