/**
 * What the workflows ask of their activities: every activity's name, input and result. The workflows
 * proxy this interface and `activities/` implements it (`createActivities` is checked against it), so
 * the engine depends on nothing above it and the activities cannot drift from what running cases send.
 * Types only: the workflow bundle takes nothing from here at run time.
 */
import type { CancelReason, CapReference } from '../domain/cap';
import type { Actor, AlertStep, CaseOutcome, CaseStatus, GeoPoint, RiskLevel } from './contract';

export interface ValidationResult {
  valid: boolean;
  reasons: string[];
  risk: RiskLevel | null;
  probableDuplicateOf: string | null;
}

export interface ApprovalDecisionRecord {
  caseId: string;
  jurisdiction: string;
  round: number;
  decision: 'approve' | 'decline';
  decidedBy: Actor;
  reason: string | null;
  noteId?: string | null;
  commandId?: string;
  at: string;
}

export interface CaseProgressRecord {
  caseId: string;
  status: CaseStatus;
  at: string;
  outcome: CaseOutcome | null;
}

export type CommandAction = 'approval.decide' | 'sighting.report' | 'found.report' | 'case.close';

export interface CommandAuditInput {
  commandId: string;
  caseId: string;
  action: CommandAction;
  actor: Actor;
  /** Non-identifying facts only (a decision, a close reason): the table outlives the retention period. */
  detail?: Record<string, string | number | boolean | null>;
  /** `refused`: a command that reached the case other than through the API (an unsealed payload). */
  outcome?: 'accepted' | 'refused';
}

export interface SightingRow {
  location: GeoPoint;
  seenAt: string;
  noteId: string | null;
  receivedAt: string;
}

export interface ProsecutorNotice {
  caseId: string;
  jurisdiction: string;
  round: number;
  kind: 'request' | 'reminder' | 'escalation';
  at: string;
  risk: RiskLevel | null;
  probableDuplicateOf: string | null;
}

export interface BroadcastInput {
  caseId: string;
  risk: RiskLevel;
  step: AlertStep;
  /**
   * Sent by runs before `partner-latest-wins` (every earlier message) and no longer read: the references
   * are derived from `alert_steps`, so they stay short however long the case runs.
   */
  references?: CapReference[];
  /** Cancel only: whether the texts say the child was found or the alert is withdrawn. */
  cancelReason?: CancelReason;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'superseded';

export interface DeliveryInput {
  caseId: string;
  step: number;
  channel: string;
  /**
   * Steps `supersededFrom .. step - 1` never reached this channel and never will: recorded `superseded`
   * (unless already delivered or failed). Absent in runs before `partner-latest-wins`.
   */
  supersededFrom?: number;
}

/** What the purge leaves to do: the partner channels owed an `erase` notification, by name. */
export interface PurgeResult {
  erasureChannels: string[];
}

/** One partner's `erase` notification of one case: its business key (case + 'erase' + channel). */
export interface ErasureInput {
  caseId: string;
  channel: string;
}

export type ErasureStatus = 'pending' | 'delivered' | 'failed';

export interface CaseActivities {
  /**
   * Reads the report that intake stored (the workflow never carries it) and checks it again at the time
   * the case starts. `report` is ignored: only runs recorded before the no-personal-data change sent it.
   */
  validateReport(input: { caseId: string; receivedAt: string; report?: unknown }): Promise<ValidationResult>;
  /** The decision's row and, for a decision sent with a command id, its audit entry, in one transaction. */
  recordApprovalDecision(input: ApprovalDecisionRecord): Promise<void>;
  /** The only writer of `cases.status` (intake inserts the first one). */
  recordCaseProgress(input: CaseProgressRecord): Promise<void>;
  /** One command applied: its audit entry and, for a sighting, its row. */
  recordCommand(input: CommandAuditInput & { sighting?: SightingRow }): Promise<void>;

  recordApprovalNotice(notice: ProsecutorNotice): Promise<void>;
  pushApprovalNotice(notice: ProsecutorNotice): Promise<{ pushed: boolean }>;
  /** The workflow's last word on a push whose retries ran out: shown as `notification: failed`. */
  recordNotificationFailure(input: Pick<ProsecutorNotice, 'caseId' | 'round' | 'kind'> & { error: string }): Promise<void>;
  /** Both in one, awaited: what runs recorded before notifications moved to the background call. */
  notifyProsecutors(notice: ProsecutorNotice): Promise<{ pushed: boolean }>;

  /** Idempotent on (case, step): a retry finds the row and changes nothing. */
  broadcastAlertStep(input: BroadcastInput): Promise<void>;
  /** One attempt at one partner: delivered, or failed for good (a 4xx), or thrown to be retried. */
  deliverAlertStep(input: DeliveryInput): Promise<{ status: DeliveryStatus }>;
  /** The workflow's last word on a delivery whose retries ran out: failed, unless it was delivered. */
  recordDeliveryFailure(input: DeliveryInput & { error: string }): Promise<void>;

  /**
   * Deletes the personal data and, in the same transaction, records the `erase` notification owed to
   * each partner channel that was sent a message. Runs recorded before `partner-erase-at-purge` ignore
   * the result (and older workers returned none).
   */
  purgePersonalData(input: { caseId: string; at: string }): Promise<PurgeResult>;
  /** One attempt at one partner's `erase`: delivered, or failed for good (a 4xx), or thrown to be retried. */
  deliverPartnerErasure(input: ErasureInput): Promise<{ status: ErasureStatus }>;
  /** The workflow's last word on an `erase` whose retries ran out: failed, unless it was delivered. */
  recordErasureFailure(input: ErasureInput & { error: string }): Promise<void>;
  /** Ended cases past retention that no workflow will purge (the purge-sweeper Schedule). */
  findCasesToSweep(input: { now: string; limit: number }): Promise<string[]>;
}
