/** POST /cases end to end: validation before anything starts, idempotency under concurrency, reads. */
import { eventually } from '../helpers/eventually';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { auditLog, casePersonalData, cases, intakeRequests } from '../../db/schema';
import { CaseRiskSA, CaseStatusSA, workflowIdForCase } from '../../workflows/contract';
import { makeReport, yearsAgo } from '../helpers/fixtures';
import { waitForState } from '../helpers/worker';
import { bearer, JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';

let h: ApiHarness;
let intake: Record<string, string>;
const UNIT = `INTAKE-${Date.now().toString(36)}`;
const report = (overrides: Parameters<typeof makeReport>[0] = {}) => makeReport({ reportingUnit: { id: UNIT, jurisdiction: JURISDICTION }, ...overrides });

beforeAll(async () => {
  h = await startApiHarness('api-intake');
  intake = bearer(await tokenFor('intake_officer', JURISDICTION, 'intake-file-officer'));
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

const unitCaseIds = async () => (await h.database.db.select({ id: cases.id }).from(cases).where(eq(cases.reportingUnitId, UNIT))).map((r) => r.id);
test('20 concurrent POSTs with one Idempotency-Key: one case, one workflow, one audit entry', async () => {
  const key = `dup-${randomUUID()}`;
  const body = report();
  const responses = await Promise.all(
    Array.from({ length: 20 }, () => request(h.app).post('/cases').set(intake).set('Idempotency-Key', key).send(body)),
  );
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 200)).toHaveLength(19);
  const ids = new Set(responses.map((r) => r.body.caseId));
  expect(ids.size).toBe(1);
  const [caseId] = [...ids];
  expect(responses.filter((r) => r.status === 200).every((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);

  expect(await unitCaseIds()).toEqual([caseId]);
  expect(await h.database.db.select().from(intakeRequests).where(eq(intakeRequests.idempotencyKey, key))).toHaveLength(1);
  expect(await h.database.db.select().from(auditLog).where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, 'case.create')))).toHaveLength(1);
  // This is the first intake on this file's task queue: exactly one workflow may exist on it.
  const onQueue = async () => {
    const found: string[] = [];
    for await (const w of h.client.workflow.list({ query: `TaskQueue = "${h.taskQueue}"` })) found.push(w.workflowId);
    return found;
  };
  expect(await eventually(onQueue, (ids) => ids.length >= 1)).toEqual([workflowIdForCase(caseId)]);
  // The workflow itself keeps its search attributes current (start set them to validating and unassessed).
  await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.status === 'awaiting_approval');
  const description = await eventually(
    () => h.client.workflow.getHandle(workflowIdForCase(caseId)).describe(),
    (d) => d.typedSearchAttributes.get(CaseStatusSA) === 'awaiting_approval',
  );
  expect(description.typedSearchAttributes.get(CaseRiskSA)).toBe('high');

  // A later retry, after the workflow has started, still answers the same case.
  const again = await request(h.app).post('/cases').set(intake).set('Idempotency-Key', key).send(body);
  expect(again.status).toBe(200);
  expect(again.body.caseId).toBe(caseId);
  expect(await onQueue()).toEqual([workflowIdForCase(caseId)]);
});

test('the same key with another report is refused with 422 and changes nothing', async () => {
  const key = `reuse-${randomUUID()}`;
  const first = await request(h.app).post('/cases').set(intake).set('Idempotency-Key', key).send(report());
  expect(first.status).toBe(201);
  const before = await unitCaseIds();
  const other = await request(h.app).post('/cases').set(intake).set('Idempotency-Key', key).send(report());
  expect(other.status).toBe(422);
  expect(other.body.errors).toEqual([{ field: 'Idempotency-Key', reason: 'already used for a different request' }]);
  expect((await unitCaseIds()).sort()).toEqual(before.sort());
});

