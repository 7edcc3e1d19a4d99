/**
 * Case records end to end on the real servers, with RETENTION_AFTER_CLOSE shortened to 3 s: two cases
 * of a jurisdiction of their own run through the API to their end and their purge. Then: exactly one
 * audit entry per action, no personal field left in any table or in the alert feed, the consent
 * records kept, and GET /stats counting both cases with exact figures.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { workflowIdForCase, type CaseSummary } from '../../workflows/contract';
import { makeReport } from '../helpers/fixtures';
import { waitForState } from '../helpers/worker';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './harness';

jest.setTimeout(90_000);

let h: ApiHarness;
const J = `T${randomUUID().slice(0, 6)}`;
const unique = randomUUID().slice(0, 6);
const CANARIES = [`Nadiacanary${unique}`, `Guardiancanary${unique}`, `+212688${unique.replace(/\D/g, '7').padEnd(6, '7')}`, `Detailscanary${unique}`, `Sightcanary${unique}`, `Foundcanary${unique}`, `Declinecanary${unique}`];
const [NAME, GUARDIAN, PHONE, DETAILS, SIGHT_NOTE, FOUND_NOTE, DECLINE_REASON] = CANARIES;
const subs = { intake: `intake-${unique}`, prosecutor: `prosecutor-${unique}`, officer: `officer-${unique}` };
const as = {
  intake: () => tokenFor('intake_officer', J, subs.intake).then(bearer),
  prosecutor: () => tokenFor('prosecutor', J, subs.prosecutor).then(bearer),
  officer: () => tokenFor('officer', J, subs.officer).then(bearer),
  admin: () => tokenFor('admin', '*', `admin-${unique}`).then(bearer),
};

beforeAll(async () => {
  h = await startApiHarness('records', { env: { RETENTION_AFTER_CLOSE: '3s' } });
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

/** Rows of every table of the schema whose text holds any canary: table -> count. */
async function canaryRows(): Promise<Record<string, number>> {
  const { rows: tables } = await h.database.db.execute<{ name: string }>(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const pattern = CANARIES.map((c) => c.replace(/[+]/g, '\\+')).join('|');
    const { rows } = await h.database.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(name)} t where t::text ~ ${pattern}`);
    if (rows[0].n > 0) found[name] = rows[0].n;
  }
  return found;
}

async function createCase(consent = true) {
  const report = makeReport({
    child: { fullName: NAME, photoUrls: [`https://photos.example.org/${NAME}.jpg`] },
    circumstances: { details: DETAILS },
    guardian: { fullName: GUARDIAN, phone: PHONE, consentToPublish: consent },
    reportingUnit: { id: `REC-${unique}`, jurisdiction: J },
  });
  const res = await request(h.app).post('/cases').set(await as.intake()).send(report);
  expect(res.status).toBe(201);
  const caseId = res.body.caseId as string;
  const handle = h.client.workflow.getHandle(workflowIdForCase(caseId));
  await waitForState(handle, (s) => s.status === 'awaiting_approval' && s.approvals.length === 1);
  return { caseId, handle };
}

