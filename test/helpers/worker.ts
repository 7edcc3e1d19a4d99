import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { alertSettingsFrom, createActivities, type AlertSettings, type CaseActivities } from '../../activities';
import { loadConfig } from '../../config/env';
import type { Database } from '../../db/client';
import { createCaseWorker } from '../../worker/create-worker';
import { caseStateQuery, type CaseState } from '../../workflows/contract';
import { testCountry, testEnv, testFingerprintKeys, testWorkerDataConverter } from './env';
import { eventually } from './eventually';

export const uniqueTaskQueue = (label: string) => `test-${label}-${randomUUID().slice(0, 8)}`;

export const TEST_PUBLIC_BASE_URL = 'http://localhost:3000';

/** The service defaults (no partner webhook) unless a test names its own. */
export function testAlertSettings(overrides: Partial<AlertSettings> = {}): AlertSettings {
  return { ...alertSettingsFrom(loadConfig({ NODE_ENV: 'test' })), ...overrides };
}

export function realActivities(db: Database, overrides: Partial<CaseActivities> = {}, alerts: Partial<AlertSettings> = {}): CaseActivities {
  const activities = createActivities({ db, country: testCountry, fingerprintKeys: testFingerprintKeys, webhook: null, publicBaseUrl: TEST_PUBLIC_BASE_URL, alerts: testAlertSettings(alerts) });
  return { ...activities, ...overrides };
}

export async function startTestWorker(connection: NativeConnection, taskQueue: string, activities: CaseActivities, namespace = testEnv.namespace) {
  return createCaseWorker({ connection, namespace, taskQueue, activities, workflowBundlePath: testEnv.workflowBundlePath, dataConverter: testWorkerDataConverter() });
}

export interface RunningWorker {
  /** Drains the worker and closes its connection. */
  stop(): Promise<void>;
}

/**
 * A worker of the real workflows on its own connection, running until `stop()`. `plainPayloads`: no
 * codec, as a test that reads histories in clear needs.
 */
export async function runTestWorker(
  taskQueue: string,
  activities: CaseActivities,
  options: { address?: string; namespace?: string; plainPayloads?: boolean } = {},
): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: options.address ?? testEnv.temporalAddress });
  const namespace = options.namespace ?? testEnv.namespace;
  const dataConverter = options.plainPayloads ? undefined : testWorkerDataConverter();
  const worker = await createCaseWorker({ connection, namespace, taskQueue, activities, workflowBundlePath: testEnv.workflowBundlePath, dataConverter });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Polls the live state (queries never advance time) until it satisfies `predicate`. */
export async function waitForState(
  handle: WorkflowHandle,
  predicate: (state: CaseState) => boolean,
  timeoutMs = 20_000,
): Promise<CaseState> {
  let last: CaseState | undefined;
  try {
    return await eventually(
      // The first workflow task may not have run yet: no state to read.
      async () => (last = await handle.query(caseStateQuery).catch(() => last)),
      (state) => state !== undefined && predicate(state),
      timeoutMs,
    ) as CaseState;
  } catch {
    throw new Error(`state not reached in ${timeoutMs} ms; last status ${last?.status}, alerts ${last?.alerts.length}`);
  }
}
