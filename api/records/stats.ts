/**
 * GET /stats: non-identifying aggregates over the `cases` records and approval events (both outlive
 * the purge, so a purged case still counts). Durations in seconds; `null` when no case qualifies.
 * - report to approval: received_at to the first `approved` event;
 * - approval to first alert: that event to first_alert_at;
 * - report to found: received_at to ended_at of cases whose outcome is `found` (ended_at is when the
 *   case was recorded ended, after its alerts were cancelled).
 * Tips from the public: received, promoted, dismissed (assessed not credible), from `case_tips` while the
 * case has them and from the counts the purge kept on the `cases` row after.
 * Each jurisdiction in scope has the same figures of its own (`cases.byJurisdiction`), for the
 * statistics screen's comparisons.
 */
import { sql, type SQL } from 'drizzle-orm';
import { TIPS_BY_CASE } from '../../db/case-tips';
import type { Database } from '../../db/client';

export const OUTCOMES = ['found', 'closed', 'rejected', 'open'] as const;
type Outcome = (typeof OUTCOMES)[number];
type OutcomeCounts = Record<Outcome, number>;

export interface DurationStats {
  cases: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

const zeroCounts = (): OutcomeCounts => ({ found: 0, closed: 0, rejected: 0, open: 0 });
const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000);

/** One CTE per call: the cases in scope with their first approval. */
const scoped = (jurisdiction: string | null) => sql`
  with scoped as (
    select c.*, (select min(e.at) from approval_events e where e.case_id = c.id and e.kind = 'approved') as approved_at
    from cases c
    where ${jurisdiction}::text is null or c.jurisdiction = ${jurisdiction}
  )`;

const noDuration = (): DurationStats => ({ cases: 0, medianSeconds: null, p90Seconds: null });

/** One duration over the scope (key `null`) and per jurisdiction, in one query (grouping sets). */
async function duration(db: Database, jurisdiction: string | null, seconds: SQL, where: SQL): Promise<Map<string | null, DurationStats>> {
  const { rows } = await db.execute<{ jurisdiction: string | null; n: number; median: string | null; p90: string | null }>(sql`${scoped(jurisdiction)}
    select jurisdiction, count(*)::int as n,
      percentile_cont(0.5) within group (order by ${seconds}) as median,
      percentile_cont(0.9) within group (order by ${seconds}) as p90
    from scoped where ${where} group by grouping sets ((jurisdiction), ())`);
  const all = new Map<string | null, DurationStats>([[null, noDuration()]]);
  for (const row of rows) all.set(row.jurisdiction, { cases: row.n, medianSeconds: round(row.median), p90Seconds: round(row.p90) });
  return all;
}

export async function caseStatistics(db: Database, jurisdiction: string | null) {
  const byPair = await db.execute<{ jurisdiction: string; outcome: Outcome; n: number }>(sql`${scoped(jurisdiction)}
    select jurisdiction, coalesce(outcome, 'open') as outcome, count(*)::int as n from scoped group by 1, 2 order by 1, 2`);
  const perJurisdiction = new Map<string, OutcomeCounts>();
  const total = zeroCounts();
  for (const row of byPair.rows) {
    const counts = perJurisdiction.get(row.jurisdiction) ?? zeroCounts();
    counts[row.outcome] += row.n;
    total[row.outcome] += row.n;
    perJurisdiction.set(row.jurisdiction, counts);
  }
  const sum = (c: OutcomeCounts) => OUTCOMES.reduce((n, o) => n + c[o], 0);

  const epoch = (later: SQL, earlier: SQL) => sql`extract(epoch from (${later} - ${earlier}))`;
  const [reportToApproval, approvalToFirstAlert, reportToFound] = await Promise.all([
    duration(db, jurisdiction, epoch(sql`approved_at`, sql`received_at`), sql`approved_at is not null`),
    duration(db, jurisdiction, epoch(sql`first_alert_at`, sql`approved_at`), sql`approved_at is not null and first_alert_at is not null`),
    duration(db, jurisdiction, epoch(sql`ended_at`, sql`received_at`), sql`outcome = 'found' and ended_at is not null`),
  ]);

  const tiers = await db.execute<{ jurisdiction: string; tier: number | null; n: number; national: number }>(sql`${scoped(jurisdiction)}
    select jurisdiction, tier_reached as tier, count(*)::int as n, count(*) filter (where national_reached)::int as national
    from scoped group by 1, 2 order by 1, 2 nulls first`);
  const tiersOf = (rows: typeof tiers.rows) => {
    const byTier = new Map<number | null, { n: number; national: number }>();
    for (const row of rows) {
      const t = byTier.get(row.tier) ?? { n: 0, national: 0 };
      byTier.set(row.tier, { n: t.n + row.n, national: t.national + row.national });
    }
    const ordered = [...byTier].sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a - b));
    return { tiersReached: ordered.map(([tier, t]) => ({ tierIndex: tier, cases: t.n })), nationalReached: ordered.reduce((n, [, t]) => n + t.national, 0) };
  };
  const tipRows = await db.execute<{ jurisdiction: string | null; received: number; promoted: number; dismissed: number }>(sql`${scoped(jurisdiction)}
    select s.jurisdiction,
      coalesce(sum(coalesce(s.tips_received, t.received)), 0)::int as received,
      coalesce(sum(coalesce(s.tips_promoted, t.promoted)), 0)::int as promoted,
      coalesce(sum(coalesce(s.tips_dismissed, t.dismissed)), 0)::int as dismissed
    from scoped s left join ${TIPS_BY_CASE} t on t.case_id = s.id
    group by grouping sets ((s.jurisdiction), ())`);
  const tipsOf = (key: string | null) => {
    const row = tipRows.rows.find((r) => r.jurisdiction === key);
    return { received: row?.received ?? 0, promoted: row?.promoted ?? 0, dismissed: row?.dismissed ?? 0 };
  };
  const durationsOf = (key: string | null) => ({
    reportToApproval: reportToApproval.get(key) ?? noDuration(),
    approvalToFirstAlert: approvalToFirstAlert.get(key) ?? noDuration(),
    reportToFound: reportToFound.get(key) ?? noDuration(),
  });

  return {
    jurisdiction,
    cases: {
      total: sum(total),
      byOutcome: total,
      byJurisdiction: [...perJurisdiction].map(([code, counts]) => ({
        jurisdiction: code,
        total: sum(counts),
        byOutcome: counts,
        durations: durationsOf(code),
        ...tiersOf(tiers.rows.filter((row) => row.jurisdiction === code)),
        tips: tipsOf(code),
      })),
    },
    durations: durationsOf(null),
    ...tiersOf(tiers.rows),
    tips: tipsOf(null),
  };
}
