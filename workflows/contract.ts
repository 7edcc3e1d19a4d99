/**
 * The contract shared by the API, the worker and the tests: message definitions and the case state
 * types. Workflow-safe: it imports only `@temporalio/workflow` definitions, erased types and the
 * domain's plain case vocabulary. Dependencies run one way: the contract uses the domain, never back.
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
} from '../domain/case-schemas';
import type { AlertStep, RiskLevel, Tier } from '../domain/case-vocabulary';

export type { CaseReport, GeoPoint };
export { RISK_LEVELS, type AlertStep, type AlertStepKind, type RiskLevel, type Tier } from '../domain/case-vocabulary';

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

export const workflowIdForCase = (caseId: string): string => `case-${caseId}`;

/** The public CAP feed's delivery channel (every step is on it once recorded); partners have their own names. */
export const FEED_CHANNEL = 'feed';

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
  /** The latest sightings kept in the workflow state (all of them are in PostgreSQL). */
  stateSightingsMax?: number;
  /** Attempts of one approval notification push before it is recorded failed. */
  notifyMaxAttempts?: number;
  /** Cap of the backoff between attempts of one partner delivery (ALERT_DELIVERY_RETRY_MAX_INTERVAL); default 30 s. */
  alertDeliveryRetryMaxIntervalMs?: number;
}

export interface Actor {
  sub: string;
  role: string;
  /** The caller's jurisdiction claim, for the audit entry the workflow writes. */
  jurisdiction?: string;
}

/**
 * Commands carry points, times, enums and ids only: what staff type (notes, decline reasons) is
 * personal data, stored in PostgreSQL (`case_notes`) and referenced by `noteId`. `commandId` is the
 * business key of the command's audit entry, so a command applied twice is audited once.
 */
interface CommandKeys {
  commandId?: string;
  noteId?: string | null;
}
export type ApprovalDecision = Omit<ApprovalDecisionBody, 'reason'> & CommandKeys & { decidedBy: Actor; reason?: string };
export type Sighting = Omit<SightingBody, 'note'> & CommandKeys & { reportedBy: Actor; note?: string };
export type FoundReport = Omit<FoundBody, 'note'> & CommandKeys & { reportedBy: Actor; note?: string };
export type CloseRequest = Omit<CloseBody, 'note'> & CommandKeys & { closedBy: Actor; note?: string };

export interface ApprovalRound {
  round: number;
  requestedAt: string;
  reminders: string[];
  escalatedAt: string | null;
  decision: 'approve' | 'decline' | null;
  decidedBy: Actor | null;
  decidedAt: string | null;
  /** Runs before the no-personal-data change kept the text; later runs keep `reasonNoteId`. */
  reason: string | null;
  reasonNoteId?: string | null;
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
  noteId?: string | null;
  by: Actor;
}

/** A sighting as the state keeps it: a point, times, who, and the id of its note. */
export interface SightingRecord {
  commandId?: string;
  location: GeoPoint;
  seenAt: string;
  noteId?: string | null;
  /** Runs before the no-personal-data change kept the note itself. */
  note?: string;
  reportedBy: Actor;
  receivedAt: string;
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
  /** The latest CASE_STATE_SIGHTINGS_MAX sightings; `sightingsTotal` counts them all. */
  sightings: SightingRecord[];
  sightingsTotal?: number;
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

/**
 * What a new case's workflow starts with: the non-personal facts it decides on. The report itself
 * stays in PostgreSQL; activities read it by case id.
 */
export interface CaseFacts {
  jurisdiction: string;
  consentToPublish: boolean;
  lastSeen: { at: string; location: GeoPoint };
  receivedAt: string;
}

export interface CaseWorkflowInput {
  caseId: string;
  policy: CasePolicy;
  /** First run of a case. */
  facts?: CaseFacts;
  /** First run of a case started before the no-personal-data change (recorded histories). */
  report?: CaseReport;
  receivedAt?: string;
  /** Later runs (continue-as-new). */
  state?: CaseState;
}

// Messages. Names are part of recorded histories: never rename them.
export const caseStateQuery = defineQuery<CaseState>('caseState');
/** Waits until the decision has taken effect and returns the new state; refused unless awaiting approval. */
export const decideApprovalUpdate = defineUpdate<CaseState, [ApprovalDecision]>('decideApproval');
/** Sighting, found and close: each waits until applied and answers the state after it; refused once ended. */
export const reportSightingUpdate = defineUpdate<CaseState, [Sighting]>('reportSighting');
export const reportFoundUpdate = defineUpdate<CaseState, [FoundReport]>('reportFound');
export const closeCaseUpdate = defineUpdate<CaseState, [CloseRequest]>('closeCase');
/**
 * Found and close as signals: what the API sends when no worker answers the Update in time, because a
 * signal is durable the moment the server has it. Applied once: a second found or close is ignored.
 */
export const foundSignal = defineSignal<[FoundReport]>('found');
export const closeSignal = defineSignal<[CloseRequest]>('close');
/** Kept so that recorded histories replay; nothing sends them any more. */
export const approvalDecisionSignal = defineSignal<[ApprovalDecision]>('approvalDecision');
export const sightingSignal = defineSignal<[Sighting]>('sighting');

// Search attributes: nothing personal, so cases are listable in the Temporal UI.
export const CaseStatusSA = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseRiskSA = defineSearchAttributeKey('CaseRisk', SearchAttributeType.KEYWORD);
export const CaseJurisdictionSA = defineSearchAttributeKey('CaseJurisdiction', SearchAttributeType.KEYWORD);
export const CaseTierSA = defineSearchAttributeKey('CaseTier', SearchAttributeType.INT);
export const SEARCH_ATTRIBUTES = [CaseStatusSA, CaseRiskSA, CaseJurisdictionSA, CaseTierSA] as const;

/**
 * What a worker's codec hands the workflow in place of a payload that was not sealed by the service's
 * key (temporal/payload-encryption/codec.ts, `refuseUnsealed`): a start, signal or Update sent to
 * Temporal directly (the CLI, the Web UI) instead of through the API. Handlers refuse it and record the
 * refusal; it is never applied.
 */
export const UNSEALED_PAYLOAD = { refused: 'unsealed-payload' } as const;
export const isUnsealedPayload = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === UNSEALED_PAYLOAD.refused;
