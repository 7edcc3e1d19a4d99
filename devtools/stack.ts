/**
 * Brings up what the service needs and is not given: a Temporal dev server unless TEMPORAL_ADDRESS is
 * set, an embedded PostgreSQL unless DATABASE_URL is set. Used by `npm start` (persistent, under
 * DATA_DIR) and by `npm test` (throw-away, on free ports). Stops only what it started, and a failed
 * start-up stops everything it had started before it rejects, with one line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/env';
import { prepareEmbeddedPostgres } from './embedded-postgres';
import { freePort } from './free-port';
import { resolveDataDir } from './paths';
import type { PostgresSource } from './postgres-binaries';
import { startDevServer } from './temporal-dev-server';
import { findOrInstallTool, TEMPORAL_CLI } from './tools';

export interface Stack {
  temporalAddress: string;
  temporalUiUrl: string | null;
  databaseUrl: string;
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
      const server = await startDevServer({
        cli,
        port: options.persistent ? config.TEMPORAL_DEV_PORT : await freePort(),
        uiPort: options.persistent ? config.TEMPORAL_UI_PORT : null,
        namespace: config.TEMPORAL_NAMESPACE,
        dbFile: options.persistent ? path.join(dataDir, 'temporal.db') : undefined,
        logFile: path.join(scratch, 'temporal.log'),
        uiCodecEndpoint: options.persistent ? `${config.publicBaseUrl}${options.devCodec ? '/codec/dev' : '/codec'}` : undefined,
      });
      onStop(server.stop);
      started.push(`Temporal dev server at ${server.address}`);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }

    let databaseUrl = config.DATABASE_URL;
    if (postgres) {
      const pg = await postgres.start({ port: options.persistent ? config.EMBEDDED_PG_PORT : await freePort(), persistent: options.persistent });
      onStop(pg.stop);
      started.push(`embedded PostgreSQL at ${new URL(pg.url).host}`);
      databaseUrl = pg.url;
    }
    return { temporalAddress, temporalUiUrl, databaseUrl: databaseUrl!, started, stop };
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
