/** The Cases screen's rules, kept pure: which cases a filter shows, their order, the counts. */
import type { CaseRecord } from '../api/cases';
import { CASE_STATUSES, isOpen, RISK_LEVELS, type CaseStatus, type RiskOrUnassessed } from '../api/vocabulary';

/** `open`: every status but rejected, found and closed (the default view). */
export type StatusFilter = CaseStatus | 'open' | 'all';
export type RiskFilter = RiskOrUnassessed | 'all';

export interface CaseFilters {
  status: StatusFilter;
  risk: RiskFilter;
}

export const DEFAULT_FILTERS: CaseFilters = { status: 'open', risk: 'all' };

const riskOf = (c: CaseRecord): RiskOrUnassessed => c.risk ?? 'unassessed';
/** Critical first; a case not yet assessed before standard ones, since it may turn out critical. */
const RISK_RANK: Record<RiskOrUnassessed, number> = { critical: 0, high: 1, unassessed: 2, standard: 3 };

export function matches(c: CaseRecord, filters: CaseFilters): boolean {
  const status = filters.status === 'all' || (filters.status === 'open' ? isOpen(c.status) : c.status === filters.status);
  const risk = filters.risk === 'all' || riskOf(c) === filters.risk;
  return status && risk;
}

/** By risk, then the oldest report first (the longest missing). */
export function byRiskThenAge(a: CaseRecord, b: CaseRecord): number {
  return RISK_RANK[riskOf(a)] - RISK_RANK[riskOf(b)] || Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.caseId.localeCompare(b.caseId);
}

export function visibleCases(items: readonly CaseRecord[], filters: CaseFilters): CaseRecord[] {
  return items.filter((c) => matches(c, filters)).sort(byRiskThenAge);
}

/** Cases per status over the risk filter only, so a count says what choosing that status shows. */
export function countsByStatus(items: readonly CaseRecord[], risk: RiskFilter): Record<CaseStatus, number> {
  const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  for (const c of items) if (risk === 'all' || riskOf(c) === risk) counts[c.status] += 1;
  return counts;
}

export const parseStatusFilter = (value: string | null): StatusFilter =>
  value === 'all' || value === 'open' || (CASE_STATUSES as readonly string[]).includes(value ?? '') ? (value as StatusFilter) : DEFAULT_FILTERS.status;

export const parseRiskFilter = (value: string | null): RiskFilter =>
  value === 'all' || value === 'unassessed' || (RISK_LEVELS as readonly string[]).includes(value ?? '') ? (value as RiskFilter) : DEFAULT_FILTERS.risk;

export { riskOf };