test("a key is the caller's own: another officer's same key (and same report) neither blocks nor returns the first officer's case", async () => {
  const key = `shared-${randomUUID()}`;
  const body = report();
  const first = await request(h.app).post('/cases').set(intake).set('Idempotency-Key', key).send(body);
  expect(first.status).toBe(201);
  const colleague = bearer(await tokenFor('intake_officer', JURISDICTION, `another-officer-${randomUUID().slice(0, 8)}`));
  // Claimed first by a colleague, the key does not stop this officer's own report, nor hands back the colleague's case.
  const theirs = await request(h.app).post('/cases').set(colleague).set('Idempotency-Key', key).send(body);
  expect([theirs.status, theirs.headers['idempotent-replayed']]).toEqual([201, undefined]);
  expect(theirs.body.caseId).not.toBe(first.body.caseId);
  // Each caller's retry replays their own case.
  const mineAgain = await request(h.app).post('/cases').set(intake).set('Idempotency-Key', key).send(body);
  const theirsAgain = await request(h.app).post('/cases').set(colleague).set('Idempotency-Key', key).send(body);
  expect([mineAgain.status, mineAgain.body.caseId, mineAgain.headers['idempotent-replayed']]).toEqual([200, first.body.caseId, 'true']);
  expect([theirsAgain.status, theirsAgain.body.caseId, theirsAgain.headers['idempotent-replayed']]).toEqual([200, theirs.body.caseId, 'true']);
  const rows = await h.database.db.select({ actorSub: intakeRequests.actorSub, caseId: intakeRequests.caseId }).from(intakeRequests).where(eq(intakeRequests.idempotencyKey, key));
  expect(rows.map((r) => r.caseId).sort()).toEqual([first.body.caseId, theirs.body.caseId].sort());
  const audits = await h.database.db.select({ sub: auditLog.actorSub }).from(auditLog).where(and(eq(auditLog.caseId, theirs.body.caseId), eq(auditLog.action, 'case.create')));
  expect(audits.map((a) => a.sub)).toEqual([rows.find((r) => r.caseId === theirs.body.caseId)!.actorSub]);
});

test('without an Idempotency-Key every POST is a new case, started with the documented answer', async () => {
  const body = report();
  const a = await request(h.app).post('/cases').set(intake).send(body);
  const b = await request(h.app).post('/cases').set(intake).send(body);
  expect([a.status, b.status]).toEqual([201, 201]);
  expect(a.body.caseId).not.toBe(b.body.caseId);
  expect(a.body).toEqual({ caseId: a.body.caseId, status: 'validating', links: { self: `/cases/${a.body.caseId}`, alerts: `/cases/${a.body.caseId}/alerts` } });
  expect(a.headers.location).toBe(`/cases/${a.body.caseId}`);
  const [row] = await h.database.db.select().from(casePersonalData).where(eq(casePersonalData.caseId, a.body.caseId));
  expect(row.report).toMatchObject({ child: { fullName: body.child.fullName } });
  await waitForState(h.client.workflow.getHandle(workflowIdForCase(a.body.caseId)), (s) => s.status === 'awaiting_approval');
});

describe('a bad report gets 422 at once, naming each field, and nothing starts', () => {
  const cases422: Array<[string, () => unknown, string[]]> = [
    ['an adult at last seen', () => report({ child: { dateOfBirth: yearsAgo(19) } }), ['child.dateOfBirth']],
    ['last seen in the future', () => report({ lastSeen: { at: new Date(Date.now() + 3_600_000).toISOString() } }), ['lastSeen.at']],
    ['last seen outside the country', () => report({ lastSeen: { location: { lat: 48.85, lon: 2.35 } } }), ['lastSeen.location']],
    ['out-of-range coordinates', () => report({ lastSeen: { location: { lat: 123, lon: -7.6 } } }), ['lastSeen.location.lat']],
    ['an unknown field', () => ({ ...report(), nickname: 'Yas' }), ['nickname']],
    ['wrong types', () => report({ child: { sex: 'other' as 'female', heightCm: 'tall' as unknown as number } } as never), ['child.sex']],
    ['a NUL character in a name', () => report({ child: { fullName: 'Yasmine\u0000' } }), ['child.fullName']],
    ['an empty object', () => ({}), ['child', 'lastSeen', 'circumstances', 'background', 'guardian', 'reportingUnit']],
  ];
  test.each(cases422)('%s', async (_name, body, fields) => {
    const before = await unitCaseIds();
    const res = await request(h.app).post('/cases').set(intake).send(body() as object);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const named = (res.body.errors as Array<{ field: string; reason: string }>).map((e) => e.field);
    for (const field of fields) expect(named).toContain(field);
    expect(res.body.errors.every((e: { reason: string }) => e.reason.length > 0)).toBe(true);
    expect((await unitCaseIds()).sort()).toEqual(before.sort());
  });

  test('a malformed Idempotency-Key is 422', async () => {
    const res = await request(h.app).post('/cases').set(intake).set('Idempotency-Key', 'short').send(report());
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('Idempotency-Key');
  });
});

