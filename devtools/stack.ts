/**
 * Brings up what the service needs and is not given: a Temporal dev server unless TEMPORAL_ADDRESS is
 * set, an embedded PostgreSQL unless DATABASE_URL is set. Used by `npm start` (persistent, under
 * DATA_DIR) and by `npm test` (throw-away, on free ports). Stops only what it started, and a failed
 * start-up stops everything it had started before it rejects, with one line.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Config } from '../config/env';
import { setUpDatabaseRoles } from '../db/database-roles';
import { prepareEmbeddedPostgres } from './embedded-postgres';
import { freePort } from './free-port';
import { resolveDataDir } from './paths';
import type { PostgresSource } from './postgres-binaries';
import { supervise, type SupervisedServer } from './supervisor';
import { startDevServer } from './temporal-dev-server';
import { findOrInstallTool, TEMPORAL_CLI } from './tools';

export interface Stack {
  temporalAddress: string;
  temporalUiUrl: string | null;
  /** The application role's (DATABASE_URL of the API and the worker). */
  databaseUrl: string;
  /** The owner role's: the migrating process's DATABASE_MIGRATION_URL. */
  migrationUrl: string | undefined;
  /** A superuser's, for the tests that inspect or tamper on purpose; the service never gets it. */
  adminDatabaseUrl: string;
  started: string[];
  stop(): Promise<void>;
}

export interface StackOptions {
  /** true: data under DATA_DIR survives restarts, UI on; false: temp dirs, free ports, headless. */
  persistent: boolean;
  log?: (line: string) => void;
  /**
   * The API runs the development sign-in (npm start with its generated secret): the Web UI, which
   * signs no one in, decodes through the API's development codec path (`/codec/dev`, api/codec/router.ts);
   * otherwise through `/codec`, which wants the user's token.
   */
  devCodec?: boolean;
  /** Where the PostgreSQL library and binaries come from (default: this project's node_modules). */
  postgres?: PostgresSource;
  /**
   * A given DATABASE_URL is an administrator's, on which the owner and application roles are set up
   * as on the embedded server (the tests); otherwise it is used as it is, with DATABASE_MIGRATION_URL.
   */
  rolesOnGivenDatabase?: boolean;
  /**
   * `npm start`: a server started here that exits by itself is started again, on the same data and
   * ports (devtools/supervisor.ts); when that keeps failing, `onGiveUp` gets the message to show.
   */
  supervise?: { onGiveUp(message: string): void };
}

