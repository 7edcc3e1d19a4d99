/** The API's case vocabulary (workflows/contract.ts), in the order the console shows it. */
export const CASE_STATUSES = ['validating', 'awaiting_approval', 'alerting', 'investigating', 'rejected', 'found', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const ENDED_STATUSES: readonly CaseStatus[] = ['rejected', 'found', 'closed'];
export const isOpen = (status: CaseStatus) => !ENDED_STATUSES.includes(status);

export const RISK_LEVELS = ['critical', 'high', 'standard'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** `unassessed`: validation has not given a risk yet (the API's `risk: null`). */
export type RiskOrUnassessed = RiskLevel | 'unassessed';
export const RISK_FILTERS: readonly RiskOrUnassessed[] = [...RISK_LEVELS, 'unassessed'];
