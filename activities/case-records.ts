/**
 * Activities that validate and record a case. Each one is idempotent on a business key, so a retry
 * after a crash or a timeout leaves exactly the rows a single run would have left.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { and, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import { childFingerprintCandidates, type FingerprintKey } from '../domain/child-fingerprint';
import type { CountryArea } from '../domain/country-areas';
import type { Database } from '../db/client';
import { approvalEvents, casePersonalData, cases } from '../db/schema';
import { assessRisk, checkReportRules } from '../domain/report-rules';
import type { ApprovalDecisionRecord, CaseActivities, CaseProgressRecord, ValidationResult } from '../workflows/activity-contract';
import { ENDED_STATUSES, type CaseReport } from '../workflows/contract';
import { insertCommandAudit, noteText } from './command-records';

export interface RecordDeps {
  db: Database;
  country: CountryArea;
  /** Every fingerprint key (FINGERPRINT_KEYS): a duplicate fingerprinted under an older one is still found. */
  fingerprintKeys: readonly FingerprintKey[];
}

/** The found place and condition, kept for the case page until the purge blanks the place. */
function foundPlace({ outcome }: CaseProgressRecord) {
  if (outcome?.kind !== 'found') return {};
  return { foundLat: outcome.location?.lat ?? null, foundLon: outcome.location?.lon ?? null, foundCondition: outcome.condition ?? null };
}

export function createRecordActivities({ db, country, fingerprintKeys }: RecordDeps): Pick<CaseActivities, 'validateReport' | 'recordApprovalDecision' | 'recordCaseProgress'> {
  return {
    /**
     * Reads the report that intake stored (the workflow never carries it) and checks it again at the
     * time the case starts. `report` in the input is ignored: only runs recorded before the
     * no-personal-data change sent it.
     */
    async validateReport(input: { caseId: string; receivedAt: string; report?: unknown }): Promise<ValidationResult> {
      const { caseId } = input;
      const now = new Date();
      const [personal] = await db
        .select({ report: casePersonalData.report })
        .from(casePersonalData)
        .where(eq(casePersonalData.caseId, caseId));
      if (!personal) throw ApplicationFailure.nonRetryable(`case ${caseId} has no stored report`, 'CaseNotRecorded');
      const report = personal.report as CaseReport;
      const violations = checkReportRules(report, now, country);
      if (violations.length > 0) {
        return { valid: false, reasons: violations.map((v) => `${v.path}: ${v.message}`), risk: null, probableDuplicateOf: null };
      }
      const [duplicate] = await db
        .select({ id: cases.id })
        .from(casePersonalData)
        .innerJoin(cases, eq(cases.id, casePersonalData.caseId))
        .where(and(inArray(casePersonalData.childFingerprint, childFingerprintCandidates(report.child, fingerprintKeys)), ne(cases.id, caseId), notInArray(cases.status, ['rejected', 'found', 'closed'])))
        .orderBy(cases.receivedAt)
        .limit(1);
      const risk = assessRisk(report, now);
      await db
        .update(cases)
        .set({ risk, validatedAt: now, probableDuplicateOf: duplicate?.id ?? null, updatedAt: now })
        .where(eq(cases.id, caseId));
      return { valid: true, reasons: [], risk, probableDuplicateOf: duplicate?.id ?? null };
    },

    /**
     * The decision's row and, for a decision sent with a command id, its audit entry, in one
     * transaction: the entry exists exactly when the decision took effect. A decline's reason is read
     * from its note (older runs sent the text itself).
     */
    async recordApprovalDecision(input: ApprovalDecisionRecord): Promise<void> {
      const at = new Date(input.at);
      await db.transaction(async (tx) => {
        const reason = input.noteId ? await noteText(tx, input.caseId, input.noteId) : input.reason;
        if (input.commandId) {
          await insertCommandAudit(tx, {
            commandId: input.commandId,
            caseId: input.caseId,
            action: 'approval.decide',
            actor: input.decidedBy,
            detail: { decision: input.decision },
          });
        }
        await tx
          .insert(approvalEvents)
          .values({
            caseId: input.caseId,
            round: input.round,
            kind: input.decision === 'approve' ? 'approved' : 'declined',
            audience: 'prosecutor',
            jurisdiction: input.jurisdiction,
            at,
            actorSub: input.decidedBy.sub,
            reason,
          })
          .onConflictDoNothing();
        await tx.update(cases).set({ decidedAt: sql`coalesce(${cases.decidedAt}, ${at})`, updatedAt: new Date() }).where(eq(cases.id, input.caseId));
      });
    },

    /**
     * The only writer of `cases.status` (intake inserts the first one). The workflow sends its writes
     * one after another; the guard still keeps an ended case from moving back if one arrives late.
     */
    async recordCaseProgress(input: CaseProgressRecord): Promise<void> {
      const at = new Date(input.at);
      const ended = (ENDED_STATUSES as readonly string[]).includes(input.status);
      await db
        .update(cases)
        .set({
          status: input.status,
          updatedAt: new Date(),
          ...(ended ? { endedAt: sql`coalesce(${cases.endedAt}, ${at})`, outcome: input.status, closeReason: input.outcome?.reason ?? null, ...foundPlace(input) } : {}),
        })
        .where(ended ? eq(cases.id, input.caseId) : and(eq(cases.id, input.caseId), notInArray(cases.status, [...ENDED_STATUSES])));
    },
  };
}
