/**
 * Replicas that start together on a fresh database (several processes given DATABASE_MIGRATION_URL)
 * all apply the migrations as the owner role: one at a time, so none fails and each is applied once,
 * and the application role is granted its rights in the same lock (concurrent GRANTs would collide).
 */
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { applyMigrations, openDatabase } from '../db/client';
import { setUpDatabaseRoles } from '../db/database-roles';
import journal from '../db/migrations/meta/_journal.json';
import { testEnv } from './helpers/env';

const name = `mca_migrate_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
let admin: Pool;

/** The same URL on the fresh database. */
const onFresh = (base: string) => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};
const roleOf = (base: string) => {
  const url = new URL(base);
  return { name: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
};

beforeAll(async () => {
  admin = new Pool({ connectionString: testEnv.adminDatabaseUrl, max: 1 });
  await admin.query(`create database ${name}`);
  // The test run's own roles (same names and passwords), made the owner and user of this database too.
  const setup = new Client({ connectionString: onFresh(testEnv.adminDatabaseUrl) });
  await setup.connect();
  await setUpDatabaseRoles(setup, { owner: roleOf(testEnv.migrationUrl), app: roleOf(testEnv.databaseUrl) }).finally(() => setup.end());
});

afterAll(async () => {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

test('three processes migrating one fresh database at once as the owner: all succeed, each migration applied once, the application role granted', async () => {
  const replicas = [1, 2, 3].map(() => openDatabase(onFresh(testEnv.migrationUrl), 2));
  const app = openDatabase(onFresh(testEnv.databaseUrl), 1);
  try {
    await Promise.all(replicas.map((r) => applyMigrations(r, { grantTo: roleOf(testEnv.databaseUrl).name })));
    const applied = await replicas[0].pool.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0].n).toBe(journal.entries.length);
    const tables = await replicas[0].pool.query(`select count(*)::int as n, count(*) filter (where tableowner = current_user)::int as owned from pg_tables where schemaname = 'public' and tablename in ('cases', 'audit_log')`);
    expect(tables.rows[0]).toEqual({ n: 2, owned: 2 });
    expect((await app.pool.query('select count(*)::int as n from cases')).rows[0].n).toBe(0);
    await expect(app.pool.query('delete from audit_log')).rejects.toMatchObject({ code: '42501', message: 'permission denied for table audit_log' });
  } finally {
    await Promise.all([...replicas, app].map((r) => r.close()));
  }
});
