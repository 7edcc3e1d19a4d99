/**
 * What of an alert stays public after its case ends, through the real pipeline (time-skipping server,
 * real activities, PostgreSQL) and the real routes, judged by a clock the test moves: the feed lists
 * one entry per case, its latest message; after the end, the Cancel instead, until the Cancel expires
 * (ALERT_CANCEL_EXPIRES_AFTER, 6 h here), then nothing of the case, while a running case stays listed.
 * `GET /alerts/:id.xml` answers 410 for the ended case's other messages at once and for the Cancel at
 * its expiry; the Cancel as stored carries no photo, description, suspect or vehicle and is valid CAP.
 */
import express, { type Express } from 'express';
import request from 'supertest';
import { asc, eq } from 'drizzle-orm';
import { alertRoutes } from '../api/alerts/router';
import { errorHandler } from '../api/problem';
import { loadConfig } from '../config/env';
import { alertSteps } from '../db/schema';
import { checkCap12 } from '../domain/cap/testing/cap12-conformance';
import { childrenNamed, parseXmlStrict, textOf } from '../domain/cap/testing/xml-dom';
import { approvalDecisionSignal, foundSignal } from '../workflows/contract';
import { makeReport, officer, prosecutor } from './helpers/fixtures';
import { useCaseTestContext } from './helpers/time-skipping';
import { TEST_PUBLIC_BASE_URL, waitForState } from './helpers/worker';

const HOUR = 3_600_000;
const CANCEL_LIFETIME_MS = 6 * HOUR;
const ctx = useCaseTestContext('feed-end', () => ({}), () => ({ cancelExpiresAfterMs: CANCEL_LIFETIME_MS }));
let clock = new Date();
let app: Express;
const appErrors: unknown[] = [];

beforeAll(() => {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL });
  app = express();
  for (const route of alertRoutes({ config, db: ctx.database.db, now: () => clock })) if (route.roles === 'public') app.get(route.path, route.handler);
  app.use(errorHandler((err) => appErrors.push(err)));
});
afterAll(() => expect(appErrors).toEqual([]));

/** The feed's message ids of the given cases, in feed order (other files' cases share the database). */
async function feedIds(caseIds: string[]): Promise<string[]> {
  const res = await request(app).get('/alerts/feed');
  expect([res.status, res.headers['content-type']]).toEqual([200, 'application/atom+xml; charset=utf-8']);
  const entries = parseXmlStrict(res.text).getElementsByTagName('entry');
  return Array.from({ length: entries.length }, (_, i) => entries.item(i)!.getElementsByTagName('id').item(0)!.textContent!)
    .map((url) => /\/alerts\/([^/]+)\.xml$/.exec(url)![1])
    .filter((id) => caseIds.some((caseId) => id.startsWith(`mca-${caseId}-`)));
}

async function statusOf(messageId: string): Promise<number> {
  const res = await request(app).get(`/alerts/${messageId}.xml`);
  if (res.status !== 200) expect([res.headers['content-type'], res.body.status]).toEqual(['application/problem+json; charset=utf-8', res.status]);
  return res.status;
}

test('the feed shows each case\'s latest message, then the ended case\'s Cancel until it expires; its other messages are Gone at once, the Cancel at its expiry', async () => {
  const suspect = { description: 'a man in his forties', vehicle: 'white Dacia Logan' };
  const running = await ctx.startCase();
  const ended = await ctx.startCase({ report: makeReport({ circumstances: { type: 'abduction', suspect } }) });
  const [a, b] = [running.caseId, ended.caseId];
  const id = (caseId: string, n: number) => `mca-${caseId}-${n}`;
  for (const { handle } of [running, ended]) {
    await waitForState(handle, (s) => s.status === 'awaiting_approval');
    await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
    await waitForState(handle, (s) => s.alerts.length === 1);
  }
  clock = new Date();
  expect(await feedIds([a, b])).toHaveLength(2);
  await ctx.env.sleep(HOUR);
  for (const { handle } of [running, ended]) await waitForState(handle, (s) => s.alerts.length === 2);
  await ended.handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  await waitForState(ended.handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));

  const stored = await ctx.database.db.select().from(alertSteps).where(eq(alertSteps.caseId, b)).orderBy(asc(alertSteps.step));
  expect(stored.map((s) => s.msgType)).toEqual(['Alert', 'Update', 'Cancel']);
  const cancel = stored[2];
  // The CAP `expires`, in whole seconds as CAP writes times.
  const cancelExpires = Math.floor((cancel.sentAt.getTime() + CANCEL_LIFETIME_MS) / 1000) * 1000;

  // Just after the end: one entry per case, the running case's latest and the ended case's Cancel.
  clock = new Date(cancel.sentAt.getTime() + 60_000);
  expect(await feedIds([a, b])).toEqual([id(b, 3), id(a, 2)]);
  expect([await statusOf(id(a, 1)), await statusOf(id(a, 2))]).toEqual([200, 200]);
  expect([await statusOf(id(b, 1)), await statusOf(id(b, 2)), await statusOf(id(b, 3))]).toEqual([410, 410, 200]);
  expect((await request(app).get(`/alerts/${id(b, 3)}.xml`)).text).toBe(cancel.capXml);
  expect(await statusOf(id(b, 99))).toBe(404);

  // A second before the Cancel expires it is still there; at its expiry nothing of the case is.
  clock = new Date(cancelExpires - 1000);
  expect([await feedIds([a, b]), await statusOf(id(b, 3))]).toEqual([[id(b, 3), id(a, 2)], 200]);
  clock = new Date(cancelExpires);
  expect(await feedIds([a, b])).toEqual([id(a, 2)]);
  expect([await statusOf(id(b, 1)), await statusOf(id(b, 2)), await statusOf(id(b, 3)), await statusOf(id(a, 2))]).toEqual([410, 410, 410, 200]);
  const gone = await request(app).get(`/alerts/${id(b, 3)}.xml`);
  expect([gone.body.title, gone.headers['cache-control']]).toEqual(['Gone', 'no-cache']);

  // The Cancel as partners and hubs got it: valid CAP, its own expiry, the name only.
  const alertXml = stored[0].capXml!;
  const cancelXml = cancel.capXml!;
  expect([checkCap12(alertXml), checkCap12(cancelXml)]).toEqual([[], []]);
  const infos = (xml: string) => childrenNamed(parseXmlStrict(xml).documentElement!, 'info');
  for (const info of infos(cancelXml)) {
    expect([childrenNamed(info, 'resource').length, childrenNamed(info, 'description').length]).toEqual([0, 0]);
    expect(Date.parse(textOf(info, 'expires'))).toBe(cancelExpires);
  }
  // Positive control: the Alert carried the photo and the suspect the Cancel leaves out.
  expect(infos(alertXml).map((info) => childrenNamed(info, 'resource').length)).toEqual([1, 1]);
  for (const words of [suspect.description, 'Dacia', 'photos.example.org']) {
    expect([words, alertXml.includes(words), cancelXml.includes(words)]).toEqual([words, true, false]);
  }
  await running.handle.terminate('test over');
});
