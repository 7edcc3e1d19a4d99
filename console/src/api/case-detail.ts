/**
 * One case: GET /cases/:id (live state while it runs, the record once ended, the report for the roles
 * that work the case), its alert steps with their delivery per channel, and its audit trail.
 * Shapes mirror api/cases/response-schemas.ts and api/records/router.ts.
 */
import { useQuery } from '@tanstack/react-query';
import type { CaseRecord } from './cases';
import { useApiRequest } from './client';
import { pollUnlessLive, useLiveStatus } from './live-status';
import type { CaseStatus, RiskLevel } from './vocabulary';

export interface GeoPoint {
  lat: number;
  lon: number;
}
export interface Actor {
  sub: string;
  role: string;
}
export interface Tier {
  index: number;
  kind: 'radius' | 'national';
  radiusKm: number | null;
  centre: GeoPoint;
}
export interface ApprovalRound {
  round: number;
  requestedAt: string;
  reminders: string[];
  escalatedAt: string | null;
  decision: 'approve' | 'decline' | null;
  decidedBy: Actor | null;
  decidedAt: string | null;
}
export interface Sighting {
  location: GeoPoint;
  seenAt: string;
  reportedBy: Actor;
  receivedAt: string;
}
export interface CaseOutcome {
  kind: 'found' | 'closed';
  at: string;
  location: GeoPoint | null;
  condition?: string | null;
  reason: string | null;
  by: Actor;
}
export interface TimelineEntry {
  event: string;
  at: string;
  detail?: string;
}
export interface CaseState {
  status: CaseStatus;
  risk: RiskLevel | null;
  consentToPublish: boolean;
  /** location null for an admin (withheld: api/cases/state-disclosure.ts). */
  lastSeen: { at: string; location: GeoPoint | null };
  /** null for an admin until the first alert made an area public. */
  searchCentre: GeoPoint | null;
  rejectionReasons: string[];
  probableDuplicateOf: string | null;
  tier: Tier | null;
  nextStepAt: string | null;
  approvals: ApprovalRound[];
  sightings: Sighting[];
  sightingsTotal?: number;
  timeline: TimelineEntry[];
  outcome: CaseOutcome | null;
}
/** The report (personal data): only the parts the console shows. */
export interface CaseReportView {
  child: { fullName: string; dateOfBirth: string; sex: 'female' | 'male'; photoUrls: string[] };
  lastSeen: { at: string; location: GeoPoint; address?: string };
  circumstances: { type: string };
  guardian: { consentToPublish: boolean };
  reportingUnit: { id: string; jurisdiction: string };
}
/** An ended case rebuilt from the records (api/cases/ended-case.ts): places until the purge, no free text. */
export interface CaseHistory {
  lastSeen: { at: string; location: GeoPoint | null } | null;
  searchCentre: GeoPoint | null;
  approvals: ApprovalRound[];
  alerts: Array<{ step: number; kind: string; msgType: string; areas: Tier[]; sentAt: string }>;
  sightings: Sighting[];
  sightingsTotal: number;
  outcome: (Omit<CaseOutcome, 'by'> & { by: Actor | null }) | null;
  timeline: TimelineEntry[];
}
export interface CaseView {
  caseId: string;
  status: CaseStatus;
  source: 'workflow' | 'database';
  record: Omit<CaseRecord, 'links'>;
  state: CaseState | null;
  /** Once the case has ended (source `database`); absent from answers of older APIs. */
  history?: CaseHistory | null;
  report?: CaseReportView;
  /** For an admin: what the state and history leave out (no place, sighting or condition of the child). */
  withheld?: string[];
}

export interface Delivery {
  channel: string;
  status: 'pending' | 'delivered' | 'failed' | 'superseded';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  acknowledgedAt: string | null;
  updatedAt: string;
}
export interface AlertStepView {
  step: number;
  kind: string;
  msgType: string;
  tierIndex: number;
  radiusKm: number | null;
  areas: Tier[];
  messageId: string;
  sentAt: string;
  cancelledAt: string | null;
  deliveries: Delivery[];
}
export interface AuditEntry {
  id: number;
  at: string;
  actor: Actor;
  action: string;
  outcome: 'accepted' | 'refused';
  detail: Record<string, string | number | boolean | null> | null;
}

/** Until the API pushes changes (issue 12, Server-Sent Events), an open case refreshes on this interval. */
const REFRESH_MS = 10_000;

export const caseKey = (caseId: string) => ['case', caseId] as const;

export function useCaseView(caseId: string) {
  const request = useApiRequest();
  const live = useLiveStatus();
  return useQuery({
    queryKey: [...caseKey(caseId), 'view'],
    queryFn: ({ signal }) => request<CaseView>(`/cases/${encodeURIComponent(caseId)}`, { signal }),
    refetchInterval: (q) => (q.state.data?.source === 'database' ? false : pollUnlessLive(REFRESH_MS, live)),
  });
}

export function useCaseAlerts(caseId: string) {
  const request = useApiRequest();
  const live = useLiveStatus();
  return useQuery({
    queryKey: [...caseKey(caseId), 'alerts'],
    queryFn: async ({ signal }) => (await request<{ items: AlertStepView[] }>(`/cases/${encodeURIComponent(caseId)}/alerts`, { signal })).items,
    refetchInterval: pollUnlessLive(REFRESH_MS, live),
  });
}

/** Admins and prosecutors only (the API answers 403 to the others: the hook is not enabled for them). */
export function useCaseAudit(caseId: string, enabled: boolean) {
  const request = useApiRequest();
  return useQuery({
    queryKey: [...caseKey(caseId), 'audit'],
    queryFn: async ({ signal }) => (await request<{ items: AuditEntry[] }>(`/cases/${encodeURIComponent(caseId)}/audit`, { signal })).items,
    enabled,
  });
}
