/**
 * A full case on the time-skipping server with a real local partner (two webhook channels): every
 * step reaches the feed and each partner exactly once, in order, signed; each CAP passes the CAP 1.2
 * checker; no private field leaves; the feed lists the case's latest message and, after the end, its
 * Cancel; `GET /alerts/<id>.xml` serves only the Cancel of the ended case (410 for the others);
 * `GET /cases/:id/alerts` and /metrics show what was delivered.
 */
import { eventually } from './helpers/eventually';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { verifySignature } from '../activities/signing';
import { alertSteps } from '../db/schema';
import { checkCap12 } from '../domain/cap/testing/cap12-conformance';
import { parseXmlStrict } from '../domain/cap/testing/xml-dom';
import { approvalDecisionSignal, foundSignal, sightingSignal } from '../workflows/contract';
import { bearer, tokenFor } from './api/harness';
import { deliveryRows, partnerChannels, reportWithCanaries, usePartnerCaseContext } from './helpers/alert-delivery';
import { deliveryResultsInHistory } from './helpers/delivery-results';
import { officer, prosecutor } from './helpers/fixtures';
import { recordHistory } from './helpers/time-skipping';
import { waitForState } from './helpers/worker';

const HOUR = 3_600_000;
const { names, secrets } = partnerChannels(['social', 'sms'] as const);
const { ctx, partner } = usePartnerCaseContext('alert-delivery', secrets);

/** The message ids of one case in the feed, in feed order (newest first). */
function feedIds(feed: string, caseId: string): string[] {
  const entries = parseXmlStrict(feed).getElementsByTagName('entry');
  return Array.from({ length: entries.length }, (_, i) => entries.item(i)!.getElementsByTagName('id').item(0)!.textContent!)
    .map((url) => /\/alerts\/([^/]+)\.xml$/.exec(url)![1])
    .filter((id) => id.startsWith(`mca-${caseId}-`));
}

