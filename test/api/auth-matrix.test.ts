/**
 * Every route x every role, plus no token, a badly signed token, an expired token and the wrong
 * jurisdiction. A refused call must change nothing: no row in any table, no workflow event.
 */
import { eventually } from '../helpers/eventually';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import type { Role } from '../../api/auth/principal';
import { workflowIdForCase } from '../../workflows/contract';
import { makeReport } from '../helpers/fixtures';
import { bearer, createCaseAwaitingApproval, JURISDICTION, OTHER_JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';
import { ALL_ROLES, API_ROUTES, type RouteCase } from './route-table';

let h: ApiHarness;
// Other suites share the database: what this file checks is scoped to its own reporting unit and callers.
const UNIT = `MATRIX-${Date.now().toString(36)}`;
const SUB = 'matrix-';
const token = (role: Role, jurisdiction = JURISDICTION) => tokenFor(role, jurisdiction, `${SUB}${role}-${jurisdiction}`);
const report = () => makeReport({ reportingUnit: { id: UNIT, jurisdiction: JURISDICTION } });
let target: string;
const createdByApi: string[] = [];

beforeAll(async () => {
  h = await startApiHarness('api-matrix');
  target = (await createCaseAwaitingApproval(h, report())).caseId;
  createdByApi.push(target);
  // The state says awaiting_approval before the notify activity completes; wait until the workflow is
  // idle (its next timer is the 15-minute reminder), so that any later history event is a refused call's.
  const history = async () => (await h.client.workflow.getHandle(workflowIdForCase(target)).describe()).historyLength;
  let last = -1;
  await eventually(async () => {
    const now = await history();
    const idle = now === last;
    last = now;
    await new Promise((r) => setTimeout(r, 300));
    return idle;
  }, Boolean);
});

afterAll(async () => {
  await h?.close();
});

const BODIES: Record<string, () => unknown> = {
  'post /cases': () => report(),
  'post /cases/:id/approval': () => ({ decision: 'decline', reason: 'insufficient information' }),
  'post /cases/:id/sightings': () => ({ location: { lat: 33.59, lon: -7.61 }, seenAt: new Date(Date.now() - 60_000).toISOString() }),
  'post /cases/:id/found': () => ({ condition: 'unharmed' }),
  'post /cases/:id/close': () => ({ reason: 'withdrawn' }),
  'post /codec/decode': () => ({ payloads: [plainPayload] }),
  'post /codec/encode': () => ({ payloads: [plainPayload] }),
};
const plainPayload = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"matrix"').toString('base64') };
const isCodec = (route: RouteCase) => route.path.startsWith('/codec/');

/**
 * Every answer of an authenticated route, admitted or refused, may carry personal data: never stored
 * by a browser or a proxy (api/routes.ts). Checked on each call of this file.
 */
async function send(route: RouteCase, caseId: string, headers: Record<string, string>, query = '') {
  const url = route.path.replace(':id', caseId).replace(':position', '0') + query;
  const body = BODIES[`${route.method} ${route.path}`];
  const req = request(h.app)[route.method](url).set(headers);
  const res = await (body ? req.send(body() as object) : req);
  expect([label(route), res.status, res.headers['cache-control'], res.headers.pragma]).toEqual([label(route), res.status, expect.stringMatching(/(^|, )no-store(,|$)/), 'no-cache']);
  return res;
}

/** Everything a call could change: every table the API writes, and the target workflow's history. */
async function snapshot() {
  const mine = `${SUB}%`;
  const { rows } = await h.database.db.execute<{ cases: string; personal: string; intake: string; audit: string; approvals: string; alerts: string }>(sql`
    select (select count(*) from cases where reporting_unit_id = ${UNIT}) as cases,
      (select count(*) from case_personal_data p join cases c on c.id = p.case_id where c.reporting_unit_id = ${UNIT}) as personal,
      (select count(*) from intake_requests where actor_sub like ${mine}) as intake,
      (select count(*) from audit_log where actor_sub like ${mine} or case_id = ${target}) as audit,
      (select count(*) from approval_events where case_id = ${target}) as approvals,
      (select count(*) from alert_steps where case_id = ${target}) as alerts`);
  const description = await h.client.workflow.getHandle(workflowIdForCase(target)).describe();
  return { ...rows[0], history: description.historyLength, status: description.status.name };
}

const auditRows = async (caseId: string | null, action: string) => {
  const { rows } = await h.database.db.execute<{ n: string }>(
    caseId ? sql`select count(*) as n from audit_log where case_id = ${caseId} and action = ${action}` : sql`select count(*) as n from audit_log where action = ${action}`,
  );
  return Number(rows[0].n);
};

async function expectRefused(route: RouteCase, headers: Record<string, string>, status: number, query = '') {
  const before = await snapshot();
  const res = await send(route, target, headers, query);
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String) });
    expect(await snapshot()).toEqual(before);
  return res;
}

const label = (r: RouteCase) => `${r.method.toUpperCase()} ${r.path}`;

