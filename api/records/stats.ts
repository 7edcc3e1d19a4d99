/**
 * GET /stats: non-identifying aggregates over the `cases` records and approval events (both outlive
 * the purge, so a purged case still counts). Durations in seconds; `null` when no case qualifies.
 * - report to approval: received_at to the first `approved` event;
 * - approval to first alert: that event to first_alert_at;
 * - report to found: received_at to ended_at of cases whose outcome is `found` (ended_at is when the
 *   case was recorded ended, after its alerts were cancelled).
 */
import { sql, type SQL } from 'drizzle-orm';
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

async function duration(db: Database, jurisdiction: string | null, seconds: SQL, where: SQL): Promise<DurationStats> {
  const { rows } = await db.execute<{ n: number; median: string | null; p90: string | null }>(sql`${scoped(jurisdiction)}
    select count(*)::int as n,
      percentile_cont(0.5) within group (order by ${seconds}) as median,
      percentile_cont(0.9) within group (order by ${seconds}) as p90
    from scoped where ${where}`);
  return { cases: rows[0].n, medianSeconds: round(rows[0].median), p90Seconds: round(rows[0].p90) };
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

  const tiers = await db.execute<{ tier: number | null; n: number; national: number }>(sql`${scoped(jurisdiction)}
    select tier_reached as tier, count(*)::int as n, count(*) filter (where national_reached)::int as national
    from scoped group by 1 order by 1 nulls first`);

  return {
    jurisdiction,
    cases: {
      total: sum(total),
      byOutcome: total,
      byJurisdiction: [...perJurisdiction].map(([code, counts]) => ({ jurisdiction: code, total: sum(counts), byOutcome: counts })),
    },
    durations: { reportToApproval, approvalToFirstAlert, reportToFound },
    tiersReached: tiers.rows.map((row) => ({ tierIndex: row.tier, cases: row.n })),
    nationalReached: tiers.rows.reduce((n, row) => n + row.national, 0),
  };
}
