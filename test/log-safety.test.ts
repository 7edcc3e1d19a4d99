/**
 * Nothing personal in a log line or a failure message, when the database fails. PostgreSQL is made to
 * fail for one report only (a trigger that raises on rows carrying this file's canaries), with a
 * canary in every personal field:
 * - during intake: the API answers 500, stores nothing, and the line it logs names the SQLSTATE and
 *   the table, never a parameter (drizzle's own message lists every one);
 * - during an activity (the alert step's CAP document carries the child's name): a worker process
 *   retries; its log (the SDK logs each failed attempt with its error) and the failure Temporal keeps
 *   of the attempts carry no canary; once the database accepts the row, the case goes on to alerting,
 *   and its history carries none either.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { cases } from '../db/schema';
import type { DatabaseHandle } from '../db/client';
import { safeErrorLine } from '../db/safe-error';
import { workflowIdForCase } from '../workflows/contract';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './api/harness';
import { openAdminTestDatabase, testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { makeReport } from './helpers/fixtures';
import { startServiceProcess, type ServiceProcess } from './helpers/processes';
import { waitForState } from './helpers/worker';

jest.setTimeout(90_000);

const u = randomUUID().replace(/-/g, '').slice(0, 8);
const c = (field: string) => `LogCanary${field}${u}`;
const UNIT = `LOG-${u}`;
const report = (tag: 'Intake' | 'Activity') =>
  makeReport({
    child: {
      fullName: c(`${tag}Name`),
      description: { build: c('Build'), hair: c('Hair'), eyes: c('Eyes'), clothing: c('Clothing'), distinguishingMarks: c('Marks') },
      photoUrls: [],
      medicalNeeds: c('Medical'),
    },
    lastSeen: { address: c('Address') },
    circumstances: { type: 'abduction', details: c('Details'), suspect: { description: c('Suspect'), vehicle: c('Vehicle') } },
    background: { hobbies: [c('Hobby')], personalProblems: [c('Problem')], frequentedPlaces: [{ name: c('Place') }] },
    guardian: { fullName: c('Guardian'), relationship: c('Relationship'), phone: `+212677${u.replace(/[^0-9]/g, '').padEnd(6, '7').slice(0, 6)}` },
    reportingUnit: { id: UNIT, jurisdiction: 'MA-06' },
  });
const canariesIn = (text: string, body: ReturnType<typeof report>) =>
  [...JSON.stringify(body).matchAll(/LogCanary[A-Za-z]+[0-9a-f]{8}/g)].map((m) => m[0]).concat(body.guardian.phone).filter((canary) => text.includes(canary));

const FUNCTION = `log_safety_refuse_${u}`;
let h: ApiHarness;
let worker: ServiceProcess | undefined;

/** Triggers are the tables' owner's to create: a superuser's connection, not the application role's. */
let admin: DatabaseHandle;
async function refuseRowsOf(table: 'case_personal_data' | 'alert_steps', column: string, marker: string) {
  await admin.db.execute(sql.raw(`create or replace function ${FUNCTION}() returns trigger language plpgsql as $$ begin raise exception 'refused for this test'; end $$`));
  await admin.db.execute(sql.raw(`create trigger ${FUNCTION}_${table} before insert on ${table} for each row when (new.${column}::text like '%${marker}%') execute function ${FUNCTION}()`));
}
const acceptRowsOf = (table: string) => admin.db.execute(sql.raw(`drop trigger if exists ${FUNCTION}_${table} on ${table}`));

beforeAll(async () => {
  // Long enough for the approval to outlast the refused attempts of the alert step.
  admin = openAdminTestDatabase();
  h = await startApiHarness('log-safety', { worker: false, env: { API_TEMPORAL_TIMEOUT: '60s' } });
});

afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await acceptRowsOf('case_personal_data');
  await acceptRowsOf('alert_steps');
  await admin.db.execute(sql.raw(`drop function if exists ${FUNCTION}()`));
  await admin.close();
  await h?.close();
});

