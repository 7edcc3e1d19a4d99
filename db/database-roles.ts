/**
 * Two roles per database, so that the processes that serve people cannot rewrite the evidence:
 * - the owner role owns the database, its schemas and every table; only the migrating process
 *   connects as it (DATABASE_MIGRATION_URL);
 * - the application role (DATABASE_URL: the API and the workers) may read and write the tables,
 *   but only select and insert on the append-only ones (audit_log): no update, delete or truncate,
 *   and, not owning them, no ALTER TABLE and no trigger control. Neither role is a superuser or may
 *   run programs or read and write files on the server (COPY ... PROGRAM / FILE).
 *
 * `setUpDatabaseRoles` runs as an administrator before the migrations (the compose stack's one-shot
 * setup job, `npm start`'s and the tests' embedded PostgreSQL); `grantApplicationRole` runs as the
 * owner after them, in the migration's lock (db/client.ts), so every table a migration adds is granted.
 */
import { escapeIdentifier as id, escapeLiteral as literal, type ClientBase } from 'pg';

export interface DatabaseRole {
  name: string;
  password: string;
}

/** Tables the application may only append to and read. */
export const APPEND_ONLY_TABLES = ['audit_log'] as const;

/** Built-in roles that would let a login run programs or touch files on the database server. */
export const SERVER_ACCESS_ROLES = ['pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files'] as const;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Any constant bigint: several set-ups at once (test servers on one cluster) would race on CREATE ROLE. */
const ROLE_SETUP_LOCK_ID = 7_140_208;
const SCHEMAS = ['public', 'drizzle'];

export class DatabaseRoleError extends Error {
  name = 'DatabaseRoleError';
}

async function ensureLoginRole(client: ClientBase, role: DatabaseRole): Promise<void> {
  const exists = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
  if (exists.rowCount === 0) await client.query(`create role ${id(role.name)} login`);
  await client.query(
    `alter role ${id(role.name)} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit password ${literal(role.password)}`,
  );
  for (const builtIn of SERVER_ACCESS_ROLES) {
    const member = await client.query('select pg_has_role($1, $2, $3) as yes', [role.name, builtIn, 'member']);
    if (member.rows[0].yes) await client.query(`revoke ${builtIn} from ${id(role.name)}`);
  }
}

/** Objects created before the roles existed (an older stack, an existing `npm start` folder) pass to the owner. */
async function adoptExistingObjects(client: ClientBase, owner: string): Promise<void> {
  const schemas = await client.query(`select nspname from pg_namespace where nspname = any($1) and pg_get_userbyid(nspowner) <> $2`, [SCHEMAS, owner]);
  for (const { nspname } of schemas.rows) await client.query(`alter schema ${id(nspname)} owner to ${id(owner)}`);
  // Tables, views and free-standing sequences; a column's sequence follows its table.
  const relations = await client.query(
    `select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and pg_get_userbyid(c.relowner) <> $2
        and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i') and d.classid = 'pg_class'::regclass)`,
    [SCHEMAS, owner],
  );
  for (const { name } of relations.rows) await client.query(`alter table ${name} owner to ${id(owner)}`);
  const functions = await client.query(
    `select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = any($1) and pg_get_userbyid(p.proowner) <> $2`,
    [SCHEMAS, owner],
  );
  for (const { name } of functions.rows) await client.query(`alter function ${name} owner to ${id(owner)}`);
}

/**
 * As an administrator connected to the service's database: creates or updates both login roles
 * (their passwords set to the given ones), makes the owner role own the database, its schemas and
 * what they hold, and lets the application role connect. Idempotent.
 */
