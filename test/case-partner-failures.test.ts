/**
 * Partners that fail, on the time-skipping server with a real local receiver: one answering 500 twice
 * then 200 gets each step exactly once; one answering 400 is recorded failed and never retried; a dead
 * one (503 forever) has its undelivered step superseded by the next (latest wins), exhausts its retries
 * of the last one, is recorded failed, and neither delays the Cancel to the feed and the other partners
 * nor fails the case. (That it never holds back the widening either: test/partner-dead-widening.test.ts.)
 */
import { eventually } from './helpers/eventually';
import { cases } from '../db/schema';
import { eq } from 'drizzle-orm';
import { approvalDecisionSignal, foundSignal } from '../workflows/contract';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { deliveryResultsInHistory } from './helpers/delivery-results';
import { officer, prosecutor } from './helpers/fixtures';
import { useCaseTestContext } from './helpers/time-skipping';
import { waitForState } from './helpers/worker';
import { deliveryAttemptsFor, DEFAULT_DELIVERY_RETRY_MAX_INTERVAL_MS } from '../workflows/activity-proxies';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

const HOUR = 3_600_000;
const { names, secrets } = partnerChannels(['flaky', 'refusing', 'dead', 'live'] as const);
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
  receiver.respond(({ channel, attempt }) =>
    channel === names.flaky ? (attempt <= 2 ? 500 : 200) : channel === names.refusing ? 400 : channel === names.dead ? 503 : 200,
  );
});
const ctx = useCaseTestContext('partner-failures', () => ({}), () => ({ webhooks: webhooksFor(receiver, secrets) }));
afterAll(() => receiver?.close());

const statusesOf = (caseId: string, step: number, channel: string) =>
  receiver.posts.filter((p) => p.key === `${caseId}:${step}:${channel}`).map((p) => p.status);
const summary = (rows: Awaited<ReturnType<typeof deliveryRows>>) =>
  rows.map((r) => [r.step, r.channel, r.status, r.attempts, r.lastStatusCode, r.lastError, r.acknowledgedAt !== null]);

test('500 twice then 200: each step once, 3 attempts; 400: recorded failed at once, not retried; the case goes on', async () => {
  const { caseId, handle } = await ctx.startCase({ policy: { alertChannels: [names.flaky, names.refusing] } });
  const db = ctx.database.db;
  const settled = (step: number) => eventually(() => deliveryRows(db, caseId), (rows) => rows.filter((r) => r.step === step && r.status !== 'pending').length === 3);
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await settled(1);
  // Step 1 on both channels, taken in by the case (helpers/delivery-results.ts says why).
  await deliveryResultsInHistory(handle, 2);
  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  const ended = await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
  expect(ended.alerts.map((a) => a.msgType)).toEqual(['Alert', 'Cancel']);
  await settled(2);

  const refused = 'refused with HTTP 400; not retried';
  const [a, b] = [names.flaky, names.refusing].sort();
  const expectedRow = (step: number, channel: string) =>
    channel === names.flaky ? [step, channel, 'delivered', 3, 200, null, true] : [step, channel, 'failed', 1, 400, refused, false];
  expect(summary(await deliveryRows(db, caseId))).toEqual([1, 2].flatMap((step) => [
    [step, 'feed', 'delivered', 1, null, null, true],
    expectedRow(step, a),
    expectedRow(step, b),
  ]));
  for (const step of [1, 2]) {
    expect(statusesOf(caseId, step, names.flaky)).toEqual([500, 500, 200]);
    expect(statusesOf(caseId, step, names.refusing)).toEqual([400]);
  }
  expect(receiver.effects.filter((e) => e.key.startsWith(`${caseId}:`)).map((e) => e.key)).toEqual([1, 2].map((s) => `${caseId}:${s}:${names.flaky}`));
  await eventually(async () => (await db.select().from(cases).where(eq(cases.id, caseId)))[0], (row) => row.status === 'found' && row.endedAt !== null);
});

test('a dead partner: the Cancel supersedes its step 1, is tried about 25 minutes, then recorded failed; the live partner has it meanwhile; the case ends', async () => {
  const { caseId, handle } = await ctx.startCase({ policy: { alertChannels: [names.dead, names.live] } });
  const db = ctx.database.db;
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await eventually(
    async () => ({ rows: await deliveryRows(db, caseId, names.live), deadPosts: statusesOf(caseId, 1, names.dead).length }),
    ({ rows, deadPosts }) => rows.length === 1 && rows[0].status === 'delivered' && deadPosts >= 1,
  );
  // The live partner's step 1 taken in by the case; the dead one's still retries.
  await deliveryResultsInHistory(handle, 1);
  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  // The Cancel does not wait for the dead partner's retries of step 1.
  const early = await eventually(() => deliveryRows(db, caseId), (rows) => rows.filter((r) => r.step === 2 && r.status === 'delivered').length === 2);
  // On the dead channel step 1 is still retried (pending) or already superseded by the Cancel, whose
  // delivery there has started or not yet: nothing delivered, nothing failed.
  const deadEarly = early.filter((r) => r.channel === names.dead).map((r) => [r.step, r.status]);
  expect([[[1, 'pending']], [[1, 'superseded']], [[1, 'superseded'], [2, 'pending']]]).toContainEqual(deadEarly);

  await ctx.env.sleep(2 * HOUR); // room for the Cancel's attempts (backoff capped at 30 s, about 25 minutes)
  await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
  const host = new URL(receiver.url(names.dead)).host;
  const gaveUp = `POST to ${host} answered 503`;
  const attempts = deliveryAttemptsFor(DEFAULT_DELIVERY_RETRY_MAX_INTERVAL_MS);
  expect(attempts).toBe(54);
  const step1Posts = statusesOf(caseId, 1, names.dead).length;
  expect(summary(await deliveryRows(db, caseId, names.dead))).toEqual([
    [1, names.dead, 'superseded', step1Posts, 503, gaveUp, false],
    [2, names.dead, 'failed', attempts, 503, gaveUp, false],
  ]);
  // Superseded, not retried on: every POST of step 1 came before the first of the Cancel.
  const deadKeys = receiver.posts.filter((p) => p.channel === names.dead && p.key.startsWith(`${caseId}:`)).map((p) => p.key.split(':')[1]);
  expect(deadKeys).toEqual([...Array(step1Posts).fill('1'), ...Array(attempts).fill('2')]);
  expect(summary(await deliveryRows(db, caseId, names.live))).toEqual([
    [1, names.live, 'delivered', 1, 200, null, true],
    [2, names.live, 'delivered', 1, 200, null, true],
  ]);
  expect(step1Posts).toBeGreaterThanOrEqual(1);
  await eventually(async () => (await db.select().from(cases).where(eq(cases.id, caseId)))[0], (row) => row.status === 'found' && row.endedAt !== null);
});
