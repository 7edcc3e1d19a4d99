/**
 * Partner deliveries and prosecutor notifications never follow a redirect: a partner answering 302,
 * 307 or 308 towards an internal host gets a failed delivery recorded with that status, and the
 * internal host is never reached (a 307/308 would otherwise re-POST the signed body there). Real
 * PostgreSQL, real HTTP servers on loopback, the real activities called directly.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { createNotifyActivities } from '../activities/approval-notifications';
import type { DatabaseHandle } from '../db/client';
import { approvalEvents } from '../db/schema';
import { deliveryRows, recordedAlert } from './helpers/alert-delivery';
import { recordCase } from './helpers/cases';
import { openTestDatabase } from './helpers/env';
import { realActivities, TEST_PUBLIC_BASE_URL } from './helpers/worker';

const SECRET = 'redirect-test-secret-0123456789';
let database: DatabaseHandle;
let internal: http.Server;
let redirector: http.Server;
/** Every request the internal host ever got: must stay empty. */
const internalHits: string[] = [];
const redirectorPosts: string[] = [];

const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
let internalUrl: string;
let redirectorUrl: string;

beforeAll(async () => {
  database = openTestDatabase();
  internal = http.createServer((req, res) => {
    internalHits.push(`${req.method} ${req.url}`);
    res.writeHead(200).end('{}');
  });
  internalUrl = await listen(internal);
  // /redirect/<status>: answers that status towards the internal host.
  redirector = http.createServer((req, res) => {
    redirectorPosts.push(`${req.method} ${req.url}`);
    req.resume();
    const status = Number(req.url?.split('/')[2]);
    req.on('end', () => res.writeHead(status, { Location: `${internalUrl}/admin/steal` }).end());
  });
  redirectorUrl = await listen(redirector);
});
afterAll(async () => {
  await Promise.all([internal, redirector].map((s) => new Promise((r) => s?.close(r))));
  await database?.close();
});

test.each([302, 307, 308])('a partner answering %i is a failed delivery with that status; the internal host is never reached', async (status) => {
  const channel = `redirect-${status}`;
  const activities = realActivities(database.db, {}, { webhooks: [{ name: channel, url: `${redirectorUrl}/redirect/${status}`, secret: SECRET }] });
  const { caseId } = await recordedAlert(database.db, activities);
  expect(await activities.deliverAlertStep({ caseId, step: 1, channel })).toEqual({ status: 'failed' });
  const [row] = await deliveryRows(database.db, caseId, channel);
  expect([row.status, row.lastStatusCode, row.lastError, row.acknowledgedAt]).toEqual(['failed', status, `answered a redirect (HTTP ${status}), which is never followed; not retried`, null]);
  expect(redirectorPosts).toContain(`POST /redirect/${status}`);
  expect(internalHits).toEqual([]);
});

test('a notification endpoint answering 307 is a failed push recorded with its status; the internal host is never reached', async () => {
  const notify = createNotifyActivities({ db: database.db, webhook: { url: `${redirectorUrl}/redirect/307`, secret: SECRET, timeoutMs: 5_000 }, publicBaseUrl: TEST_PUBLIC_BASE_URL });
  const { caseId } = await recordCase(database.db);
  const notice = { caseId, jurisdiction: 'MA-06', round: 1, kind: 'request' as const, at: new Date().toISOString(), risk: null, probableDuplicateOf: null };
  await notify.recordApprovalNotice(notice);
  expect(await notify.pushApprovalNotice(notice)).toEqual({ pushed: false });
  const [row] = await database.db
    .select({ notifiedAt: approvalEvents.notifiedAt, notifyError: approvalEvents.notifyError, failedAt: approvalEvents.notifyFailedAt })
    .from(approvalEvents)
    .where(and(eq(approvalEvents.caseId, caseId), eq(approvalEvents.kind, 'request')));
  expect([row.notifiedAt, row.notifyError, row.failedAt instanceof Date]).toEqual([null, 'answered a redirect (HTTP 307), which is never followed; not retried', true]);
  expect(redirectorPosts).toContain('POST /redirect/307');
  expect(internalHits).toEqual([]);
});