export async function setUpDatabaseRoles(admin: ClientBase, roles: { owner: DatabaseRole; app: DatabaseRole }): Promise<void> {
  const { owner, app } = roles;
  for (const role of [owner, app]) {
    if (!ROLE_NAME.test(role.name)) throw new DatabaseRoleError(`role name "${role.name}" must be lowercase letters, digits and _`);
    if (role.password.length < 12) throw new DatabaseRoleError(`the password of role ${role.name} must have at least 12 characters`);
  }
  if (owner.name === app.name) throw new DatabaseRoleError(`the owner and the application role must differ (both are ${owner.name})`);
  const { rows } = await admin.query('select current_user as me, current_database() as db');
  const { me, db } = rows[0] as { me: string; db: string };
  if (me === owner.name || me === app.name) throw new DatabaseRoleError(`connect as an administrator, not as ${me}: its own rights would be removed`);
  await admin.query('begin');
  try {
    await admin.query('select pg_advisory_xact_lock($1)', [ROLE_SETUP_LOCK_ID]);
    await ensureLoginRole(admin, owner);
    await ensureLoginRole(admin, app);
    await admin.query(`alter database ${id(db)} owner to ${id(owner.name)}`);
    await admin.query(`grant connect, temporary on database ${id(db)} to ${id(app.name)}`);
    // PostgreSQL 15 and later already refuse CREATE in public to others; older ones do not.
    await admin.query('revoke create on schema public from public');
    await adoptExistingObjects(admin, owner.name);
    await admin.query('commit');
  } catch (err) {
    await admin.query('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * As the owner, inside the migration's transaction or lock: the application role's rights on every
 * table and sequence there is now. Re-run after each migration, so a new table is never left out.
 */
export async function grantApplicationRole(owner: ClientBase, app: string): Promise<void> {
  const role = id(app);
  await owner.query('begin');
  try {
    await owner.query(`grant usage on schema public to ${role}`);
    await owner.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    await owner.query(`revoke truncate, references, trigger on all tables in schema public from ${role}`);
    for (const table of APPEND_ONLY_TABLES) await owner.query(`revoke update, delete on ${id(table)} from ${role}`);
    await owner.query(`grant usage, select on all sequences in schema public to ${role}`);
    // Read-only: a process without DATABASE_MIGRATION_URL checks that the schema is current (db/client.ts).
    await owner.query(`grant usage on schema drizzle to ${role}`);
    await owner.query(`grant select on drizzle.__drizzle_migrations to ${role}`);
    await owner.query('commit');
  } catch (err) {
    await owner.query('rollback').catch(() => undefined);
    throw err;
  }
}

/** What makes a login unfit to serve: each problem a sentence, none when the role is the application role it should be. */
export async function applicationRoleProblems(connection: ClientBase): Promise<string[]> {
  const { rows } = await connection.query(
    `select r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole,
            array(select b from unnest($1::text[]) b where pg_has_role(r.oid, b, 'member')) as server_access,
            array(select t from unnest($2::text[]) t where exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                   where n.nspname = 'public' and c.relname = t and pg_has_role(r.oid, c.relowner, 'member'))) as owned,
            array(select t from unnest($2::text[]) t where to_regclass('public.' || t) is not null
                   and (has_table_privilege(r.oid, 'public.' || t, 'update') or has_table_privilege(r.oid, 'public.' || t, 'delete') or has_table_privilege(r.oid, 'public.' || t, 'truncate'))) as rewritable
       from pg_roles r where r.rolname = current_user`,
    [SERVER_ACCESS_ROLES, APPEND_ONLY_TABLES],
  );
  const r = rows[0] as { rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; server_access: string[]; owned: string[]; rewritable: string[] };
  const problems: string[] = [];
  if (r.rolsuper) problems.push(`${r.rolname} is a superuser`);
  if (r.rolcreaterole || r.rolbypassrls) problems.push(`${r.rolname} may create roles or bypass row security`);
  if (r.server_access.length > 0) problems.push(`${r.rolname} is a member of ${r.server_access.join(', ')}`);
  if (r.owned.length > 0) problems.push(`${r.rolname} owns ${r.owned.join(', ')} (it could alter them or disable their triggers)`);
  if (r.rewritable.length > 0) problems.push(`${r.rolname} may update, delete or truncate ${r.rewritable.join(', ')}`);
  return problems;
}
