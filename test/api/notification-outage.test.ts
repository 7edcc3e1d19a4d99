/**
 * Notifications never hold anything up: with the prosecutors' endpoint answering 503 to every push,
 * the approval, the first alert and the found go through while the push is still being retried; the
 * push gives up after NOTIFY_MAX_ATTEMPTS, is recorded failed, and the pending list says so.
 */
import request from 'supertest';
import { createActivities } from '../../activities';
import { workflowIdForCase } from '../../workflows/contract';
import { eventually } from '../helpers/eventually';
import { testCountry, testFingerprintKeys } from '../helpers/env';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { TEST_PUBLIC_BASE_URL, testAlertSettings, waitForState } from '../helpers/worker';
import { bearer, createCaseAwaitingApproval, startApiHarness, tokenFor, type ApiHarness } from './harness';

jest.setTimeout(90_000);

const SECRET = 'notify-outage-secret-0123456789abcdef';
let h: ApiHarness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver({ prosecutors: SECRET });
  receiver.respond(() => 503);
  const url = receiver.url('prosecutors');
  h = await startApiHarness('notify-outage', {
    env: { NOTIFY_WEBHOOK_URL: url, NOTIFY_WEBHOOK_SECRET: SECRET, NOTIFY_MAX_ATTEMPTS: '3', NOTIFY_TIMEOUT: '2s' },
    // The service's worker as configured above: pushing to the receiver.
    activities: (db) =>
      createActivities({ db, country: testCountry, fingerprintKeys: testFingerprintKeys, webhook: { url, secret: SECRET, timeoutMs: 2_000 }, publicBaseUrl: TEST_PUBLIC_BASE_URL, alerts: testAlertSettings() }),
  });
});
afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

const notice = async (caseId: string) =>
  (
    await h.database.pool.query<{ notified: boolean; failed: boolean; error: string | null }>(
      "select notified_at is not null as notified, notify_failed_at is not null as failed, notify_error as error from approval_events where case_id = $1 and kind = 'request'",
      [caseId],
    )
  ).rows[0];

test('approval, alert and found go through while the push is failing; the push is bounded and recorded failed', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  const prosecutor = bearer(await tokenFor('prosecutor'));
  const approved = await request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' });
  expect([approved.status, approved.body.status, approved.body.state.alerts.length]).toEqual([200, 'alerting', 1]);
  // The decision and its alert did not wait: the push is still being retried.
  expect(await notice(caseId)).toEqual({ notified: false, failed: false, error: null });
  const found = await request(h.app).post(`/cases/${caseId}/found`).set(bearer(await tokenFor('officer'))).send({ condition: 'unharmed' });
  expect([found.status, found.body.status]).toEqual([200, 'found']);
  await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));

  // Bounded: three attempts, then recorded failed (transport facts only).
  const failed = await eventually(() => notice(caseId), (n) => n?.failed === true, 30_000);
  expect(failed).toEqual({ notified: false, failed: true, error: expect.stringMatching(/answered 503$/) });
  expect(receiver.posts.filter((p) => p.body.caseId === caseId).map((p) => p.status)).toEqual([503, 503, 503]);
});

test('the pending list shows a notification that gave up as failed', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  await eventually(() => notice(caseId), (n) => n?.failed === true, 30_000);
  const pending = await request(h.app).get('/approvals/pending').set(bearer(await tokenFor('prosecutor')));
  expect(pending.status).toBe(200);
  const item = pending.body.items.find((i: { caseId: string }) => i.caseId === caseId);
  expect([item.round, item.notification]).toEqual([1, 'failed']);
  expect(h.loggedErrors).toEqual([]);
});