test('every step of a full case reaches the feed and each partner exactly once, in order; the Cancel reaches all; nothing private leaves', async () => {
  const { report, canaries } = reportWithCanaries();
  const { caseId, handle } = await ctx.startCase({ report, policy: { alertChannels: [names.social, names.sms] } });
  const db = ctx.database.db;
  const id = (n: number) => `mca-${caseId}-${n}`;
  const feeds: string[] = [];
  const readFeed = async () => {
    const res = await request(partner.app).get('/alerts/feed');
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/atom+xml; charset=utf-8']);
    feeds.push(res.text);
    return feedIds(res.text, caseId);
  };
  const delivered = (step: number) => eventually(() => deliveryRows(db, caseId), (rows) => rows.filter((r) => r.step === step && r.status === 'delivered').length === 3);

  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await delivered(1);
  expect(await readFeed()).toEqual([id(1)]);
  for (const step of [2, 3, 4]) {
    await ctx.env.sleep(HOUR);
    await delivered(step);
  }
  await ctx.env.sleep(24 * HOUR);
  await delivered(5);
  // Every step so far on both channels, taken in by the case (helpers/delivery-results.ts says why).
  await deliveryResultsInHistory(handle, 10);
  await handle.signal(sightingSignal, { location: { lat: 34.02, lon: -6.84 }, seenAt: new Date().toISOString(), reportedBy: officer });
  await delivered(6);
  // One entry per case: its latest message.
  expect(await readFeed()).toEqual([id(6)]);
  await deliveryResultsInHistory(handle, 12);
  await handle.signal(foundSignal, { condition: 'unharmed', reportedBy: officer });
  await delivered(7);
  const ended = await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
  // The Cancel replaces it, so that hubs withdraw the alert (test/alert-feed-end.test.ts: until it expires).
  expect(await readFeed()).toEqual([id(7)]);
  await recordHistory(handle, 'webhook-deliveries-found');

  expect(ended.alerts.map((a) => a.kind)).toEqual(['alert', 'widen', 'widen', 'widen', 'rebroadcast', 'sighting_update', 'cancel']);
  const msgTypes = ['Alert', 'Update', 'Update', 'Update', 'Update', 'Update', 'Cancel'];
  const stored = await db.select().from(alertSteps).where(eq(alertSteps.caseId, caseId)).orderBy(alertSteps.step);
  const mine = partner.receiver.posts.filter((p) => p.key.startsWith(`${caseId}:`));
  expect(mine).toHaveLength(14);
  for (const channel of [names.social, names.sms]) {
    const posts = mine.filter((p) => p.channel === channel);
    // Exactly once each, in step order, each accepted at the first attempt.
    expect(posts.map((p) => [p.key, p.attempt, p.status, p.signatureValid, p.answered])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => [`${caseId}:${n}:${channel}`, 1, 200, true, true]),
    );
    posts.forEach((post, i) => {
      const step = ended.alerts[i];
      expect(post.body).toEqual({
        idempotencyKey: `${caseId}:${i + 1}:${channel}`,
        caseId,
        step: i + 1,
        msgType: msgTypes[i],
        messageId: id(i + 1),
        sentAt: step.sentAt,
        cap: stored[i].capXml,
      });
      expect(checkCap12(post.body.cap!)).toEqual([]);
      // The partner's secret verifies the signature; another partner's does not, nor a changed body.
      const other = channel === names.social ? secrets[names.sms] : secrets[names.social];
      expect([verifySignature(secrets[channel], post.rawBody, post.signature), verifySignature(other, post.rawBody, post.signature)]).toEqual([true, false]);
      expect(verifySignature(secrets[channel], post.rawBody.replace('"step":', '"step": '), post.signature)).toBe(false);
    });
  }
  expect(partner.receiver.effects.filter((e) => e.key.startsWith(`${caseId}:`))).toHaveLength(14);

  // References, as sender,identifier,sent, list the messages still in force (24 h expiry): the national
  // step references the three before it; the Cancel, 24 h later, only the re-broadcast and the sighting update.
  const referencesOf = (xml: string) => /<references>([^<]+)<\/references>/.exec(xml)![1].split(' ').map((r) => r.split(',')[1]);
  const cancel = stored[6].capXml!;
  expect(referencesOf(stored[3].capXml!)).toEqual([1, 2, 3].map(id));
  expect(referencesOf(cancel)).toEqual([5, 6].map(id));
  // Arabic text round-trips intact: JSON body, database and the served document are the same string.
  expect(cancel).toContain('<language>ar-MA</language>');
  expect(stored[0].capXml).toMatch(/[\u0600-\u06FF]{4,}/);

  // The case has ended: every message but its Cancel is Gone.
  const documents: string[] = [];
  for (const row of stored) {
    const res = await request(partner.app).get(`/alerts/${row.messageId}.xml`);
    if (row.msgType !== 'Cancel') {
      expect([res.status, res.headers['content-type'], res.body.title]).toEqual([410, 'application/problem+json; charset=utf-8', 'Gone']);
      continue;
    }
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/cap+xml; charset=utf-8']);
    expect(res.text).toBe(row.capXml);
    documents.push(res.text);
  }
  expect(documents).toHaveLength(1);
  const unknown = await request(partner.app).get(`/alerts/mca-${caseId}-99.xml`);
  expect([unknown.status, unknown.headers['content-type'], unknown.body.title]).toEqual([404, 'application/problem+json; charset=utf-8', 'Not Found']);
  expect((await request(partner.app).get('/alerts/no%20such.xml')).status).toBe(404);

  // No background, guardian, medical or circumstance canary in anything that left the system.
  const outbound = [...mine.map((p) => p.rawBody), ...feeds, ...documents];
  expect(outbound).toHaveLength(14 + 3 + 1);
  expect(JSON.stringify(report)).toEqual(expect.stringContaining('CANARY-MEDICAL'));
  for (const text of outbound) for (const canary of canaries) expect([canary, text.includes(canary)]).toEqual([canary, false]);
  expect(mine[0].rawBody).toContain(report.child.fullName.split(' ')[0]);

  const token = bearer(await tokenFor('officer'));
  const alerts = await request(partner.app).get(`/cases/${caseId}/alerts`).set(token);
  expect(alerts.status).toBe(200);
  const [first, second] = [names.sms, names.social].sort();
  for (const [i, item] of (alerts.body.items as Array<Record<string, any>>).entries()) {
    expect([item.step, item.msgType, item.cancelledAt === null]).toEqual([i + 1, msgTypes[i], i === 6]);
    expect(item.deliveries.map((d: Record<string, unknown>) => [d.channel, d.status, d.attempts, d.lastStatusCode, d.lastError, typeof d.acknowledgedAt])).toEqual([
      ['feed', 'delivered', 1, null, null, 'string'],
      [first, 'delivered', 1, 200, null, 'string'],
      [second, 'delivered', 1, 200, null, 'string'],
    ]);
  }
  expect(alerts.body.items).toHaveLength(7);

  const metrics = (await request(partner.app).get('/metrics')).text;
  for (const channel of [names.social, names.sms]) {
    expect(metrics.split('\n').filter((line) => line.startsWith(`mca_alert_messages{channel="${channel}"`)).sort()).toEqual([
      `mca_alert_messages{channel="${channel}",msg_type="Alert",outcome="delivered"} 1`,
      `mca_alert_messages{channel="${channel}",msg_type="Cancel",outcome="delivered"} 1`,
      `mca_alert_messages{channel="${channel}",msg_type="Update",outcome="delivered"} 5`,
    ]);
  }
});
