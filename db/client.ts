import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { grantApplicationRole } from './database-roles';
import * as schema from './schema';
import { hasPostgresCode } from './safe-error';

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
export async function applyMigrations({ pool }: Pick<DatabaseHandle, 'pool'>, options: { grantTo?: string } = {}): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    // In the same lock: concurrent GRANTs on one table fail ("tuple concurrently updated").
    if (options.grantTo) await grantApplicationRole(client, options.grantTo);
  } finally {
    // Closing the session would release the lock too; unlocking keeps the pooled connection reusable.
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release();
  }
}

/** True when the newest migration this code knows is applied (by any role; the database may be newer). */
export async function migrationsCurrent({ pool }: Pick<DatabaseHandle, 'pool'>): Promise<boolean> {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ when: number }> };
  const newest = Math.max(...journal.entries.map((entry) => entry.when));
  try {
    const { rows } = await pool.query('select coalesce(max(created_at), 0)::text as applied from drizzle.__drizzle_migrations');
    return Number(rows[0].applied) >= newest;
  } catch {
    // No migration table yet, or one this role may not read: not known to be current.
    return false;
  }
}

/**
 * Before a process serves: the migrations, applied as the owner role when the process is given
 * DATABASE_MIGRATION_URL, the application role (the one `app` connects as) then granted its rights.
 * Without it, nothing may be pending, unless `app` itself may migrate (one role for both, as a
 * developer's own PostgreSQL may have it).
 */
export async function prepareSchema(app: DatabaseHandle, migrationUrl: string | undefined): Promise<void> {
  if (migrationUrl) {
    const { rows } = await app.pool.query('select current_user as role');
    const owner = openDatabase(migrationUrl, 1);
    try {
      const { rows: own } = await owner.pool.query('select current_user as role');
      await applyMigrations(owner, { grantTo: rows[0].role === own[0].role ? undefined : rows[0].role });
    } finally {
      await owner.close();
    }
    return;
  }
  if (await migrationsCurrent(app)) return;
  try {
    await applyMigrations(app);
  } catch (err) {
    if (hasPostgresCode(err, '42501')) {
      throw new Error('migrations are pending and the role of DATABASE_URL may not apply them: give the migrating process DATABASE_MIGRATION_URL (the owner role)');
    }
    throw err;
  }
}
