/**
 * The real app on the real servers: a Temporal client and a worker on a task queue of its own, the
 * shared PostgreSQL, and tokens signed with the test secret. Never mocks.
 */
import { Client, Connection } from '@temporalio/client';
import type { Express } from 'express';
import { SignJWT } from 'jose';
import request from 'supertest';
import { createApp } from '../../api/app';
import { startCaseChangeFeed } from '../../api/events/case-change-feed';
import type { Role } from '../../api/auth/principal';
import { loadConfig, type Config } from '../../config/env';
import type { CaseActivities } from '../../activities';
import type { DatabaseHandle } from '../../db/client';
import { caseStateQuery, workflowIdForCase, type CaseReport, type CaseState } from '../../workflows/contract';
import { openTestDatabase, testDataConverter, testEnv } from '../helpers/env';
import { eventually } from '../helpers/eventually';
import { trackInFlightCalls } from '../helpers/grpc-in-flight';
import { makeReport } from '../helpers/fixtures';
import { realActivities, runTestWorker, uniqueTaskQueue, waitForState } from '../helpers/worker';

export const TEST_SECRET = 'api-tests-secret-0123456789-abcdefghijkl';
export const JURISDICTION = 'MA-06';
export const OTHER_JURISDICTION = 'MA-01';

export interface ApiHarness {
  app: Express;
  client: Client;
  database: DatabaseHandle;
  config: Config;
  taskQueue: string;
  /** Errors the app logged (each one a 500 to some caller): tests expect none. */
  loggedErrors: unknown[];
  close(): Promise<void>;
}

export interface ApiHarnessOptions {
  /** false: no worker (tests of what happens without one, or that run their own). */
  worker?: boolean;
  env?: Record<string, string>;
  /** The worker's activities (default: the real ones on the test database, pushing nowhere). */
  activities?: (db: DatabaseHandle['db']) => CaseActivities;
  /** Listen to PostgreSQL's case_changes, so that GET /events streams (off by default: a stream never ends). */
  liveUpdates?: boolean;
}

export async function startApiHarness(label: string, options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const taskQueue = uniqueTaskQueue(label);
  const config = loadConfig({
    ...process.env,
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_JWT_SECRET: TEST_SECRET,
    API_WRITE_RATE_LIMIT: '100000',
    // Scrapes compare /metrics with the database as it is now (test/helpers/metrics.ts); test/api/docs-metrics.test.ts checks the cache.
    METRICS_CACHE_TTL: '1ms',
    ...options.env,
  });
  const calls = trackInFlightCalls();
  const connection = await Connection.connect({ address: testEnv.temporalAddress, interceptors: calls.interceptors });
  const client = new Client({ connection, namespace: testEnv.namespace, dataConverter: testDataConverter() });
  const database = openTestDatabase();
  const loggedErrors: unknown[] = [];
  const changes = options.liveUpdates ? startCaseChangeFeed(testEnv.databaseUrl, () => undefined) : undefined;
  if (changes) await eventually(() => changes.connected(), (up) => up);
  const app = createApp({ config, client, db: database.db, probes: [], logError: (err) => loggedErrors.push(err), changes });
  const activities = options.activities ?? ((db) => realActivities(db));
  const worker = options.worker === false ? null : await runTestWorker(taskQueue, activities(database.db));
  return {
    app,
    client,
    database,
    config,
    taskQueue,
    loggedErrors,
    async close() {
      await changes?.close();
      await worker?.stop();
      // Requests the test (or a browser) walked away from may still be waiting on Temporal.
      await calls.settled();
      await connection.close();
      await database.close();
    },
  };
}

export async function tokenFor(role: Role, jurisdiction = JURISDICTION, sub = `${role}-${jurisdiction}`, secret = TEST_SECRET, expiresIn: string | number = '10m'): Promise<string> {
  return new SignJWT({ role, jurisdiction })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Reports a case through the API and waits until it awaits a prosecutor's decision. */
export async function createCaseAwaitingApproval(h: ApiHarness, report: CaseReport = makeReport()): Promise<{ caseId: string; state: CaseState }> {
  const res = await request(h.app).post('/cases').set(bearer(await tokenFor('intake_officer'))).send(report);
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
  const caseId = res.body.caseId as string;
  const state = await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.status === 'awaiting_approval' && s.approvals.length === 1);
  // The database follows the state by a few milliseconds (the status write and the request's row).
  await eventually(
    async () => (await h.database.pool.query("select 1 from cases c join approval_events e on e.case_id = c.id and e.kind = 'request' where c.id = $1 and c.status = 'awaiting_approval'", [caseId])).rowCount,
    (n) => n === 1,
  );
  return { caseId, state };
}

export const liveState = (h: ApiHarness, caseId: string) => h.client.workflow.getHandle(workflowIdForCase(caseId)).query(caseStateQuery);
