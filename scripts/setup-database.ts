/**
 * The compose stack's one-shot database job, before the API and the workers start: as the
 * administrator (DATABASE_ADMIN_URL) it creates or updates the owner role (DATABASE_MIGRATION_URL's
 * user and password) and the application role (DATABASE_URL's), then applies the migrations as the
 * owner and grants the application role its rights (db/database-roles.ts). Idempotent: it runs on
 * every `up`, which is also how an upgrade migrates. Exits 0 when done, 1 naming what is wrong.
 */
import { config as loadDotenv } from 'dotenv';
import { Client } from 'pg';
import { ConfigError, loadConfig } from '../config/env';
import { openDatabase, prepareSchema } from '../db/client';
import { setUpDatabaseRoles, type DatabaseRole } from '../db/database-roles';

const log = (line: string) => console.log(`[setup-database] ${line}`);

function roleOf(variable: string, url: string): DatabaseRole {
  const parsed = new URL(url);
  const role = { name: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  if (!role.name || !role.password) throw new ConfigError([`${variable}: must carry the role's user name and password`]);
  return role;
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  const missing = (['DATABASE_ADMIN_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_URL'] as const).filter((name) => !config[name]);
  if (missing.length > 0) throw new ConfigError(missing.map((name) => `${name}: is required to set up the database`));
  const owner = roleOf('DATABASE_MIGRATION_URL', config.DATABASE_MIGRATION_URL!);
  const app = roleOf('DATABASE_URL', config.DATABASE_URL!);
  const admin = new Client({ connectionString: config.DATABASE_ADMIN_URL });
  await admin.connect();
  try {
    await setUpDatabaseRoles(admin, { owner, app });
  } finally {
    await admin.end();
  }
  log(`roles ${owner.name} (owner) and ${app.name} (application) are set up`);
  const database = openDatabase(config.DATABASE_URL!, 1);
  try {
    await prepareSchema(database, config.DATABASE_MIGRATION_URL);
  } finally {
    await database.close();
  }
  log('migrations applied; the application role is granted its rights');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `[setup-database] failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
