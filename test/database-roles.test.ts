/**
 * The API and the worker connect as the application role (db/database-roles.ts), as in every stack
 * (`npm start`, the tests, compose): it cannot rewrite or erase the audit trail, switch off its
 * triggers, or reach programs and files on the server, while the service's own work goes on: an
 * intake through the API and a case approved to alerting, with the worker on the same role.
 */
import { Client } from 'pg';
import request from 'supertest';
import { applicationRoleProblems, SERVER_ACCESS_ROLES } from '../db/database-roles';
import { bearer, createCaseAwaitingApproval, startApiHarness, tokenFor, type ApiHarness } from './api/harness';
import { eventually } from './helpers/eventually';
import { testEnv } from './helpers/env';

const roleName = (url: string) => decodeURIComponent(new URL(url).username);
let app: Client;
let h: ApiHarness;

beforeAll(async () => {
  app = new Client({ connectionString: testEnv.databaseUrl });
  await app.connect();
  h = await startApiHarness('database-roles');
});

afterAll(async () => {
  await app?.end();
  await h?.close();
});

const denied = (sql: string) => app.query(sql).then(
  () => 'allowed',
  (err: { code?: string; message: string }) => `${err.code}: ${err.message}`,
);

test('as the application role, the audit log cannot be altered, emptied or rewritten, nor a program or file reached', async () => {
  expect(await denied('alter table audit_log disable trigger audit_log_append_only')).toBe('42501: must be owner of table audit_log');
  expect(await denied('alter table audit_log disable trigger all')).toBe('42501: must be owner of table audit_log');
  expect(await denied('delete from audit_log')).toBe('42501: permission denied for table audit_log');
  expect(await denied("update audit_log set outcome = 'forged'")).toBe('42501: permission denied for table audit_log');
  expect(await denied('truncate audit_log')).toBe('42501: permission denied for table audit_log');
  expect(await denied('drop table audit_log')).toBe('42501: must be owner of table audit_log');
  expect(await denied("copy audit_log from program 'true'")).toMatch(/^42501: .*COPY to or from an external program/);
  expect(await denied("copy (select 1) to '/tmp/mca-role-test'")).toMatch(/^42501: .*COPY to a file/);
  expect(await denied("select pg_read_file('/etc/hostname')")).toBe('42501: permission denied for function pg_read_file');
  expect(await denied('create table mca_intruder (id int)')).toBe('42501: permission denied for schema public');

  const { rows } = await app.query(
    `select current_user as me, r.rolsuper, r.rolcreaterole, r.rolcreatedb, array(select b from unnest($1::text[]) b where pg_has_role(current_user, b, 'member')) as server_access,
            (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_log') as audit_owner
       from pg_roles r where r.rolname = current_user`,
    [SERVER_ACCESS_ROLES],
  );
  expect(rows[0]).toEqual({ me: roleName(testEnv.databaseUrl), rolsuper: false, rolcreaterole: false, rolcreatedb: false, server_access: [], audit_owner: roleName(testEnv.migrationUrl) });
  expect(rows[0].me).not.toBe(rows[0].audit_owner);
  expect(await applicationRoleProblems(app)).toEqual([]);
});

test('the start-up check names what makes the owner or a superuser unfit to serve', async () => {
  for (const [url, expected] of [
    [
      testEnv.migrationUrl,
      [`${roleName(testEnv.migrationUrl)} owns audit_log (it could alter them or disable their triggers)`, `${roleName(testEnv.migrationUrl)} may update, delete or truncate audit_log`],
    ],
    [testEnv.adminDatabaseUrl, expect.arrayContaining([`${roleName(testEnv.adminDatabaseUrl)} is a superuser`])],
  ] as const) {
    const other = new Client({ connectionString: url });
    await other.connect();
    try {
      expect(await applicationRoleProblems(other)).toEqual(expected);
    } finally {
      await other.end();
    }
  }
});

test('the service works as the application role: intake through the API, approval, alerting, audit entries appended', async () => {
  expect((await h.database.pool.query('select current_user as me')).rows[0].me).toBe(roleName(testEnv.databaseUrl));
  const { caseId } = await createCaseAwaitingApproval(h);
  const approved = await request(h.app).post(`/cases/${caseId}/approval`).set(bearer(await tokenFor('prosecutor'))).send({ decision: 'approve' });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ caseId, status: 'alerting' });
  const alerts = await eventually(async () => (await request(h.app).get(`/cases/${caseId}/alerts`).set(bearer(await tokenFor('officer')))).body, (b) => b.items?.length === 1);
  expect(alerts.items[0]).toMatchObject({ step: 1, kind: 'alert', msgType: 'Alert' });
  const audit = await app.query('select action from audit_log where case_id = $1 order by id', [caseId]);
  expect(audit.rows.map((r) => r.action)).toContain('approval.decide');
  expect(h.loggedErrors).toEqual([]);
});