describe.each(API_ROUTES.map((r) => [label(r), r] as const))('%s', (_name, route) => {
  const refusedRoles = ALL_ROLES.filter((role) => !(route.roles as Role[]).includes(role));
  if (refusedRoles.length > 0) {
    test.each(refusedRoles)('role %s is refused with 403', async (role) => {
      await expectRefused(route, bearer(await token(role)), 403);
    });
  }

  test('no token: 401 with WWW-Authenticate', async () => {
    const res = await expectRefused(route, {}, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  test('a token signed with another secret: 401', async () => {
    await expectRefused(route, bearer(await tokenFor((route.roles as Role[])[0], JURISDICTION, 'forger', 'another-secret-another-secret-another-secret')), 401);
  });

  test('an expired token: 401', async () => {
    const expired = await tokenFor((route.roles as Role[])[0], JURISDICTION, 'late', undefined, Math.floor(Date.now() / 1000) - 3600);
    await expectRefused(route, bearer(expired), 401);
  });

  test('an admitted role of another jurisdiction is refused (or sees nothing of this one)', async () => {
    const role = (route.roles as Role[])[0];
    const headers = bearer(await token(role, OTHER_JURISDICTION));
    if (route.path === '/events') {
      // Admitted and filtered to the caller's jurisdiction (test/api/events.test.ts streams it); this app has no feed.
      expect((await send(route, target, headers)).status).toBe(503);
      return;
    }
    if (route.path === '/stats') {
      const res = await send(route, target, headers);
      expect(res.status).toBe(200);
      expect(res.body.jurisdiction).toBe(OTHER_JURISDICTION);
      expect(res.body.cases.byJurisdiction.every((j: { jurisdiction: string }) => j.jurisdiction === OTHER_JURISDICTION)).toBe(true);
      return;
    }
    if (route.path === '/approvals/pending') {
      const before = await snapshot();
      const res = await send(route, target, headers);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(target);
      expect(res.body.items.every((i: { jurisdiction: string }) => i.jurisdiction === OTHER_JURISDICTION)).toBe(true);
      expect(await snapshot()).toEqual(before);
      return;
    }
    // The list is filtered to the caller's jurisdiction; asking for another one is refused.
    await expectRefused(route, headers, 403, route.path === '/cases' && route.method === 'get' ? `?jurisdiction=${JURISDICTION}` : '');
  });

  test.each([...(route.roles as Role[])])('role %s is admitted', async (role) => {
    const headers = bearer(await token(role, isCodec(route) ? '*' : JURISDICTION));
    if (isCodec(route)) {
      const action = route.path === '/codec/decode' ? 'codec.decode' : 'codec.encode';
      const mine = async () => {
        const { rows } = await h.database.db.execute<{ n: string }>(sql`select count(*) as n from audit_log where action = ${action} and actor_sub = ${`${SUB}${role}-*`}`);
        return Number(rows[0].n);
      };
      const before = await mine();
      const res = await send(route, '', headers);
      expect(res.status).toBe(200);
      expect(res.body.payloads).toHaveLength(1);
      expect(await mine()).toBe(before + 1);
      return;
    }
    if (route.method === 'post' && route.path === '/cases') {
      const res = await send(route, '', headers);
      expect(res.status).toBe(201);
      createdByApi.push(res.body.caseId);
      expect(await auditRows(res.body.caseId, 'case.create')).toBe(1);
      return;
    }
    if (route.method === 'get') {
      const res = await send(route, target, headers);
      expect(res.status).toBe(route.success);
      if (route.path === '/approvals/pending') expect(res.body.items.map((i: { caseId: string }) => i.caseId)).toContain(target);
      if (route.path === '/cases') expect(res.body.items.every((i: { jurisdiction: string }) => i.jurisdiction === JURISDICTION)).toBe(true);
      if (route.path === '/cases/:id') expect(res.body).toMatchObject({ caseId: target, status: 'awaiting_approval', source: 'workflow' });
      if (route.path === '/cases/:id/audit') expect(res.body.items[0]).toMatchObject({ action: 'case.create', actor: { sub: `intake_officer-${JURISDICTION}`, role: 'intake_officer' } });
      if (route.path === '/stats') expect(res.body.cases.byJurisdiction.map((j: { jurisdiction: string }) => j.jurisdiction)).toEqual([JURISDICTION]);
      return;
    }
    // A write: on a fresh case, so that each admitted write meets a case in the state it needs.
    const { caseId } = await createCaseAwaitingApproval(h, report());
    createdByApi.push(caseId);
    const res = await send(route, caseId, headers);
    expect(res.status).toBe(route.success);
    const action = { approval: 'approval.decide', sightings: 'sighting.report', found: 'found.report', close: 'case.close' }[route.path.split('/').at(-1)!]!;
    expect(await auditRows(caseId, action)).toBe(1);
  });
});

test('the API started exactly one workflow per accepted intake, and none for a refused one', async () => {
  const ids = async () => {
    const found: string[] = [];
    for await (const w of h.client.workflow.list({ query: `TaskQueue = "${h.taskQueue}"` })) found.push(w.workflowId);
    return found.sort();
  };
  const expected = createdByApi.map(workflowIdForCase).sort();
  // Exactly the accepted intakes' workflows: the same set, not merely as many.
  expect(await eventually(ids, (found) => found.length >= expected.length)).toEqual(expected);
  const { rows } = await h.database.db.execute<{ id: string }>(sql`select id from cases where reporting_unit_id = ${UNIT}`);
  expect(rows.map((r) => r.id).sort()).toEqual([...createdByApi].sort());
  expect(h.loggedErrors).toEqual([]);
});
