/**
 * Prosecutors are told through NOTIFY_WEBHOOK_URL as well as the pending list: a signed JSON POST for
 * the request, the reminder and the escalation (marked for senior prosecutors), each applied once,
 * carrying nothing personal. A partner that refuses (4xx) is not retried and the case goes on.
 */
import { and, eq } from 'drizzle-orm';
import { createNotifyActivities } from '../activities/approval-notifications';
import { approvalEvents } from '../db/schema';
import { approvalDecisionSignal } from '../workflows/contract';
import { prosecutor } from './helpers/fixtures';
import { useCaseTestContext } from './helpers/time-skipping';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';
import { TEST_PUBLIC_BASE_URL, waitForState } from './helpers/worker';

const MINUTE = 60_000;
const SECRET = 'notify-secret-0123456789abcdef';
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver({ prosecutors: SECRET });
});
afterAll(() => receiver.close());

// The real notification activities, pointed at the receiver once it listens.
const withWebhook = () =>
  createNotifyActivities({
    db: ctx.database.db,
    webhook: { url: receiver.url('prosecutors'), secret: SECRET, timeoutMs: 5_000 },
    publicBaseUrl: TEST_PUBLIC_BASE_URL,
  });
const ctx = useCaseTestContext('notify', () => ({
  pushApprovalNotice: (notice) => withWebhook().pushApprovalNotice(notice),
  notifyProsecutors: (notice) => withWebhook().notifyProsecutors(notice),
}));

const postsFor = (caseId: string) => receiver.posts.filter((p) => p.body.caseId === caseId);

test('request, reminder and escalation are pushed signed, once each, and carry nothing personal', async () => {
  receiver.respond(({ attempt, body }) => (body.type === 'approval.reminder' && attempt === 1 ? 503 : 200));
  const { caseId, handle } = await ctx.startCase();
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await ctx.env.sleep(16 * MINUTE);
  await waitForState(handle, (s) => s.approvals[0].reminders.length === 1);
  await ctx.env.sleep(45 * MINUTE);
  await waitForState(handle, (s) => s.approvals[0].escalatedAt !== null);

  const keys = receiver.effects.filter((e) => e.body.caseId === caseId).map((e) => [e.key, e.body.type, e.body.audience]);
  expect(keys).toEqual([
    [`${caseId}:approval:1:request`, 'approval.request', 'prosecutor'],
    [`${caseId}:approval:1:reminder`, 'approval.reminder', 'prosecutor'],
    [`${caseId}:approval:1:escalation`, 'approval.escalation', 'senior_prosecutor'],
  ]);
  const posts = postsFor(caseId);
  expect(posts.map((p) => [p.body.type, p.status])).toEqual([
    ['approval.request', 200],
    ['approval.reminder', 503],
    ['approval.reminder', 200],
    ['approval.escalation', 200],
  ]);
  expect(posts.every((p) => p.signatureValid)).toBe(true);
  expect(posts[0].body).toMatchObject({ jurisdiction: 'MA-06', round: 1, risk: 'high', links: { case: `${TEST_PUBLIC_BASE_URL}/cases/${caseId}` } });
  for (const post of posts) {
    expect(post.rawBody).not.toMatch(/Canary|\+212|football|bullied/);
  }
  const rows = await ctx.database.db.select().from(approvalEvents).where(eq(approvalEvents.caseId, caseId)).orderBy(approvalEvents.id);
  expect(rows.map((r) => [r.kind, r.notifiedAt !== null])).toEqual([
    ['request', true],
    ['reminder', true],
    ['escalation', true],
  ]);
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await waitForState(handle, (s) => s.status === 'alerting');
});

test('a notification endpoint that refuses (400) is not retried, is recorded as not pushed, and the case goes on', async () => {
  receiver.respond(() => 400);
  const { caseId, handle } = await ctx.startCase();
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await ctx.env.sleep(16 * MINUTE);
  await waitForState(handle, (s) => s.approvals[0].reminders.length === 1);
  expect(postsFor(caseId).map((p) => [p.body.type, p.status])).toEqual([
    ['approval.request', 400],
    ['approval.reminder', 400],
  ]);
  const [request] = await ctx.database.db
    .select()
    .from(approvalEvents)
    .where(and(eq(approvalEvents.caseId, caseId), eq(approvalEvents.kind, 'request')));
  expect(request.notifiedAt).toBeNull();
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await waitForState(handle, (s) => s.status === 'alerting');
});