export async function startStack(config: Config, options: StackOptions): Promise<Stack> {
  const log = options.log ?? console.log;
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  let failed = false;
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((err) => log(`shutdown: ${(err as Error).message}`));
    stops.length = 0;
  };
  // A step still under way when start-up failed (see below) stops what it started as soon as it has it.
  const onStop = (fn: () => Promise<void>) => (failed ? void fn().catch(() => undefined) : void stops.push(fn));
  // Supervised, the stop on the way down is the supervisor's: it also ends a restart under way.
  const keep = (server: SupervisedServer, name: string, lookAt: string, again: () => Promise<SupervisedServer>) => {
    if (!options.supervise) return onStop(server.stop);
    const supervisor = supervise(server, { name, lookAt, start: again, log, onGiveUp: options.supervise.onGiveUp, firstDelayMs: config.DEV_SERVER_RESTART_DELAY });
    onStop(supervisor.stop);
  };
  const dataDir = resolveDataDir(config.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const scratch = options.persistent ? dataDir : fs.mkdtempSync(path.join(os.tmpdir(), 'mca-'));
  // PostgreSQL runs as its own OS user when we are root: it must be able to enter the folder.
  fs.chmodSync(scratch, 0o755);
  if (!options.persistent) stops.push(async () => fs.rmSync(scratch, { recursive: true, force: true }));

  const startAll = async (): Promise<Stack> => {
    // Checked before anything starts: a PostgreSQL that cannot run says so without a server to undo.
    const postgres = config.DATABASE_URL
      ? null
      : await prepareEmbeddedPostgres({
          dataDir: path.join(scratch, 'postgres'),
          source: options.postgres,
          hint: options.persistent
            ? 'set DATA_DIR to a folder it can enter (e.g. under /var/tmp), or DATABASE_URL to a running PostgreSQL'
            : 'set TMPDIR to a folder it can enter, or DATABASE_URL to a running PostgreSQL',
        });

    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      const cli = findOrInstallTool(TEMPORAL_CLI, process.env, log);
      const devServer = {
        cli,
        port: options.persistent ? config.TEMPORAL_DEV_PORT : await freePort(),
        uiPort: options.persistent ? config.TEMPORAL_UI_PORT : null,
        namespace: config.TEMPORAL_NAMESPACE,
        dbFile: options.persistent ? path.join(dataDir, 'temporal.db') : undefined,
        logFile: path.join(scratch, 'temporal.log'),
        uiCodecEndpoint: options.persistent ? `${config.publicBaseUrl}${options.devCodec ? '/codec/dev' : '/codec'}` : undefined,
      };
      const server = await startDevServer(devServer);
      const files = `its log ${devServer.logFile}${devServer.dbFile ? ` and its database ${devServer.dbFile}` : ''}`;
      keep(server, 'Temporal dev server', files, () => startDevServer(devServer));
      started.push(`Temporal dev server at ${server.address}`);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }

    let adminDatabaseUrl = config.DATABASE_URL!;
    if (postgres) {
      const pgOptions = {
        port: options.persistent ? config.EMBEDDED_PG_PORT : await freePort(),
        persistent: options.persistent,
        logFile: options.persistent ? path.join(dataDir, 'postgres.log') : undefined,
      };
      const pg = await postgres.start(pgOptions);
      const files = `${pgOptions.logFile ? `its log ${pgOptions.logFile} and ` : ''}its data directory ${path.join(scratch, 'postgres')}`;
      keep(pg, 'embedded PostgreSQL', files, () => postgres.start(pgOptions));
      started.push(`embedded PostgreSQL at ${new URL(pg.url).host}`);
      adminDatabaseUrl = pg.url;
    }
    const database =
      postgres || options.rolesOnGivenDatabase
        ? await withServiceRoles(adminDatabaseUrl)
        : { databaseUrl: adminDatabaseUrl, migrationUrl: config.DATABASE_MIGRATION_URL };
    return { temporalAddress, temporalUiUrl, ...database, adminDatabaseUrl, started, stop };
  };

  const crash = failOnUncaught();
  try {
    return await Promise.race([startAll(), crash.failed]);
  } catch (err) {
    failed = true;
    await stop();
    throw new Error(reasonOf(err));
  } finally {
    crash.release();
  }
}

/**
 * The owner and application roles (db/database-roles.ts) on a server we administer, with new
 * passwords at every start: nothing keeps them, each process started from here is given its URL.
 */
async function withServiceRoles(adminUrl: string): Promise<{ databaseUrl: string; migrationUrl: string }> {
  const roles = { owner: { name: 'mca_owner', password: randomBytes(18).toString('hex') }, app: { name: 'mca_app', password: randomBytes(18).toString('hex') } };
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await setUpDatabaseRoles(admin, roles);
  } finally {
    await admin.end();
  }
  const as = (role: { name: string; password: string }) => {
    const url = new URL(adminUrl);
    url.username = role.name;
    url.password = role.password;
    return url.toString();
  };
  return { databaseUrl: as(roles.app), migrationUrl: as(roles.owner) };
}

/**
 * While the stack starts, an error thrown from a callback fails the start-up instead of killing the
 * process with the dev server left running: embedded-postgres leaves a child's 'error' event (a
 * failed spawn, e.g. EACCES) without a listener.
 */
function failOnUncaught(): { failed: Promise<never>; release(): void } {
  let release = () => undefined as void;
  const failed = new Promise<never>((_, reject) => {
    process.on('uncaughtException', reject);
    release = () => void process.off('uncaughtException', reject);
  });
  failed.catch(() => undefined);
  return { failed, release };
}

/** The failure as people read it: a bare spawn EACCES says which file, not why. */
function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  const message = e instanceof Error ? e.message : String(err);
  if (e?.code === 'EACCES' && e.syscall?.startsWith('spawn')) {
    return `${message}: the user it runs as cannot reach that program (check the modes of the folders above it)`;
  }
  return message;
}