test('a database error during intake: 500, nothing stored, and the logged line names the failure without a parameter', async () => {
  const body = report('Intake');
  await refuseRowsOf('case_personal_data', 'report', c('IntakeName'));
  const res = await request(h.app).post('/cases').set(bearer(await tokenFor('intake_officer'))).send(body);
  expect(res.status).toBe(500);
  expect(canariesIn(JSON.stringify(res.body), body)).toEqual([]);
  expect(await h.database.db.select().from(cases).where(eq(cases.reportingUnitId, UNIT))).toEqual([]);

  expect(h.loggedErrors).toHaveLength(1);
  const line = String(h.loggedErrors[0]);
  expect(line).toMatch(/^database query failed: PostgreSQL P0001 \[insert into "case_personal_data" .*\] \(\d+ parameters withheld\) \| at /);
  expect(canariesIn(line, body)).toEqual([]);
  h.loggedErrors.length = 0;
});

test('the same error in raw form would have leaked: drizzle puts every parameter in its message', async () => {
  const body = report('Intake');
  // A name where a uuid goes: PostgreSQL's message quotes the value too.
  const err = await h.database.db.insert(cases).values({ id: body.child.fullName } as never).catch((e: Error) => e);
  expect(String(err)).toContain(body.child.fullName);
  expect(String((err as Error).cause)).toContain(body.child.fullName);
  expect(safeErrorLine(err)).toMatch(/^database query failed: PostgreSQL 22P02 \[insert into "cases"/);
  expect(safeErrorLine(err)).not.toContain(body.child.fullName);
});

test('a database error during an activity: the worker process logs and the history carry no canary; the case goes on once the row is accepted', async () => {
  const body = report('Activity');
  // The CAP document of the first alert carries the child's name: its row is refused.
  await refuseRowsOf('alert_steps', 'cap_xml', c('ActivityName'));
  worker = startServiceProcess('worker/main.ts', {
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    DATABASE_URL: testEnv.databaseUrl,
    WORKFLOW_BUNDLE_PATH: testEnv.workflowBundlePath,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    AUTH_JWT_SECRET: h.config.AUTH_JWT_SECRET,
  });
  await worker.waitFor('[worker] polling task queue');
  const created = await request(h.app).post('/cases').set(bearer(await tokenFor('intake_officer'))).send(body);
  expect(created.status).toBe(201);
  const handle = h.client.workflow.getHandle(workflowIdForCase(created.body.caseId));
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  // The approval answers once the first alert is recorded: it waits out the refused attempts.
  const approving = request(h.app).post(`/cases/${created.body.caseId}/approval`).set(bearer(await tokenFor('prosecutor'))).send({ decision: 'approve' }).then((r) => r);

  // Two failed attempts logged by the SDK (WARN), each naming the SQLSTATE and the table.
  await eventually(() => worker!.output().match(/Activity failed/g)?.length ?? 0, (n) => n >= 2, 30_000);
  const logged = worker.output();
  expect(logged).toMatch(/Activity failed .*ApplicationFailure DatabaseError: database query failed: PostgreSQL P0001 \[insert into "alert_steps"/);
  expect(canariesIn(logged, body)).toEqual([]);
  // The step is a local activity (local-database-steps): its attempts are retried in the worker, so the
  // server holds no pending activity and no failure of it; the history so far carries no canary either.
  const described = (await handle.describe()).raw;
  expect((described.pendingActivities ?? []).map((a) => a.activityType?.name)).not.toContain('broadcastAlertStep');
  const historySoFar = await handle.fetchHistory();
  expect(historySoFar.events!.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toBe(true);
  expect(canariesIn(JSON.stringify(historySoFar), body)).toEqual([]);

  await acceptRowsOf('alert_steps');
  expect((await approving).status).toBe(200);
  await waitForState(handle, (s) => s.status === 'alerting' && s.alerts.length >= 1, 30_000);
  expect(canariesIn(worker.output(), body)).toEqual([]);
  expect(canariesIn(JSON.stringify(await handle.fetchHistory()), body)).toEqual([]);
  expect(h.loggedErrors).toEqual([]);
});
