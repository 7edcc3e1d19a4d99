import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import path from 'node:path';
import { Pool } from 'pg';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  pool: Pool;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(__dirname, 'migrations');

export function openDatabase(url: string, poolMax = 10): DatabaseHandle {
  const pool = new Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}

/** Any constant bigint, the same in every process of this service: it names the migration lock. */
const MIGRATION_LOCK_ID = 7_140_207;

/**
 * Replicas starting together (an API and workers on a fresh database) would each run the same
 * CREATE TABLEs and all but one would fail: a session advisory lock lets one migrate at a time, and
 * the others then find nothing left to apply. Needs a session connection (not a transaction pooler).
 */
export async function applyMigrations({ pool }: Pick<DatabaseHandle, 'pool'>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    // Closing the session would release the lock too; unlocking keeps the pooled connection reusable.
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release();
  }
}
