/**
 * Replicas that start together on a fresh database (the compose stack's API and worker do) all
 * apply the migrations: one at a time, so none fails and each is applied once.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { applyMigrations, openDatabase } from '../db/client';
import journal from '../db/migrations/meta/_journal.json';
import { testEnv } from './helpers/env';

const name = `mca_migrate_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
let admin: Pool;

beforeAll(async () => {
  admin = new Pool({ connectionString: testEnv.databaseUrl, max: 1 });
  await admin.query(`create database ${name}`);
});

afterAll(async () => {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

test('three processes migrating one fresh database at once: all succeed, each migration applied once', async () => {
  const url = new URL(testEnv.databaseUrl);
  url.pathname = `/${name}`;
  const replicas = [1, 2, 3].map(() => openDatabase(url.toString(), 2));
  try {
    await Promise.all(replicas.map((r) => applyMigrations(r)));
    const applied = await replicas[0].pool.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0].n).toBe(journal.entries.length);
    const tables = await replicas[0].pool.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('cases', 'audit_log')`);
    expect(tables.rows[0].n).toBe(2);
  } finally {
    await Promise.all(replicas.map((r) => r.close()));
  }
});
