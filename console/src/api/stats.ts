/**
 * GET /stats (administrators; a regional one sees its own region): non-identifying aggregates, purged
 * cases included. Shapes mirror api/records/router.ts (statsSchema); durations are in seconds.
 */
import { useQuery } from '@tanstack/react-query';
import { useApiRequest } from './client';

export const OUTCOMES = ['found', 'closed', 'rejected', 'open'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type OutcomeCounts = Record<Outcome, number>;

export interface DurationStats {
  cases: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}
export const DURATIONS = ['reportToApproval', 'approvalToFirstAlert', 'reportToFound'] as const;
export type DurationName = (typeof DURATIONS)[number];
export type Durations = Record<DurationName, DurationStats>;
export interface TierCount {
  /** Highest tier alerted; null: no public alert. */
  tierIndex: number | null;
  cases: number;
}
/** Tips from the public (counted after the purge too). */
export interface TipCounts {
  received: number;
  promoted: number;
  dismissed: number;
}
export const TIP_COUNTS = ['received', 'promoted', 'dismissed'] as const;
export interface JurisdictionStats {
  jurisdiction: string;
  total: number;
  byOutcome: OutcomeCounts;
  durations: Durations;
  tiersReached: TierCount[];
  nationalReached: number;
  tips: TipCounts;
}
export interface Stats {
  jurisdiction: string | null;
  cases: { total: number; byOutcome: OutcomeCounts; byJurisdiction: JurisdictionStats[] };
  durations: Durations;
  tiersReached: TierCount[];
  nationalReached: number;
  tips: TipCounts;
}

/** `jurisdiction` null: the caller's whole scope (national staff: every region). */
export function useStats(jurisdiction: string | null, enabled = true) {
  const request = useApiRequest();
  return useQuery({
    queryKey: ['stats', jurisdiction],
    queryFn: ({ signal }) => request<Stats>(`/stats${jurisdiction ? `?jurisdiction=${encodeURIComponent(jurisdiction)}` : ''}`, { signal }),
    enabled,
    refetchInterval: 60_000,
  });
}
