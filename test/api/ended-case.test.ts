/**
 * A case page after the case has ended: GET /cases/:id answers from the database, and its `history`
 * carries what the page shows (last-seen point, sightings, alert areas, approvals, the outcome with its
 * place, a timeline), the same as the workflow's state said, to the roles and jurisdictions that may
 * read the case, the report's other fields only to the roles that work it, never a free text. After
 * the retention purge (RETENTION_AFTER_CLOSE shortened to 6 s) it keeps dates, decisions, outcome and
 * counts, and no place.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { cases } from '../../db/schema';
import { workflowIdForCase, type CaseState } from '../../workflows/contract';
import { eventually } from '../helpers/eventually';
import { makeReport } from '../helpers/fixtures';
import { waitForState } from '../helpers/worker';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './harness';

jest.setTimeout(90_000);

let h: ApiHarness;
const J = `E${randomUUID().slice(0, 6)}`;
const unique = randomUUID().slice(0, 6);
const NAME = `Endedcanary${unique}`;
const HOBBY = `Hobbycanary${unique}`;
const SIGHT_NOTE = `Sightcanary${unique}`;
const FOUND_NOTE = `Foundcanary${unique}`;
const CLOSE_NOTE = `Closecanary${unique}`;
const subs = { intake: `intake-${unique}`, prosecutor: `prosecutor-${unique}`, officer: `officer-${unique}`, admin: `admin-${unique}` };
const as = {
  intake: () => tokenFor('intake_officer', J, subs.intake).then(bearer),
  prosecutor: () => tokenFor('prosecutor', J, subs.prosecutor).then(bearer),
  officer: () => tokenFor('officer', J, subs.officer).then(bearer),
  admin: () => tokenFor('admin', '*', subs.admin).then(bearer),
  otherProsecutor: () => tokenFor('prosecutor', 'MA-01', `prosecutor-other-${unique}`).then(bearer),
};
const SIGHTING = { lat: 33.6012, lon: -7.6234 };
const FOUND_AT = { lat: 33.6123, lon: -7.5012 };

beforeAll(async () => {
  h = await startApiHarness('ended', { env: { RETENTION_AFTER_CLOSE: '6s' } });
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

async function createCase() {
  const report = makeReport({ child: { fullName: NAME }, background: { hobbies: [HOBBY] }, reportingUnit: { id: `END-${unique}`, jurisdiction: J } });
  const res = await request(h.app).post('/cases').set(await as.intake()).send(report);
  expect(res.status).toBe(201);
  const caseId = res.body.caseId as string;
  const handle = h.client.workflow.getHandle(workflowIdForCase(caseId));
  await waitForState(handle, (s) => s.status === 'awaiting_approval' && s.approvals.length === 1);
  return { caseId, handle, report };
}

const endedRow = (caseId: string) =>
  eventually(async () => (await h.database.db.select().from(cases).where(eq(cases.id, caseId)))[0], (row) => row.endedAt !== null);

const events = (timeline: Array<{ event: string }>) => timeline.map((e) => e.event).sort();

test('a found case read after its end carries its map, approvals, outcome and timeline; after the purge, no place and no personal data', async () => {
  const { caseId, handle, report } = await createCase();
  expect((await request(h.app).post(`/cases/${caseId}/approval`).set(await as.prosecutor()).send({ decision: 'approve' })).status).toBe(200);
  const seenAt = new Date(Date.now() - 60_000).toISOString();
  expect((await request(h.app).post(`/cases/${caseId}/sightings`).set(await as.officer()).send({ location: SIGHTING, seenAt, note: SIGHT_NOTE })).status).toBe(200);
  await waitForState(handle, (s) => s.alerts.length === 2);
  // Live, an administrator reads how the case runs, not where the child was seen (api/cases/state-disclosure.ts).
  const running = await request(h.app).get(`/cases/${caseId}`).set(await as.admin());
  expect(running.body.state).toMatchObject({ status: 'alerting', lastSeen: { at: report.lastSeen.at, location: null }, searchCentre: SIGHTING, sightings: [], sightingsTotal: 1 });
  expect(running.body.state.alerts).toHaveLength(2);
  expect(running.body.withheld).toContain('sightings');
  expect((await request(h.app).get(`/cases/${caseId}`).set(await as.officer())).body.state).toMatchObject({ lastSeen: report.lastSeen && { location: report.lastSeen.location }, sightings: [{ location: SIGHTING }] });
  expect((await request(h.app).post(`/cases/${caseId}/found`).set(await as.officer()).send({ condition: 'unharmed', location: FOUND_AT, note: FOUND_NOTE })).status).toBe(200);
  // The workflow still answers until the purge: what it says is what the records must rebuild.
  const live = await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'alerts_cancelled'));
  await endedRow(caseId);

  const officer = await request(h.app).get(`/cases/${caseId}`).set(await as.officer());
  expect(officer.status).toBe(200);
  expect(officer.body).toMatchObject({ status: 'found', source: 'database', state: null, report: { child: { fullName: NAME } } });
  const history = officer.body.history;
  expect(history.lastSeen).toEqual({ at: report.lastSeen.at, location: report.lastSeen.location });
  expect(history.searchCentre).toEqual(SIGHTING);
  expect(history.alerts).toEqual(live.alerts);
  expect(history.alerts.map((a: { kind: string }) => a.kind)).toEqual(['alert', 'sighting_update', 'cancel']);
  expect(history.sightings).toEqual(live.sightings.map((s: CaseState['sightings'][number]) => ({ commandId: s.commandId, location: s.location, seenAt: s.seenAt, noteId: s.noteId, reportedBy: s.reportedBy, receivedAt: s.receivedAt })));
  expect(history.sightingsTotal).toBe(1);
  expect(history.approvals).toEqual([
    { round: 1, requestedAt: live.approvals[0].requestedAt, reminders: [], escalatedAt: null, decision: 'approve', decidedBy: { sub: subs.prosecutor, role: 'prosecutor', jurisdiction: J }, decidedAt: live.approvals[0].decidedAt },
  ]);
  expect(history.outcome).toEqual({ kind: 'found', at: expect.any(String), location: FOUND_AT, condition: 'unharmed', reason: null, by: { sub: subs.officer, role: 'officer', jurisdiction: J } });
  expect(events(history.timeline)).toEqual(events(live.timeline));
  expect(history.timeline.slice(-2).map((e: { event: string }) => e.event)).toEqual(['found', 'alerts_cancelled']);
  expect(history.timeline.find((e: { event: string }) => e.event === 'first_alert')).toEqual({ event: 'first_alert', at: live.alerts[0].sentAt, detail: '10 km' });
  // Free texts never: the notes stay in case_notes.
  expect([SIGHT_NOTE, FOUND_NOTE].filter((c) => JSON.stringify(officer.body).includes(c))).toEqual([]);

  // An administrator gets the history without its places, sightings or the child's condition, and no report.
  const audited = () => h.database.db.execute(sql`select actor_sub from audit_log where case_id = ${caseId} and action = 'case.view_personal_data' order by id`);
  const before = (await audited()).rows.length;
  const admin = await request(h.app).get(`/cases/${caseId}`).set(await as.admin());
  expect(admin.status).toBe(200);
  expect(admin.body.report).toBeUndefined();
  expect(admin.body.history).toEqual({
    ...history,
    lastSeen: { at: report.lastSeen.at, location: null },
    sightings: [],
    outcome: { ...history.outcome, location: null, condition: null },
    timeline: history.timeline.map((e: { event: string; at: string; detail?: string }) => (e.event === 'found' ? { event: 'found', at: e.at } : e)),
  });
  expect(admin.body.history.sightingsTotal).toBe(1);
  const adminText = JSON.stringify(admin.body);
  // (The alert areas stay: they were public, centred where the alerts said.)
  expect([NAME, HOBBY, SIGHT_NOTE, FOUND_NOTE, 'unharmed', String(FOUND_AT.lat)].filter((c) => adminText.includes(c))).toEqual([]);
  // The officer's read of the same page was a disclosure, on record; the admin's was none.
  expect((await audited()).rows.length).toBe(before);
  expect((await audited()).rows.at(-1)).toEqual({ actor_sub: subs.officer });
  // Another jurisdiction: refused, as while the case ran.
  expect((await request(h.app).get(`/cases/${caseId}`).set(await as.otherProsecutor())).status).toBe(403);

  // After the purge: dates, decisions, outcome and counts; no place, no report, no alert document.
  await eventually(async () => (await h.database.db.select().from(cases).where(eq(cases.id, caseId)))[0], (row) => row.personalDataPurgedAt !== null, 30_000);
  const [row] = await h.database.db.select().from(cases).where(eq(cases.id, caseId));
  expect([row.foundLat, row.foundLon, row.foundCondition]).toEqual([null, null, 'unharmed']);
  const purged = await request(h.app).get(`/cases/${caseId}`).set(await as.officer());
  expect(purged.status).toBe(200);
  expect(purged.body.report).toBeUndefined();
  expect(purged.body.history).toEqual({
    lastSeen: null,
    searchCentre: null,
    approvals: history.approvals,
    alerts: [],
    sightings: [],
    sightingsTotal: 1,
    outcome: { ...history.outcome, location: null },
    timeline: expect.any(Array),
  });
  expect(purged.body.history.timeline.map((e: { event: string }) => e.event)).toEqual(['received', 'validated', 'approval_requested', 'approved', 'first_alert', 'sighting', 'found', 'personal_data_purged']);
  const text = JSON.stringify(purged.body);
  expect([NAME, HOBBY, SIGHT_NOTE, FOUND_NOTE, String(SIGHTING.lat), String(FOUND_AT.lat), String(report.lastSeen.location.lat)].filter((c) => text.includes(c))).toEqual([]);
});

test('a case closed before any decision: the close reason and who closed it, the open approval round, no alert', async () => {
  const { caseId } = await createCase();
  expect((await request(h.app).post(`/cases/${caseId}/close`).set(await as.prosecutor()).send({ reason: 'duplicate', note: CLOSE_NOTE })).status).toBe(200);
  await endedRow(caseId);
  const res = await request(h.app).get(`/cases/${caseId}`).set(await as.prosecutor());
  expect(res.body).toMatchObject({ status: 'closed', source: 'database', state: null });
  const { history } = res.body;
  expect(history.outcome).toEqual({ kind: 'closed', at: expect.any(String), location: null, condition: null, reason: 'duplicate', by: { sub: subs.prosecutor, role: 'prosecutor', jurisdiction: J } });
  expect(history.approvals).toEqual([{ round: 1, requestedAt: expect.any(String), reminders: [], escalatedAt: null, decision: null, decidedBy: null, decidedAt: null }]);
  expect([history.alerts, history.sightings, history.sightingsTotal]).toEqual([[], [], 0]);
  expect(history.timeline.map((e: { event: string; detail?: string }) => [e.event, e.detail ?? null])).toEqual([
    ['received', null],
    ['validated', null],
    ['approval_requested', 'round 1'],
    ['closed', 'duplicate'],
  ]);
  expect(JSON.stringify(res.body).includes(CLOSE_NOTE)).toBe(false);
});

test('before any alert an administrator sees no place at all, and closing a case answers the same view', async () => {
  const { caseId } = await createCase();
  const view = await request(h.app).get(`/cases/${caseId}`).set(await as.admin());
  expect(view.body.state).toMatchObject({ status: 'awaiting_approval', lastSeen: { location: null }, searchCentre: null, sightings: [] });
  const closed = await request(h.app).post(`/cases/${caseId}/close`).set(await as.admin()).send({ reason: 'withdrawn' });
  expect(closed.status).toBe(200);
  expect(closed.body.state).toMatchObject({ status: 'closed', lastSeen: { location: null }, searchCentre: null, outcome: { kind: 'closed', reason: 'withdrawn', location: null } });
  // The prosecutor's answer for the same case places it.
  const prosecutor = await request(h.app).get(`/cases/${caseId}`).set(await as.prosecutor());
  expect(prosecutor.body.withheld).toBeUndefined();
  expect(prosecutor.body.state?.lastSeen.location ?? prosecutor.body.history.lastSeen.location).toEqual({ lat: 33.5731, lon: -7.5898 });
});
