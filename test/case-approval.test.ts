/**
 * Validation and the prosecutor's approval on the time-skipping server: rejected reports, missing
 * consent, decline then a new request after a sighting, reminder then escalation, found while waiting.
 */
import { and, eq } from 'drizzle-orm';
import { alertSteps, approvalEvents, cases } from '../db/schema';
import { approvalDecisionSignal, caseStateQuery, foundSignal, sightingSignal } from '../workflows/contract';
import { makeReport, officer, prosecutor, yearsAgo } from './helpers/fixtures';
import { recordHistory, useCaseTestContext } from './helpers/time-skipping';
import { waitForState } from './helpers/worker';

const MINUTE = 60_000;
const ctx = useCaseTestContext('approval');

const approvalRows = (caseId: string) =>
  ctx.database.db.select().from(approvalEvents).where(eq(approvalEvents.caseId, caseId)).orderBy(approvalEvents.id);
const alertRows = (caseId: string) => ctx.database.db.select().from(alertSteps).where(eq(alertSteps.caseId, caseId));

test('an invalid report ends as rejected with every reason, and nothing is published', async () => {
  const report = makeReport({
    child: { dateOfBirth: yearsAgo(19) },
    lastSeen: { location: { lat: 48.8566, lon: 2.3522 } },
  });
  const { caseId, handle } = await ctx.startCase({ report });
  const state = await waitForState(handle, (s) => s.status === 'rejected');
  expect(state.rejectionReasons).toEqual([
    'child.dateOfBirth: the child must be under 18 when last seen',
    'lastSeen.location: is outside the service area (Morocco)',
  ]);
  expect(state.timeline.map((t) => t.event)).toEqual(['received', 'rejected']);
  expect(state.approvals).toEqual([]);
  const [row] = await ctx.database.db.select().from(cases).where(eq(cases.id, caseId));
  expect(row).toMatchObject({ status: 'rejected', outcome: 'rejected' });
  expect(await alertRows(caseId)).toHaveLength(0);
  await recordHistory(handle, 'rejected');
});

test('without the guardian consent the case runs as investigating: no approval request, no alert', async () => {
  const report = makeReport({ guardian: { consentToPublish: false }, circumstances: { type: 'abduction' } });
  const { caseId, handle } = await ctx.startCase({ report });
  await waitForState(handle, (s) => s.status === 'investigating');
  await handle.signal(sightingSignal, { location: { lat: 33.6, lon: -7.5 }, seenAt: new Date().toISOString(), reportedBy: officer });
  const state = await waitForState(handle, (s) => s.sightings.length === 1);
  expect(state).toMatchObject({ status: 'investigating', risk: 'critical', approvals: [], alerts: [] });
  await ctx.env.sleep(3 * 60 * MINUTE);
  expect((await handle.query(caseStateQuery)).alerts).toEqual([]);
  expect(await approvalRows(caseId)).toHaveLength(0);
  const [row] = await ctx.database.db.select().from(cases).where(eq(cases.id, caseId));
  expect(row).toMatchObject({ status: 'investigating', consentToPublish: false });
});