test('a full case: one audit entry per action, nothing personal left after retention, and the statistics count it', async () => {
  // Case 1: read by the prosecutor, approved, a sighting, found.
  const one = await createCase();
  const view = await request(h.app).get(`/cases/${one.caseId}`).set(await as.prosecutor());
  expect([view.status, view.body.report.child.fullName, view.body.report.guardian.phone]).toEqual([200, NAME, PHONE]);
  expect((await request(h.app).post(`/cases/${one.caseId}/approval`).set(await as.prosecutor()).send({ decision: 'approve' })).status).toBe(200);
  const seenAt = new Date(Date.now() - 60_000).toISOString();
  expect((await request(h.app).post(`/cases/${one.caseId}/sightings`).set(await as.officer()).send({ location: { lat: 33.6, lon: -7.6 }, seenAt, note: SIGHT_NOTE })).status).toBe(200);
  await waitForState(one.handle, (s) => s.alerts.length === 2);
  // Case 2: approved, then closed (withdrawn).
  const two = await createCase();
  expect((await request(h.app).post(`/cases/${two.caseId}/approval`).set(await as.prosecutor()).send({ decision: 'approve' })).status).toBe(200);

  // Case 3: declined with a reason (free text), then closed.
  const three = await createCase();
  expect((await request(h.app).post(`/cases/${three.caseId}/approval`).set(await as.prosecutor()).send({ decision: 'decline', reason: DECLINE_REASON })).status).toBe(200);

  // Before the purge: the reports, the CAP documents and the decline reason are there (the scan can fail).
  const cap = await request(h.app).get(`/alerts/mca-${one.caseId}-1.xml`);
  expect([cap.status, cap.text.includes(NAME)]).toEqual([200, true]);
  expect(await canaryRows()).toEqual({ alert_steps: 3, approval_events: 1, case_notes: 2, case_personal_data: 3 });
  expect((await request(h.app).post(`/cases/${one.caseId}/found`).set(await as.officer()).send({ condition: 'unharmed', note: FOUND_NOTE })).status).toBe(200);
  expect((await request(h.app).post(`/cases/${two.caseId}/close`).set(await as.prosecutor()).send({ reason: 'withdrawn', note: FOUND_NOTE })).status).toBe(200);
  expect((await request(h.app).post(`/cases/${three.caseId}/close`).set(await as.prosecutor()).send({ reason: 'other' })).status).toBe(200);

  const summaries = (await Promise.all([one.handle.result(), two.handle.result(), three.handle.result()])) as CaseSummary[];
  expect(summaries.map((s) => [s.status, s.alertsSent])).toEqual([['found', 3], ['closed', 2], ['closed', 0]]);

  // Nothing personal in any table, the feed or the case view; the non-identifying record stays.
  expect(await canaryRows()).toEqual({});
  // Gone, not Not Found: the message existed and partners must drop their copies.
  expect((await request(h.app).get(`/alerts/mca-${one.caseId}-1.xml`)).status).toBe(410);
  const feed = await request(h.app).get('/alerts/feed');
  expect([feed.text.includes(one.caseId), feed.text.includes(two.caseId)]).toEqual([false, false]);
  const after = await request(h.app).get(`/cases/${one.caseId}`).set(await as.prosecutor());
  expect(after.body.report).toBeUndefined();
  expect(after.body.record).toMatchObject({ status: 'found', outcome: 'found', jurisdiction: J, tierReached: 0, nationalReached: false, personalDataPurgedAt: expect.any(String) });
  expect((await request(h.app).get(`/cases/${one.caseId}/alerts`).set(await as.prosecutor())).body.items).toEqual([]);
  const state = JSON.stringify(await one.handle.query('caseState'));
  expect(CANARIES.filter((c) => state.includes(c))).toEqual([]);

  // Exactly one audit entry per action, the system's purge included; readable by admin and by the prosecutor.
  const trail = await request(h.app).get(`/cases/${one.caseId}/audit`).set(await as.admin());
  expect(trail.status).toBe(200);
  expect(trail.body.items.map((e: { action: string; actor: { sub: string; role: string }; outcome: string; detail: unknown }) => [e.action, e.actor.sub, e.actor.role, e.outcome, e.detail])).toEqual([
    ['case.create', subs.intake, 'intake_officer', 'accepted', { jurisdiction: J }],
    ['case.view_personal_data', subs.prosecutor, 'prosecutor', 'accepted', { jurisdiction: J }],
    ['approval.decide', subs.prosecutor, 'prosecutor', 'accepted', { jurisdiction: J, decision: 'approve' }],
    ['sighting.report', subs.officer, 'officer', 'accepted', { jurisdiction: J }],
    ['found.report', subs.officer, 'officer', 'accepted', { jurisdiction: J }],
    ['case.purge_personal_data', 'system', 'system', 'accepted', { reports: 1, alertSteps: 3, approvalReasons: 0, notes: 2, sightings: 1 }],
  ]);
  // Reading the case after the purge disclosed nothing, so it was no action.
  const trailTwo = await request(h.app).get(`/cases/${two.caseId}/audit`).set(await as.prosecutor());
  expect(trailTwo.body.items.map((e: { action: string }) => e.action)).toEqual(['case.create', 'approval.decide', 'case.close', 'case.purge_personal_data']);
  const trailThree = await request(h.app).get(`/cases/${three.caseId}/audit`).set(await as.prosecutor());
  expect(trailThree.body.items.map((e: { action: string; detail: unknown }) => [e.action, e.detail])).toEqual([
    ['case.create', { jurisdiction: J }],
    ['approval.decide', { jurisdiction: J, decision: 'decline' }],
    ['case.close', { jurisdiction: J, reason: 'other' }],
    ['case.purge_personal_data', { reports: 1, alertSteps: 0, approvalReasons: 1, notes: 1, sightings: 0 }],
  ]);

  // Consent records outlive the purge: one per case, recorded at intake (the workflow's own write was a no-op).
  const { rows: consent } = await h.database.db.execute<{ case_id: string; given: boolean; given_by: string; recorded_by_sub: string; source: string }>(
    sql`select case_id, given, given_by, recorded_by_sub, source from consent_records where case_id in (${one.caseId}, ${two.caseId}, ${three.caseId}) order by recorded_at`,
  );
  expect(consent).toEqual([one.caseId, two.caseId, three.caseId].map((id) => ({ case_id: id, given: true, given_by: 'guardian', recorded_by_sub: subs.intake, source: 'intake_api' })));

  // Statistics: exact, from the timestamps the records hold.
  const { rows: times } = await h.database.db.execute<{ id: string; received: Date; approved: Date; first_alert: Date; ended: Date }>(sql`
    select c.id, c.received_at as received, e.at as approved, c.first_alert_at as first_alert, c.ended_at as ended
    from cases c join approval_events e on e.case_id = c.id and e.kind = 'approved' where c.jurisdiction = ${J}`);
  const secs = (a: Date, b: Date) => (new Date(a).getTime() - new Date(b).getTime()) / 1000;
  const stat = (values: number[]) => {
    const [lo, hi] = [...values].sort((a, b) => a - b);
    const at = (q: number) => (hi === undefined ? lo : lo + q * (hi - lo));
    return { cases: values.length, medianSeconds: Math.round(at(0.5) * 1000) / 1000, p90Seconds: Math.round(at(0.9) * 1000) / 1000 };
  };
  const found = times.find((t) => t.id === one.caseId)!;
  const stats = await request(h.app).get(`/stats?jurisdiction=${J}`).set(await as.admin());
  expect(stats.status).toBe(200);
  const durations = {
    reportToApproval: stat(times.map((t) => secs(t.approved, t.received))),
    approvalToFirstAlert: stat(times.map((t) => secs(t.first_alert, t.approved))),
    reportToFound: stat([secs(found.ended, found.received)]),
  };
  const tiersReached = [{ tierIndex: null, cases: 1 }, { tierIndex: 0, cases: 2 }];
  // No tip was sent about these cases (test/api/public-tips-triage.test.ts counts some).
  const tips = { received: 0, promoted: 0, dismissed: 0 };
  const line = { jurisdiction: J, total: 3, byOutcome: { found: 1, closed: 2, rejected: 0, open: 0 }, durations, tiersReached, nationalReached: 0, tips };
  expect(stats.body).toEqual({
    jurisdiction: J,
    cases: { total: 3, byOutcome: { found: 1, closed: 2, rejected: 0, open: 0 }, byJurisdiction: [line] },
    durations,
    tiersReached,
    nationalReached: 0,
    tips,
  });
  // Nationally, this jurisdiction is one line among the others, with its own durations and tiers.
  const national = await request(h.app).get('/stats').set(await as.admin());
  expect(national.body.cases.byJurisdiction.find((j: { jurisdiction: string }) => j.jurisdiction === J)).toEqual(line);
  // The national figures are those of every line together.
  const lines = national.body.cases.byJurisdiction as Array<typeof line>;
  expect(national.body.cases.total).toBe(lines.reduce((n, l) => n + l.total, 0));
  expect(national.body.durations.reportToApproval.cases).toBe(lines.reduce((n, l) => n + l.durations.reportToApproval.cases, 0));
  expect(national.body.tiersReached.reduce((n: number, t: { cases: number }) => n + t.cases, 0)).toBe(national.body.cases.total);
});
