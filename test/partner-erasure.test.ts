/**
 * Erasure that reaches every copy, through the case workflow's own purge (time-skipping server, real
 * activities, PostgreSQL, a real partner receiver): each partner channel that was sent a message gets
 * exactly one signed `erase` with every message id it was sent; a partner down at the purge gets it once
 * it is back, exactly once; a channel that was sent nothing gets nothing. Each is recorded with its
 * acknowledgement, and the feed and message URLs no longer show the child.
 */
import request from 'supertest';
import { asc, eq } from 'drizzle-orm';
import { verifySignature } from '../activities/signing';
import { partnerErasures } from '../db/schema';
import { approvalDecisionSignal, foundSignal } from '../workflows/contract';
import { deliveryRows, partnerChannels, usePartnerCaseContext } from './helpers/alert-delivery';
import { deliveryResultsInHistory } from './helpers/delivery-results';
import { eventually } from './helpers/eventually';
import { makeReport, officer, prosecutor } from './helpers/fixtures';
import { recordHistory } from './helpers/time-skipping';
import { waitForState } from './helpers/worker';

const HOUR = 3_600_000;
const RETENTION_MS = 2 * HOUR;
/** `idle` is configured on the worker but not a channel of the case: it is sent nothing. */
const { names, secrets } = partnerChannels(['social', 'sms', 'idle'] as const);
/** The sms partner answers 503 to an erase while this is true. */
let smsDown = false;
const { ctx, partner } = usePartnerCaseContext('partner-erasure', secrets, ({ channel, body }) =>
  smsDown && channel === names.sms && body.type === 'erase' ? 503 : 200,
);

test('at the purge every channel sent a message gets one signed erase with its message ids, a partner down at first once it is back, an idle channel nothing', async () => {
  const report = makeReport();
  // The family name is unique to this report (`Canary-<random>`): other files' cases share the feed.
  const familyName = report.child.fullName.split(' ')[1];
  const { caseId, handle } = await ctx.startCase({ report, policy: { alertChannels: [names.social, names.sms], retentionAfterCloseMs: RETENTION_MS } });
  const db = ctx.database.db;
  const ids = [1, 2, 3].map((n) => `mca-${caseId}-${n}`);
  const erasePosts = (channel: string) => partner.receiver.posts.filter((p) => p.channel === channel && p.key === `${caseId}:erase:${channel}`);

  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await ctx.env.sleep(HOUR);
  await waitForState(handle, (s) => s.alerts.length === 2);
  // Both steps on both channels, taken in by the case (helpers/delivery-results.ts says why).
  await deliveryResultsInHistory(handle, 4);
  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  await eventually(() => deliveryRows(db, caseId), (rows) => rows.filter((r) => r.status === 'delivered').length === 9);
  expect(partner.receiver.posts.filter((p) => p.key.startsWith(`${caseId}:`)).map((p) => p.body.type)).toEqual(Array(6).fill(undefined));
  const publicCancel = await request(partner.app).get(`/alerts/${ids[2]}.xml`);
  expect([publicCancel.status, publicCancel.text.includes(familyName)]).toEqual([200, true]);

  // The purge: sms is down at first and is retried; social acknowledges at once.
  smsDown = true;
  await ctx.env.sleep(RETENTION_MS);
  await eventually(() => erasePosts(names.sms).length, (n) => n >= 2);
  expect(erasePosts(names.social)).toHaveLength(1);
  smsDown = false;
  await handle.result();
  await recordHistory(handle, 'partner-erase-at-purge');

  for (const channel of [names.social, names.sms]) {
    const effects = partner.receiver.effects.filter((e) => e.channel === channel && e.key === `${caseId}:erase:${channel}`);
    expect(effects).toHaveLength(1);
    const [erase] = effects;
    expect(erase.body).toEqual({ type: 'erase', caseId, messageIds: ids, erasedAt: expect.any(String) });
    for (const post of erasePosts(channel)) {
      expect([verifySignature(secrets[channel], post.rawBody, post.signature), verifySignature(secrets[names.idle], post.rawBody, post.signature)]).toEqual([true, false]);
    }
  }
  const sms = erasePosts(names.sms);
  expect(sms.map((p) => p.status).slice(-1)).toEqual([200]);
  expect(sms.filter((p) => p.status === 503).length).toBe(sms.length - 1);
  expect(erasePosts(names.social).map((p) => [p.attempt, p.status])).toEqual([[1, 200]]);
  expect(partner.receiver.posts.filter((p) => p.channel === names.idle)).toEqual([]);

  const recorded = await db.select().from(partnerErasures).where(eq(partnerErasures.caseId, caseId)).orderBy(asc(partnerErasures.channel));
  const [first, second] = [names.sms, names.social].sort();
  expect(recorded.map((r) => [r.channel, r.status, r.messageIds, r.lastStatusCode, r.acknowledgedAt instanceof Date])).toEqual([
    [first, 'delivered', ids, 200, true],
    [second, 'delivered', ids, 200, true],
  ]);
  expect(recorded.find((r) => r.channel === names.sms)!.attempts).toBe(sms.length);
  expect(new Set(recorded.map((r) => r.erasedAt.toISOString()))).toEqual(new Set([partner.receiver.effects.find((e) => e.key === `${caseId}:erase:${names.social}`)!.body.erasedAt]));

  // Nothing of the child is public any more: not in the feed, and every message id is Gone.
  const feed = await request(partner.app).get('/alerts/feed');
  expect([feed.status, feed.text.includes(caseId), feed.text.includes(familyName)]).toEqual([200, false, false]);
  for (const id of ids) {
    const res = await request(partner.app).get(`/alerts/${id}.xml`);
    expect([res.status, res.text.includes(familyName)]).toEqual([410, false]);
  }
});
