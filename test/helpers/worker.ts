import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { createActivities, type CaseActivities } from '../../activities';
import type { Database } from '../../db/client';
import { createCaseWorker } from '../../worker/create-worker';
import { caseStateQuery, type CaseState } from '../../workflows/contract';
import { testCountry, testEnv } from './env';

export const uniqueTaskQueue = (label: string) => `test-${label}-${randomUUID().slice(0, 8)}`;

export function realActivities(db: Database, overrides: Partial<CaseActivities> = {}): CaseActivities {
  const activities = createActivities({ db, country: testCountry, webhook: null, publicBaseUrl: 'http://localhost:3000' });
  return { ...activities, ...overrides };
}

export async function startTestWorker(connection: NativeConnection, taskQueue: string, activities: CaseActivities, namespace = testEnv.namespace) {
  return createCaseWorker({ connection, namespace, taskQueue, activities, workflowBundlePath: testEnv.workflowBundlePath });
}

/** Polls the live state (queries never advance time) until it satisfies `predicate`. */
export async function waitForState(
  handle: WorkflowHandle,
  predicate: (state: CaseState) => boolean,
  timeoutMs = 20_000,
): Promise<CaseState> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseState | undefined;
  for (;;) {
    try {
      last = await handle.query(caseStateQuery);
      if (predicate(last)) return last;
    } catch {
      // The first workflow task may not have run yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`state not reached in ${timeoutMs} ms; last status ${last?.status}, alerts ${last?.alerts.length}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
