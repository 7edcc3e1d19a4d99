/** Approval through the workflow Update, signals, the pending list, alerts, and approval racing found. */
import { eventually } from '../helpers/eventually';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { createNotifyActivities } from '../../activities/approval-notifications';
import { approvalEvents, auditLog, cases } from '../../db/schema';
import { workflowIdForCase } from '../../workflows/contract';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { realActivities, TEST_PUBLIC_BASE_URL, waitForState } from '../helpers/worker';
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
  const { caseId, state } = await createCaseAwaitingApproval(h);
  const sentAt = Date.now();
  const pending = await request(h.app).get('/approvals/pending').set(prosecutor);
  const answeredAt = Date.now();
  expect(pending.status).toBe(200);
  const item = pending.body.items.find((i: { caseId: string }) => i.caseId === caseId);
  // No NOTIFY_WEBHOOK_URL in this harness: the pending list is the one channel, nothing to push.
  expect(item).toMatchObject({ caseId, jurisdiction: JURISDICTION, risk: 'high', round: 1, reminders: [], escalatedAt: null, probableDuplicateOf: null, notification: 'none' });
  // The round's own request time, and the whole seconds since it as seen while the request ran.
  expect(item.requestedAt).toBe(state.approvals[0].requestedAt);
  const requested = Date.parse(item.requestedAt);
  expect(item.waitingSeconds).toBeGreaterThanOrEqual(Math.floor((sentAt - requested) / 1000));
  expect(item.waitingSeconds).toBeLessThanOrEqual(Math.floor((answeredAt - requested) / 1000));
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
  expect(sighting.status).toBe(200);
  expect(sighting.body).toMatchObject({ caseId, accepted: 'sighting', status: 'alerting' });
  await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.sightings.length === 1 && s.alerts.length === 2);

  expect((await request(h.app).post(`/cases/${caseId}/found`).set(officer).send({ condition: 'unharmed' })).status).toBe(200);
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
  // One accepted entry per effective command (written by the workflow); the two refusals by the API.
  expect((await audits(caseId, 'found.report')).map((a) => a.outcome)).toEqual(['accepted', 'refused']);
  expect((await audits(caseId, 'case.close')).map((a) => a.outcome)).toEqual(['refused']);
  expect((await audits(caseId, 'sighting.report')).map((a) => a.outcome)).toEqual(['accepted']);
});

test.each([1, 2, 3, 4, 5])('approval racing a found signal (round %i): one consistent outcome', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  const [approval, found] = await Promise.all([
    request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' }),
    request(h.app).post(`/cases/${caseId}/found`).set(officer).send({ condition: 'unharmed' }),
  ]);
  expect(found.status).toBe(200);
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

describe('pending list through a reminder and an escalation, with the prosecutors\' webhook', () => {
  const SECRET = 'approval-notify-secret-0123456789';
  let fast: ApiHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ prosecutors: SECRET });
    const env = { APPROVAL_REMINDER_AFTER: '1s', APPROVAL_ESCALATE_AFTER: '2s', NOTIFY_WEBHOOK_URL: receiver.url('prosecutors'), NOTIFY_WEBHOOK_SECRET: SECRET };
    // The worker pushes to the receiver, as the service's worker does.
    const webhook = { url: receiver.url('prosecutors'), secret: SECRET, timeoutMs: 5_000 };
    const activities = (db: ApiHarness['database']['db']) => realActivities(db, createNotifyActivities({ db, webhook, publicBaseUrl: TEST_PUBLIC_BASE_URL }));
    fast = await startApiHarness('api-approval-notify', { env, activities });
  });

  afterAll(async () => {
    // Closed first: a failed expectation here must not leave the worker and the receiver running.
    await fast?.close();
    await receiver?.close();
    expect(fast.loggedErrors).toEqual([]);
  });

  type Item = { caseId: string; reminders: string[]; escalatedAt: string | null; notification: string; requestedAt: string };
  const readItem = async (caseId: string) => {
    const res = await request(fast.app).get('/approvals/pending').set(prosecutor);
    return { status: res.status, item: (res.body.items ?? []).find((i: Item) => i.caseId === caseId) as Item | undefined };
  };

  test('reminders and escalation are listed; notification follows the latest notice (pending, sent, failed)', async () => {
    receiver.hold();
    const { caseId } = await createCaseAwaitingApproval(fast);
    // The request's push is held at the receiver: recorded, not yet acknowledged.
    await eventually(() => receiver.held(), (n) => n === 1);
    const held = await readItem(caseId);
    expect(held.status).toBe(200);
    expect(held.item).toMatchObject({ reminders: [], escalatedAt: null, notification: 'pending' });
    receiver.release();

    const escalated = await eventually(() => readItem(caseId), (r) => r.status !== 200 || (r.item?.escalatedAt != null && r.item.notification === 'sent'));
    expect(escalated.status).toBe(200);
    const item = escalated.item!;
    expect(item.reminders.length).toBe(1);
    expect(item.escalatedAt).not.toBeNull();
    const times = [item.requestedAt, item.reminders[0], item.escalatedAt!].map(Date.parse);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(1_000);
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(2_000);
    const types = receiver.effects.filter((e) => e.body.caseId === caseId).map((e) => e.body.type);
    expect(types).toEqual(['approval.request', 'approval.reminder', 'approval.escalation']);

    // Pushes giving up, written as the notification activity records them once its retries run out.
    const giveUp = (kind: string) =>
      fast.database.db.update(approvalEvents).set({ notifiedAt: null, notifyFailedAt: new Date(), notifyError: 'answered 503' }).where(and(eq(approvalEvents.caseId, caseId), eq(approvalEvents.kind, kind)));
    await giveUp('reminder');
    // The escalation, later, got through: the prosecutors were reached.
    expect(await readItem(caseId)).toMatchObject({ status: 200, item: { notification: 'sent' } });
    await giveUp('escalation');
    expect(await readItem(caseId)).toMatchObject({ status: 200, item: { notification: 'failed' } });
  });
});