test('a silent prosecutor gets a reminder after 15 minutes and an escalation after one hour', async () => {
  const { caseId, handle } = await ctx.startCase();
  const requested = await waitForState(handle, (s) => s.status === 'awaiting_approval' && s.approvals.length === 1);
  await ctx.env.sleep(14 * MINUTE);
  expect((await handle.query(caseStateQuery)).approvals[0].reminders).toEqual([]);
  await ctx.env.sleep(2 * MINUTE);
  const reminded = await waitForState(handle, (s) => s.approvals[0].reminders.length === 1);
  expect(reminded.approvals[0].escalatedAt).toBeNull();
  await ctx.env.sleep(45 * MINUTE);
  const escalated = await waitForState(handle, (s) => s.approvals[0].escalatedAt !== null);

  const round = escalated.approvals[0];
  const t0 = Date.parse(requested.approvals[0].requestedAt);
  expect(Math.abs(Date.parse(round.reminders[0]) - t0 - 15 * MINUTE)).toBeLessThan(5_000);
  expect(Math.abs(Date.parse(round.escalatedAt!) - t0 - 60 * MINUTE)).toBeLessThan(5_000);
  expect(escalated.timeline.map((t) => t.event)).toEqual(['received', 'validated', 'approval_requested', 'approval_reminder', 'approval_escalated']);
  const rows = await approvalRows(caseId);
  expect(rows.map((r) => [r.kind, r.audience, r.round])).toEqual([
    ['request', 'prosecutor', 1],
    ['reminder', 'prosecutor', 1],
    ['escalation', 'senior_prosecutor', 1],
  ]);

  // Still waiting: nothing more is sent, and a late approval still works.
  await ctx.env.sleep(5 * 60 * MINUTE);
  expect(await approvalRows(caseId)).toHaveLength(3);
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await waitForState(handle, (s) => s.status === 'alerting' && s.alerts.length === 1);
  await recordHistory(handle, 'reminder-escalation-approve');
});

test('a decline keeps the case investigating; a sighting asks again and the alert starts at the sighting', async () => {
  const { caseId, handle } = await ctx.startCase();
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(approvalDecisionSignal, { decision: 'decline', reason: 'identity not confirmed', decidedBy: prosecutor });
  const declined = await waitForState(handle, (s) => s.status === 'investigating');
  // The text went to the decision's record, not into the state the workflow carries.
  expect(declined.approvals[0]).toMatchObject({ decision: 'decline', reason: null, decidedBy: prosecutor });
  await ctx.env.sleep(2 * 60 * MINUTE);
  expect((await handle.query(caseStateQuery)).alerts).toEqual([]);

  const rabat = { lat: 34.0209, lon: -6.8416 };
  await handle.signal(sightingSignal, { location: rabat, seenAt: new Date().toISOString(), note: 'seen at the station', reportedBy: officer });
  const again = await waitForState(handle, (s) => s.status === 'awaiting_approval' && s.approvals.length === 2);
  expect(again.approvals[1]).toMatchObject({ round: 2, decision: null });
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  const alerting = await waitForState(handle, (s) => s.status === 'alerting');
  expect(alerting.alerts).toHaveLength(1);
  expect(alerting.alerts[0].areas).toEqual([{ index: 0, kind: 'radius', radiusKm: 10, centre: rabat }]);
  expect(alerting.timeline.map((t) => t.event)).toEqual([
    'received', 'validated', 'approval_requested', 'declined', 'sighting', 'approval_requested', 'approved', 'first_alert',
  ]);
  const rows = await approvalRows(caseId);
  expect(rows.map((r) => [r.round, r.kind])).toEqual([[1, 'request'], [1, 'declined'], [2, 'request'], [2, 'approved']]);
  await recordHistory(handle, 'decline-sighting-approve');
});

test('found while awaiting approval: no alert ever goes out, and late decisions are ignored', async () => {
  const { caseId, handle } = await ctx.startCase();
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  const found = await waitForState(handle, (s) => s.status === 'found');
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await ctx.env.sleep(3 * 60 * MINUTE);
  const state = await handle.query(caseStateQuery);
  expect(state.alerts).toEqual([]);
  expect(state.approvals[0].decision).toBeNull();
  expect(found.timeline.map((t) => t.event)).toEqual(['received', 'validated', 'approval_requested', 'found']);
  expect(await alertRows(caseId)).toHaveLength(0);
  const decided = await ctx.database.db.select().from(approvalEvents).where(and(eq(approvalEvents.caseId, caseId), eq(approvalEvents.kind, 'approved')));
  expect(decided).toHaveLength(0);
  await recordHistory(handle, 'found-awaiting-approval');
});
