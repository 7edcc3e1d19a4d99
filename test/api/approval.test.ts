/** Approval through the workflow Update, signals, the pending list, alerts, and approval racing found. */
import { eventually } from '../helpers/eventually';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog, cases } from '../../db/schema';
import { workflowIdForCase } from '../../workflows/contract';
import { waitForState } from '../helpers/worker';
import { bearer, createCaseAwaitingApproval, JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';

let h: ApiHarness;
let prosecutor: Record<string, string>;
let officer: Record<string, string>;

beforeAll(async () => {
  h = await startApiHarness('api-approval');
  prosecutor = bearer(await tokenFor('prosecutor', JURISDICTION, 'approval-prosecutor'));
  officer = bearer(await tokenFor('officer', JURISDICTION, 'approval-officer'));
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

const audits = (caseId: string, action: string) =>
  h.database.db.select().from(auditLog).where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, action)));

test('pending list, approve (200 with the new state), a second decision (409), alerts, sighting, found', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  const pending = await request(h.app).get('/approvals/pending').set(prosecutor);
  const item = pending.body.items.find((i: { caseId: string }) => i.caseId === caseId);
  expect(item).toMatchObject({ caseId, jurisdiction: JURISDICTION, risk: 'high', round: 1, reminders: [], escalatedAt: null, probableDuplicateOf: null });
  expect(item.waitingSeconds).toBeGreaterThanOrEqual(0);
  const requestedAts = pending.body.items.map((i: { requestedAt: string }) => Date.parse(i.requestedAt));
  expect(requestedAts).toEqual([...requestedAts].sort((a, b) => a - b));

  expect((await request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'decline' })).status).toBe(422);
  const approved = await request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ caseId, status: 'alerting', state: { approvals: [{ decision: 'approve', decidedBy: { sub: 'approval-prosecutor', role: 'prosecutor' } }] } });

  const again = await request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' });
  expect(again.status).toBe(409);
  expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect((await audits(caseId, 'approval.decide')).map((a) => a.outcome)).toEqual(['accepted', 'refused']);
  const after = await request(h.app).get('/approvals/pending').set(prosecutor);
  expect(after.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);

  const alerts = await eventually(async () => (await request(h.app).get(`/cases/${caseId}/alerts`).set(officer)).body, (b) => b.items.length === 1);
  expect(alerts.items[0]).toMatchObject({ step: 1, kind: 'alert', msgType: 'Alert', tierIndex: 0, radiusKm: 10, messageId: `mca-${caseId}-1`, cancelledAt: null });
  // No partner webhook is configured here: the public feed is the one channel.
  expect(alerts.items[0].deliveries).toEqual([
    { channel: 'feed', status: 'delivered', attempts: 1, lastStatusCode: null, lastError: null, acknowledgedAt: expect.any(String), updatedAt: expect.any(String) },
  ]);

  const future = await request(h.app).post(`/cases/${caseId}/sightings`).set(officer).send({ location: { lat: 33.6, lon: -7.6 }, seenAt: new Date(Date.now() + 3_600_000).toISOString() });
  expect(future.status).toBe(422);
  const abroad = await request(h.app).post(`/cases/${caseId}/sightings`).set(officer).send({ location: { lat: 40.4, lon: -3.7 }, seenAt: new Date().toISOString() });
  expect(abroad.status).toBe(422);
  const sighting = await request(h.app).post(`/cases/${caseId}/sightings`).set(officer).send({ location: { lat: 33.6, lon: -7.6 }, seenAt: new Date().toISOString(), note: 'near the station' });
  expect(sighting.status).toBe(202);
  expect(sighting.body).toMatchObject({ caseId, accepted: 'sighting', status: 'alerting' });
  await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.sightings.length === 1 && s.alerts.length === 2);

  expect((await request(h.app).post(`/cases/${caseId}/found`).set(officer).send({ condition: 'unharmed' })).status).toBe(202);
  await eventually(async () => (await h.database.db.select().from(cases).where(eq(cases.id, caseId)))[0].endedAt, (endedAt) => endedAt !== null);
  const ended = await request(h.app).get(`/cases/${caseId}`).set(officer);
  expect(ended.body).toMatchObject({ status: 'found', source: 'database', state: null, record: { outcome: 'found' } });
  const finalAlerts = (await request(h.app).get(`/cases/${caseId}/alerts`).set(officer)).body.items;
  expect(finalAlerts.map((a: { msgType: string; cancelledAt: string | null; deliveries: Array<{ channel: string; status: string }> }) => [a.msgType, a.cancelledAt !== null, a.deliveries.map((d) => `${d.channel}:${d.status}`)])).toEqual([
    ['Alert', true, ['feed:delivered']],
    ['Update', true, ['feed:delivered']],
    ['Cancel', false, ['feed:delivered']],
  ]);
  expect((await request(h.app).post(`/cases/${caseId}/found`).set(officer).send({})).status).toBe(409);
  expect((await request(h.app).post(`/cases/${caseId}/close`).set(prosecutor).send({ reason: 'withdrawn' })).status).toBe(409);
  expect(await audits(caseId, 'found.report')).toHaveLength(1);
  expect(await audits(caseId, 'sighting.report')).toHaveLength(1);
});

test.each([1, 2, 3, 4, 5])('approval racing a found signal (round %i): one consistent outcome', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  const [approval, found] = await Promise.all([
    request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' }),
    request(h.app).post(`/cases/${caseId}/found`).set(officer).send({ condition: 'unharmed' }),
  ]);
  expect(found.status).toBe(202);
  expect([200, 409]).toContain(approval.status);
  const state = await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.status === 'found' && (s.alerts.length === 0 || s.timeline.some((t) => t.event === 'alerts_cancelled')));
  const kinds = state.alerts.map((a) => a.msgType);
  // Either nothing was ever broadcast, or the one local alert went out and was cancelled: never a widening.
  expect([[], ['Alert', 'Cancel']]).toContainEqual(kinds);
  if (approval.status === 409) expect(kinds).toEqual([]);
  expect(state.outcome).toMatchObject({ kind: 'found', by: { sub: 'approval-officer', role: 'officer' } });
  await eventually(async () => (await h.database.db.select().from(cases).where(eq(cases.id, caseId)))[0].status, (s) => s === 'found');
  expect((await audits(caseId, 'found.report')).map((a) => a.outcome)).toEqual(['accepted']);
  expect((await audits(caseId, 'approval.decide')).map((a) => a.outcome)).toEqual([approval.status === 200 ? 'accepted' : 'refused']);
});
