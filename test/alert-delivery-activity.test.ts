/**
 * The delivery activities called directly (real PostgreSQL, real receiver, no Temporal): the guards
 * that make a re-executed activity harmless, which a crash can only hit in a window too narrow to aim at.
 */
import { ApplicationFailure } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import type { CaseActivities } from '../activities';
import type { DatabaseHandle } from '../db/client';
import { alertSteps } from '../db/schema';
import { deliveryRows, partnerChannels, recordedAlert as recordedAlertOf, webhooksFor } from './helpers/alert-delivery';
import { openTestDatabase } from './helpers/env';
import { realActivities } from './helpers/worker';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

const { names, secrets } = partnerChannels(['partner'] as const);
let receiver: WebhookReceiver;
let database: DatabaseHandle;
let activities: CaseActivities;

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
  database = openTestDatabase();
  activities = realActivities(database.db, {}, { webhooks: webhooksFor(receiver, secrets) });
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

const recordedAlert = () => recordedAlertOf(database.db, activities);

test('recording a step twice leaves one row, one feed delivery and the same CAP bytes', async () => {
  const { caseId, step } = await recordedAlert();
  const read = () => database.db.select().from(alertSteps).where(and(eq(alertSteps.caseId, caseId), eq(alertSteps.step, 1)));
  const [before] = await read();
  await activities.broadcastAlertStep({ caseId, risk: 'critical', step: { ...step, sentAt: new Date(Date.now() + 60_000).toISOString() }, references: [] });
  expect(await read()).toEqual([before]);
  expect(before.capXml).toContain(`<identifier>${step.messageId}</identifier>`);
  expect((await deliveryRows(database.db, caseId)).map((r) => [r.channel, r.status, r.attempts])).toEqual([['feed', 'delivered', 1]]);
});

test('a delivery executed again after it was delivered sends nothing; a late failure record does not undo it', async () => {
  const { caseId } = await recordedAlert();
  const input = { caseId, step: 1, channel: names.partner };
  expect(await activities.deliverAlertStep(input)).toEqual({ status: 'delivered' });
  expect(await activities.deliverAlertStep(input)).toEqual({ status: 'delivered' });
  await activities.recordDeliveryFailure({ ...input, error: 'late' });
  expect(receiver.posts.filter((p) => p.key === `${caseId}:1:${names.partner}`).map((p) => p.status)).toEqual([200]);
  const rows = await deliveryRows(database.db, caseId, names.partner);
  expect(rows.map((r) => [r.status, r.attempts, r.lastStatusCode, r.lastError])).toEqual([['delivered', 1, 200, null]]);
});

test('an unknown channel or an unrecorded step fails for good, without a POST', async () => {
  const { caseId } = await recordedAlert();
  const posts = receiver.posts.length;
  await expect(activities.deliverAlertStep({ caseId, step: 1, channel: 'nobody' })).rejects.toMatchObject({ type: 'UnknownChannel', nonRetryable: true });
  const missing = activities.deliverAlertStep({ caseId, step: 2, channel: names.partner });
  await expect(missing).rejects.toBeInstanceOf(ApplicationFailure);
  await expect(missing).rejects.toMatchObject({ type: 'StepNotRecorded', nonRetryable: true });
  expect(receiver.posts.length).toBe(posts);
});
