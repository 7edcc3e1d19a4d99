/**
 * The whole life of a case on the official time-skipping test server: intake, approval, local alert,
 * every widening, national coverage, a re-broadcast, found, one cancellation, purge after retention.
 */
import { eq } from 'drizzle-orm';
import { alertSteps, casePersonalData, cases } from '../db/schema';
import { approvalDecisionSignal, caseStateQuery, foundSignal } from '../workflows/contract';
import { officer, prosecutor } from './helpers/fixtures';
import { recordHistory, useCaseTestContext } from './helpers/time-skipping';
import { waitForState } from './helpers/worker';

const HOUR = 3_600_000;
const ctx = useCaseTestContext('lifecycle');

test('a full case alerts, widens on schedule, re-broadcasts nationally, and cancels every alert when found', async () => {
  const { caseId, handle } = await ctx.startCase();
  const retentionMs = 30 * 24 * HOUR;

  await waitForState(handle, (s) => s.status === 'awaiting_approval' && s.approvals.length === 1);
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await waitForState(handle, (s) => s.status === 'alerting' && s.alerts.length === 1);

  await ctx.env.sleep(HOUR); // 40 km
  await waitForState(handle, (s) => s.alerts.length === 2);
  await ctx.env.sleep(HOUR); // 160 km
  await waitForState(handle, (s) => s.alerts.length === 3);
  await ctx.env.sleep(HOUR); // national
  await waitForState(handle, (s) => s.alerts.length === 4);
  await ctx.env.sleep(24 * HOUR); // national re-broadcast
  const beforeFound = await waitForState(handle, (s) => s.alerts.length === 5);
  expect(beforeFound.tier).toMatchObject({ index: 3, kind: 'national', radiusKm: null });

  await handle.signal(foundSignal, { condition: 'unharmed', location: { lat: 33.6, lon: -7.6 }, reportedBy: officer });
  const ended = await waitForState(handle, (s) => s.status === 'found' && s.timeline.some((t) => t.event === 'alerts_cancelled'));

  expect(ended.alerts.map((a) => [a.kind, a.msgType, a.areas.map((area) => area.radiusKm ?? 'national')])).toEqual([
    ['alert', 'Alert', [10]],
    ['widen', 'Update', [40]],
    ['widen', 'Update', [160]],
    ['widen', 'Update', ['national']],
    ['rebroadcast', 'Update', ['national']],
    ['cancel', 'Cancel', [10, 40, 160, 'national']],
  ]);
  const sent = ended.alerts.map((a) => Date.parse(a.sentAt));
  const gaps = sent.slice(1, 5).map((t, i) => t - sent[i]);
  const expected = [HOUR, HOUR, HOUR, 24 * HOUR];
  gaps.forEach((gap, i) => expect(Math.abs(gap - expected[i])).toBeLessThan(5_000));
  expect(ended.alerts.map((a) => a.step)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(ended.outcome).toMatchObject({ kind: 'found', condition: 'unharmed', by: officer });
  expect(ended.timeline.map((t) => t.event)).toEqual([
    'received', 'validated', 'approval_requested', 'approved', 'first_alert', 'widened', 'widened', 'national', 'rebroadcast', 'found', 'alerts_cancelled',
  ]);

  const rows = await ctx.database.db.select().from(alertSteps).where(eq(alertSteps.caseId, caseId)).orderBy(alertSteps.step);
  expect(rows.map((r) => r.msgType)).toEqual(['Alert', 'Update', 'Update', 'Update', 'Update', 'Cancel']);
  expect(rows.slice(0, 5).every((r) => r.cancelledAt !== null)).toBe(true);
  const [row] = await ctx.database.db.select().from(cases).where(eq(cases.id, caseId));
  expect(row).toMatchObject({ status: 'found', outcome: 'found', tierReached: 3, nationalReached: true, risk: 'high' });
  expect(row.firstAlertAt).not.toBeNull();

  // Retention: the result arrives after RETENTION_AFTER_CLOSE, with personal data gone.
  const summary = await handle.result();
  expect(summary).toMatchObject({ caseId, status: 'found', alertsSent: 6 });
  expect(await ctx.database.db.select().from(casePersonalData).where(eq(casePersonalData.caseId, caseId))).toHaveLength(0);
  const [purged] = await ctx.database.db.select().from(cases).where(eq(cases.id, caseId));
  expect(purged.personalDataPurgedAt).not.toBeNull();
  expect(Date.parse(summary.timeline.at(-1)!.at) - Date.parse(ended.timeline.at(-1)!.at)).toBeGreaterThanOrEqual(retentionMs - 5_000);
  await expect(handle.query(caseStateQuery)).resolves.toMatchObject({ personalDataPurgedAt: expect.any(String), sightings: [] });
  await recordHistory(handle, 'local-database-steps-full-case');
});