test('malformed JSON is 400 and an oversized body 413, both as problem+json', async () => {
  const bad = await request(h.app).post('/cases').set(intake).set('Content-Type', 'application/json').send('{"child": ');
  expect(bad.status).toBe(400);
  expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  const huge = await request(h.app).post('/cases').set(intake).set('Content-Type', 'application/json').send(JSON.stringify({ pad: 'x'.repeat(300_000) }));
  expect(huge.status).toBe(413);
  expect(huge.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(JSON.stringify(huge.body)).not.toMatch(/at .*\.(js|ts):\d+/);
});

test('GET /cases/:id: 404 for malformed and unknown ids; the report only for case workers', async () => {
  const admin = bearer(await tokenFor('admin', '*'));
  expect((await request(h.app).get('/cases/not-a-uuid').set(admin)).status).toBe(404);
  expect((await request(h.app).get(`/cases/${randomUUID()}`).set(admin)).status).toBe(404);
  expect((await request(h.app).get(`/cases/${randomUUID()}/alerts`).set(admin)).status).toBe(404);

  const body = report();
  const created = await request(h.app).post('/cases').set(intake).send(body);
  const caseId = created.body.caseId as string;
  await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.status === 'awaiting_approval');
  const asAdmin = await request(h.app).get(`/cases/${caseId}`).set(admin);
  expect(asAdmin.status).toBe(200);
  expect(asAdmin.body).toMatchObject({ caseId, status: 'awaiting_approval', source: 'workflow', record: { caseId, jurisdiction: JURISDICTION, reportingUnitId: UNIT } });
  expect(asAdmin.body.report).toBeUndefined();
  expect(JSON.stringify(asAdmin.body)).not.toContain(body.child.fullName);

  const asIntake = await request(h.app).get(`/cases/${caseId}`).set(intake);
  expect(asIntake.body.report.child.fullName).toBe(body.child.fullName);
  const views = await h.database.db.select().from(auditLog).where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, 'case.view_personal_data')));
  expect(views.map((v) => [v.actorSub, v.actorRole, v.outcome])).toEqual([['intake-file-officer', 'intake_officer', 'accepted']]);
});

test('GET /cases filters by jurisdiction, status and risk, and pages newest first', async () => {
  const region = `T${randomUUID().slice(0, 6)}`;
  const created: string[] = [];
  const nationalIntake = bearer(await tokenFor('intake_officer', '*', 'intake-file-national'));
  for (let i = 0; i < 3; i += 1) {
    const res = await request(h.app).post('/cases').set(nationalIntake).send(report({ reportingUnit: { id: UNIT, jurisdiction: region } }));
    expect(res.status).toBe(201);
    created.push(res.body.caseId);
  }
  const national = bearer(await tokenFor('officer', '*'));
  const page1 = await request(h.app).get(`/cases?jurisdiction=${region}&limit=2`).set(national);
  expect(page1.status).toBe(200);
  expect(page1.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([created[2], created[1]]);
  expect(page1.body.nextCursor).toEqual(expect.any(String));
  const page2 = await request(h.app).get(`/cases?jurisdiction=${region}&limit=2&cursor=${page1.body.nextCursor}`).set(national);
  expect(page2.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([created[0]]);
  expect(page2.body.nextCursor).toBeNull();

  await eventually(async () => (await request(h.app).get(`/cases?jurisdiction=${region}&status=awaiting_approval`).set(national)).body.items.length, (n) => n === 3);
  expect((await request(h.app).get(`/cases?jurisdiction=${region}&status=found`).set(national)).body.items).toEqual([]);
  const high = await request(h.app).get(`/cases?jurisdiction=${region}&risk=high`).set(national);
  expect(high.body.items).toHaveLength(3); // an 8-year-old, lost 30 minutes ago: high risk

  for (const query of ['status=lost', 'limit=0', 'limit=1000', 'cursor=abc', 'colour=red', 'jurisdiction=a%20b']) {
    const res = await request(h.app).get(`/cases?${query}`).set(national);
    expect([query, res.status]).toEqual([query, 422]);
  }
  const mine = await request(h.app).get('/cases?limit=100').set(bearer(await tokenFor('officer', region)));
  expect(mine.body.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual([...created].sort());
  await eventually(async () => Number((await h.database.db.execute<{ n: string }>(sql`select count(*) as n from cases where jurisdiction = ${region} and status = 'awaiting_approval'`)).rows[0].n), (n) => n === 3);
});
