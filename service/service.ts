/**
 * Wires one process of the service: database (migrated), Temporal client, worker and HTTP API, each
 * optional so the same code runs `npm start` (both roles) or a single role. `stop()` drains in order:
 * stop accepting requests, let the worker finish in-flight tasks, then close connections.
 */
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { alertSettingsFrom, createActivities } from '../activities';
import { createApp } from '../api/app';
import { startCaseChangeFeed, type CaseChangeFeed } from '../api/events/case-change-feed';
import { watchDependencies } from '../api/health/dependency-watch';
import { serviceProbes } from '../api/health/router';
import { listen, type RunningServer } from '../api/server';
import { formatDuration } from '../config/duration';
import type { Config } from '../config/env';
import { openDatabase, prepareSchema, type DatabaseHandle } from '../db/client';
import { applicationRoleProblems } from '../db/database-roles';
import { createCaseWorker } from '../worker/create-worker';
import { ensurePurgeSweepSchedule, PURGE_SWEEP_SCHEDULE_ID } from '../temporal/purge-sweep-schedule';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { connectClient, connectWorker, payloadDataConverter, temporalAccess } from '../temporal/temporal-connection';

export interface ServiceOptions {
  temporalAddress: string;
  /** The application role's URL: the pools of the API and the worker. */
  databaseUrl: string;
  /** The owner role's URL: given, this process applies the migrations (db/client.ts prepareSchema). */
  migrationUrl?: string;
  api: boolean;
  worker: boolean;
  /** The API signs with the development secret `npm start` generated: the console's development sign-in. */
  devSignIn?: boolean;
  log?: (line: string) => void;
  /**
   * The dependencies whose outages are logged, one line down and one back (api/health/dependency-watch.ts);
   * default both. `npm start` leaves out the servers it started and supervises.
   */
  watch?: Array<'temporal' | 'postgresql'>;
}

export interface RunningService {
  apiUrl: string | null;
  worker: Worker | null;
  /** Resolves when the worker stops on its own (a fatal error); never while it runs. */
  workerDone: Promise<void>;
  stop(): Promise<void>;
}

export async function startService(config: Config, options: ServiceOptions): Promise<RunningService> {
  const log = options.log ?? console.log;
  // First: a TLS file missing or a partial mTLS set stops start-up before anything is touched.
  const access = temporalAccess(config, options.temporalAddress);
  const database = openDatabase(options.databaseUrl, config.DB_POOL_MAX);
  await prepareSchema(database, options.migrationUrl);
  await checkApplicationRole(database, config, log);
  const { connection, client } = await connectClient(access);
  await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);

  let worker: Worker | null = null;
  let workerConnection: NativeConnection | null = null;
  let workerDone: Promise<void> = new Promise(() => undefined);
  if (options.worker) {
    workerConnection = await connectWorker(access);
    worker = await createCaseWorker({
      connection: workerConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH || undefined,
      // Per replica; README "Scaling workers" explains how they add up across replicas.
      tuning: {
        maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
        maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      },
      // The worker refuses commands that reached Temporal past the API (unsealed payloads).
      dataConverter: payloadDataConverter(config, { refuseUnsealed: true }),
      activities: createActivities({
        db: database.db,
        country: config.country,
        fingerprintKeys: config.fingerprintKeys,
        publicBaseUrl: config.publicBaseUrl,
        webhook: config.NOTIFY_WEBHOOK_URL
          ? { url: config.NOTIFY_WEBHOOK_URL, secret: config.NOTIFY_WEBHOOK_SECRET!, timeoutMs: config.NOTIFY_TIMEOUT }
          : null,
        alerts: alertSettingsFrom(config),
        sweep: { client, retentionAfterCloseMs: config.RETENTION_AFTER_CLOSE },
      }),
    });
    // Before run(): nothing awaits between run() and the caller's handler on workerDone.
    await ensureSweeper(client, config, log);
    workerDone = worker.run();
  }

  let server: RunningServer | null = null;
  let changes: CaseChangeFeed | null = null;
  if (options.api) {
    changes = startCaseChangeFeed(options.databaseUrl, log);
    const app = createApp({
      config,
      client,
      db: database.db,
      probes: serviceProbes(connection, database.pool),
      devSignIn: options.devSignIn,
      changes,
    });
    server = await listen(app, config.PORT, config.HOST);
  }

  const watched = options.watch ?? ['temporal', 'postgresql'];
  const watch = watchDependencies(serviceProbes(connection, database.pool).filter((p) => watched.includes(p.name)), log);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      watch.stop();
      if (server) {
        log('API: no longer accepting requests; finishing in-flight ones');
        // Live-update streams never finish on their own: end them first, or close() would wait its grace time.
        await changes?.close();
        await server.close();
      }
      if (worker) {
        log('worker: draining in-flight tasks');
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await workerDone.catch(() => undefined);
        await workerConnection?.close();
      }
      await connection.close();
      await database.close();
    })());

  return { apiUrl: server?.url ?? null, worker, workerDone, stop };
}

/**
 * The API and the worker must not be able to rewrite the audit trail or reach the server's files:
 * production refuses a DATABASE_URL whose role could (db/database-roles.ts); elsewhere it is said.
 */
async function checkApplicationRole(database: DatabaseHandle, config: Config, log: (line: string) => void): Promise<void> {
  const client = await database.pool.connect();
  const problems = await applicationRoleProblems(client).finally(() => client.release());
  if (problems.length === 0) return;
  const message = `DATABASE_URL: connect as the application role, not as one that ${problems.length === 1 ? 'has this problem' : 'has these problems'}: ${problems.join('; ')}`;
  if (config.NODE_ENV === 'production') {
    await database.close();
    throw new Error(message);
  }
  log(`warning: ${message}`);
}

/**
 * Every worker ensures the purge sweeper's Schedule (temporal/purge-sweep-schedule.ts). A failure is logged,
 * not fatal: the cases must keep running without it, and the next worker start tries again.
 */
async function ensureSweeper(client: Client, config: Config, log: (line: string) => void): Promise<void> {
  try {
    const outcome = await ensurePurgeSweepSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, intervalMs: config.PURGE_SWEEP_INTERVAL });
    log(`schedule ${PURGE_SWEEP_SCHEDULE_ID}: ${outcome} (every ${formatDuration(config.PURGE_SWEEP_INTERVAL)})`);
  } catch (err) {
    log(`schedule ${PURGE_SWEEP_SCHEDULE_ID}: could not be ensured, personal data of abandoned cases is not swept: ${(err as Error).message}`);
  }
}
