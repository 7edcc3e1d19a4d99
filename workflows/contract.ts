/**
 * The contract shared by the API, the worker and the tests: message definitions and the case state
 * types. Workflow-safe: it imports only `@temporalio/workflow` definitions and erased types.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type {
  ApprovalDecisionBody,
  CaseReport,
  CloseBody,
  FoundBody,
  GeoPoint,
  SightingBody,
} from '../api/cases/schemas';

export type { CaseReport, GeoPoint };

export const CASE_STATUSES = [
  'validating',
  'rejected',
  'awaiting_approval',
  'investigating',
  'alerting',
  'found',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const ENDED_STATUSES: readonly CaseStatus[] = ['rejected', 'found', 'closed'];

export const RISK_LEVELS = ['critical', 'high', 'standard'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const workflowIdForCase = (caseId: string): string => `case-${caseId}`;

/** Every duration in milliseconds; built once by config/env.ts and handed to each case at start. */
export interface CasePolicy {
  approvalReminderAfterMs: number;
  approvalEscalateAfterMs: number;
  expansionIntervalMs: number;
  expansionRadiiKm: number[];
  rebroadcastIntervalMs: number;
  retentionAfterCloseMs: number;
  /** Continue-as-new once a run's history passes this many events. */
  historyEventLimit: number;
  /**
   * The partner webhooks (ALERT_WEBHOOKS names) every step of this case goes to, fixed when the case
   * starts: part of the workflow input, so replays and continued runs see the same list, and the Cancel
   * reaches every channel an earlier step went to.
   */
  alertChannels: string[];
}

export interface Actor {
  sub: string;
  role: string;
}

export type ApprovalDecision = ApprovalDecisionBody & { decidedBy: Actor };
export type Sighting = SightingBody & { reportedBy: Actor };
export type FoundReport = FoundBody & { reportedBy: Actor };
export type CloseRequest = CloseBody & { closedBy: Actor };

export interface Tier {
  /** 0..radii.length-1 for radius tiers; radii.length for national coverage. */
  index: number;
  kind: 'radius' | 'national';
  radiusKm: number | null;
  centre: GeoPoint;
}

export type AlertStepKind = 'alert' | 'widen' | 'rebroadcast' | 'sighting_update' | 'cancel';

export interface AlertStep {
  /** 1-based, unique within a case: the business key of every delivery (case + step + channel). */
  step: number;
  kind: AlertStepKind;
  msgType: 'Alert' | 'Update' | 'Cancel';
  messageId: string;
  /** Radius tiers carry a circle; national carries none. A Cancel lists every area reached. */
  areas: Array<Pick<Tier, 'index' | 'kind' | 'radiusKm' | 'centre'>>;
  sentAt: string;
}

export interface ApprovalRound {
  round: number;
  requestedAt: string;
  reminders: string[];
  escalatedAt: string | null;
  decision: 'approve' | 'decline' | null;
  decidedBy: Actor | null;
  decidedAt: string | null;
  reason: string | null;
}

export type TimelineEvent =
  | 'received'
  | 'validated'
  | 'rejected'
  | 'approval_requested'
  | 'approval_reminder'
  | 'approval_escalated'
  | 'approved'
  | 'declined'
  | 'first_alert'
  | 'widened'
  | 'national'
  | 'rebroadcast'
  | 'sighting'
  | 'found'
  | 'closed'
  | 'alerts_cancelled'
  | 'continued_as_new'
  | 'personal_data_purged';

export interface TimelineEntry {
  event: TimelineEvent;
  at: string;
  detail?: string;
}

export interface CaseOutcome {
  kind: 'found' | 'closed';
  at: string;
  location: GeoPoint | null;
  condition: FoundBody['condition'] | null;
  reason: CloseBody['reason'] | null;
  note: string | null;
  by: Actor;
}

/** The live state, returned by the query and carried across continue-as-new. */
export interface CaseState {
  caseId: string;
  status: CaseStatus;
  risk: RiskLevel | null;
  jurisdiction: string;
  consentToPublish: boolean;
  lastSeen: { at: string; location: GeoPoint };
  /** Where the next broadcast is centred: the last-seen point, moved by each sighting. */
  searchCentre: GeoPoint;
  rejectionReasons: string[];
  probableDuplicateOf: string | null;
  tier: Tier | null;
  /** When the next widening or re-broadcast is due (ISO time), while alerting. */
  nextStepAt: string | null;
  approvals: ApprovalRound[];
  alerts: AlertStep[];
  sightings: Array<Sighting & { receivedAt: string }>;
  timeline: TimelineEntry[];
  outcome: CaseOutcome | null;
  personalDataPurgedAt: string | null;
  /** How many times this case continued as new (each run's history stays bounded). */
  runs: number;
}

/** What a case leaves in Temporal once it is over: nothing personal. */
export interface CaseSummary {
  caseId: string;
  status: CaseStatus;
  risk: RiskLevel | null;
  jurisdiction: string;
  alertsSent: number;
  timeline: TimelineEntry[];
}

export interface CaseWorkflowInput {
  caseId: string;
  policy: CasePolicy;
  /** Present on the first run only: later runs carry `state`, never the report again. */
  report?: CaseReport;
  receivedAt?: string;
  state?: CaseState;
}

// Messages. Names are part of recorded histories: never rename them.
export const caseStateQuery = defineQuery<CaseState>('caseState');
/** Waits until the decision has taken effect and returns the new state; refused unless awaiting approval. */
export const decideApprovalUpdate = defineUpdate<CaseState, [ApprovalDecision]>('decideApproval');
/** Fire-and-forget form of the decision for callers that cannot wait. */
export const approvalDecisionSignal = defineSignal<[ApprovalDecision]>('approvalDecision');
export const sightingSignal = defineSignal<[Sighting]>('sighting');
export const foundSignal = defineSignal<[FoundReport]>('found');
export const closeSignal = defineSignal<[CloseRequest]>('close');

// Search attributes: nothing personal, so cases are listable in the Temporal UI.
export const CaseStatusSA = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseRiskSA = defineSearchAttributeKey('CaseRisk', SearchAttributeType.KEYWORD);
export const CaseJurisdictionSA = defineSearchAttributeKey('CaseJurisdiction', SearchAttributeType.KEYWORD);
export const CaseTierSA = defineSearchAttributeKey('CaseTier', SearchAttributeType.INT);
export const SEARCH_ATTRIBUTES = [CaseStatusSA, CaseRiskSA, CaseJurisdictionSA, CaseTierSA] as const;
