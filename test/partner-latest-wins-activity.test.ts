/**
 * The activity side of "partners catch up, latest wins", called directly (real PostgreSQL, real
 * receiver, the SDK's mock activity context for cancellation): superseded rows recorded idempotently
 * and never over a delivered or failed one; a cancelled delivery ends cancelled, its row not failed;
 * CAP references list only the messages still in force, and a retry builds the same bytes.
 */
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { and, asc, eq } from 'drizzle-orm';
import type { CaseActivities } from '../activities';
import { referencesInForce } from '../activities/alert-steps';
import type { DatabaseHandle } from '../db/client';
import { alertDeliveries, alertSteps } from '../db/schema';
import type { AlertStep } from '../workflows/contract';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { recordCase } from './helpers/cases';
import { openTestDatabase } from './helpers/env';
import { eventually } from './helpers/eventually';
import { realActivities } from './helpers/worker';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

const HOUR = 3_600_000;
const { names, secrets } = partnerChannels(['partner'] as const);
let receiver: WebhookReceiver;
let database: DatabaseHandle;
let activities: CaseActivities;
let answer = 200;

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
  receiver.respond(() => answer);
  database = openTestDatabase();
  activities = realActivities(database.db, {}, { webhooks: webhooksFor(receiver, secrets) });
});
afterEach(() => {
  answer = 200;
  receiver.release();
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

const area = { index: 0, kind: 'radius' as const, radiusKm: 10, centre: { lat: 33.5731, lon: -7.5898 } };

/** A validated case with steps recorded at the given offsets from now (the first an Alert). */
async function caseWithSteps(offsetsMs: number[], last: AlertStep['msgType'] = 'Update'): Promise<{ caseId: string; steps: AlertStep[] }> {
  const { caseId } = await recordCase(database.db);
  await activities.validateReport({ caseId, receivedAt: new Date().toISOString() });
  const t0 = Date.now();
  const steps = offsetsMs.map((offset, i): AlertStep => {
    const msgType = i === 0 ? 'Alert' : i === offsetsMs.length - 1 ? last : 'Update';
    const kind = msgType === 'Alert' ? 'alert' : msgType === 'Cancel' ? 'cancel' : 'rebroadcast';
    return { step: i + 1, kind, msgType, messageId: `mca-${caseId}-${i + 1}`, areas: [area], sentAt: new Date(t0 + offset).toISOString() };
  });
  for (const step of steps) await activities.broadcastAlertStep({ caseId, risk: 'high', step });
  return { caseId, steps };
}

const partnerRows = async (caseId: string) => (await deliveryRows(database.db, caseId, names.partner)).map((r) => [r.step, r.status]);
const postsOf = (caseId: string) => receiver.posts.filter((p) => p.key.startsWith(`${caseId}:`)).map((p) => [Number(p.key.split(':')[1]), p.status]);

test('a newer delivery records the older steps superseded, once, and never over a delivered or failed row', async () => {
  const { caseId } = await caseWithSteps([0, 1_000, 2_000, 3_000, 4_000]);
  const channel = names.partner;
  expect(await activities.deliverAlertStep({ caseId, step: 1, channel })).toEqual({ status: 'delivered' });
  await activities.recordDeliveryFailure({ caseId, step: 2, channel, error: 'gave up' });
  // Step 3 was being retried (pending), step 4 never started: both superseded by step 5.
  answer = 503;
  await expect(activities.deliverAlertStep({ caseId, step: 3, channel })).rejects.toMatchObject({ type: 'DeliveryUnavailable' });
  answer = 200;
  expect(await activities.deliverAlertStep({ caseId, step: 5, channel, supersededFrom: 1 })).toEqual({ status: 'delivered' });
  const expected = [[1, 'delivered'], [2, 'failed'], [3, 'superseded'], [4, 'superseded'], [5, 'delivered']];
  expect(await partnerRows(caseId)).toEqual(expected);
  // Executed again (a retry, a replay): nothing changes, nothing is sent again.
  expect(await activities.deliverAlertStep({ caseId, step: 5, channel, supersededFrom: 1 })).toEqual({ status: 'delivered' });
  expect(await partnerRows(caseId)).toEqual(expected);
  // A superseded step is never sent, even if its delivery ran again.
  expect(await activities.deliverAlertStep({ caseId, step: 4, channel })).toEqual({ status: 'superseded' });
  expect(postsOf(caseId)).toEqual([[1, 200], [3, 503], [5, 200]]);
});

test('cancelled while its POST is out: a 5xx ends cancelled (row pending, not failed), a 2xx is still delivered', async () => {
  const { caseId } = await caseWithSteps([0, 1_000]);
  for (const [step, status] of [[1, 500], [2, 200]] as const) {
    answer = status;
    receiver.hold();
    const env = new MockActivityEnvironment({ attempt: 3 });
    const delivery = env.run(activities.deliverAlertStep, { caseId, step, channel: names.partner });
    await eventually(() => receiver.held(), (held) => held === 1);
    env.cancel();
    receiver.release();
    if (status === 500) await expect(delivery).rejects.toBeInstanceOf(CancelledFailure);
    else await expect(delivery).resolves.toEqual({ status: 'delivered' });
  }
  const rows = await deliveryRows(database.db, caseId, names.partner);
  expect(rows.map((r) => [r.step, r.status, r.attempts, r.lastStatusCode])).toEqual([
    [1, 'pending', 3, 500],
    [2, 'delivered', 3, 200],
  ]);
});

test('cancelled before its attempt: no POST, the row stays pending', async () => {
  const { caseId } = await caseWithSteps([0]);
  const env = new MockActivityEnvironment();
  env.cancel();
  await expect(env.run(activities.deliverAlertStep, { caseId, step: 1, channel: names.partner })).rejects.toBeInstanceOf(CancelledFailure);
  expect(postsOf(caseId)).toEqual([]);
  expect(await partnerRows(caseId)).toEqual([[1, 'pending']]);
});

test('references list the messages still in force at the step, always the latest earlier one, oldest first', async () => {
  // 24 h expiry (the default): at 25.5 h only step 3 (2 h) is in force; at 50 h none is, so the latest
  // earlier message (4) stays, as CAP wants an Update to reference something; the Cancel just after it.
  const { caseId } = await caseWithSteps([0, 1 * HOUR, 2 * HOUR, 25.5 * HOUR, 50 * HOUR, 50 * HOUR + 60_000], 'Cancel');
  const stored = await database.db.select().from(alertSteps).where(eq(alertSteps.caseId, caseId)).orderBy(asc(alertSteps.step));
  const referenced = stored.map((row) => {
    const text = /<references>([^<]+)<\/references>/.exec(row.capXml!)?.[1];
    return text ? text.split(' ').map((r) => Number(r.split(',')[1].split('-').at(-1))) : [];
  });
  expect(referenced).toEqual([[], [1], [1, 2], [3], [4], [5]]);
  expect(stored.map((r) => r.msgType)).toEqual(['Alert', 'Update', 'Update', 'Update', 'Update', 'Cancel']);
});

test('a step recorded again after a lost first attempt gets the same references and bytes', async () => {
  const { caseId, steps } = await caseWithSteps([0, 1 * HOUR, 30 * HOUR]);
  const key = and(eq(alertSteps.caseId, caseId), eq(alertSteps.step, 3));
  const [before] = await database.db.select().from(alertSteps).where(key);
  // As if the first attempt's transaction never committed: the retry builds the document again.
  await database.db.delete(alertDeliveries).where(and(eq(alertDeliveries.caseId, caseId), eq(alertDeliveries.step, 3)));
  await database.db.delete(alertSteps).where(key);
  await activities.broadcastAlertStep({ caseId, risk: 'high', step: steps[2], references: [{ messageId: 'ignored-by-new-code', sentAt: steps[0].sentAt }] });
  const [after] = await database.db.select().from(alertSteps).where(key);
  expect(after.capXml).toBe(before.capXml);
  expect(/<references>([^<]+)<\/references>/.exec(after.capXml!)![1].split(' ')).toHaveLength(1);
});

test('referencesInForce: strictly later expiry counts, an Alert has none', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
  const earlier = [{ messageId: 'm-1', sentAt: at(0) }, { messageId: 'm-2', sentAt: at(10) }, { messageId: 'm-3', sentAt: at(20) }];
  const step = (msgType: AlertStep['msgType'], ms: number): AlertStep => ({ step: 4, kind: 'rebroadcast', msgType, messageId: 'm-4', areas: [area], sentAt: at(ms).toISOString() });
  expect(referencesInForce(earlier, step('Update', 105), 100).map((r) => r.messageId)).toEqual(['m-2', 'm-3']);
  // m-2 expires at 110 exactly: no longer in force at 110.
  expect(referencesInForce(earlier, step('Update', 110), 100).map((r) => r.messageId)).toEqual(['m-3']);
  expect(referencesInForce(earlier, step('Cancel', 500), 100).map((r) => r.messageId)).toEqual(['m-3']);
  expect(referencesInForce(earlier, step('Alert', 5), 100)).toEqual([]);
});
