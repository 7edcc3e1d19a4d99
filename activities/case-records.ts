/**
 * Activities that validate and record a case. Each one is idempotent on a business key, so a retry
 * after a crash or a timeout leaves exactly the rows a single run would have left.
 */
import { createHash } from 'node:crypto';
import { and, eq, ne, notInArray, sql } from 'drizzle-orm';
import type { CountryArea } from '../config/country-areas';
import type { Database } from '../db/client';
import { approvalEvents, casePersonalData, cases } from '../db/schema';
import { assessRisk, checkReportRules } from '../domain/report-rules';
import { recordPublicationConsent, SYSTEM_ACTOR } from './consent';
import type { Actor, CaseOutcome, CaseReport, CaseStatus, RiskLevel } from '../workflows/contract';

export interface RecordDeps {
  db: Database;
  country: CountryArea;
}

export interface ValidationResult {
  valid: boolean;
  reasons: string[];
  risk: RiskLevel | null;
  probableDuplicateOf: string | null;
}

/** Same child, spelled with different case or spacing, gives the same fingerprint. */
export function childFingerprint(report: CaseReport): string {
  const name = report.child.fullName.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${name}|${report.child.dateOfBirth}`).digest('hex');
}

export function createRecordActivities({ db, country }: RecordDeps) {
  return {
    async validateReport(input: { caseId: string; report: CaseReport; receivedAt: string }): Promise<ValidationResult> {
      const { caseId, report } = input;
      const now = new Date();
      const fingerprint = childFingerprint(report);
      await db.transaction(async (tx) => {
        await tx
          .insert(cases)
          .values({
            id: caseId,
            status: 'validating',
            jurisdiction: report.reportingUnit.jurisdiction,
            reportingUnitId: report.reportingUnit.id,
            consentToPublish: report.guardian.consentToPublish,
            receivedAt: new Date(input.receivedAt),
          })
          .onConflictDoNothing();
        await tx.insert(casePersonalData).values({ caseId, report, childFingerprint: fingerprint }).onConflictDoNothing();
        // A case started through the API has its consent recorded at intake already; this is a no-op then.
        await recordPublicationConsent(tx, {
          caseId,
          given: report.guardian.consentToPublish,
          recordedAt: new Date(input.receivedAt),
          recordedBy: SYSTEM_ACTOR,
          source: 'workflow_validation',
        });
      });
      const violations = checkReportRules(report, now, country);
      if (violations.length > 0) {
        return { valid: false, reasons: violations.map((v) => `${v.path}: ${v.message}`), risk: null, probableDuplicateOf: null };
      }
      const [duplicate] = await db
        .select({ id: cases.id })
        .from(casePersonalData)
        .innerJoin(cases, eq(cases.id, casePersonalData.caseId))
        .where(and(eq(casePersonalData.childFingerprint, fingerprint), ne(cases.id, caseId), notInArray(cases.status, ['rejected', 'found', 'closed'])))
        .orderBy(cases.receivedAt)
        .limit(1);
      const risk = assessRisk(report, now);
      await db
        .update(cases)
        .set({ risk, validatedAt: now, probableDuplicateOf: duplicate?.id ?? null, updatedAt: now })
        .where(eq(cases.id, caseId));
      return { valid: true, reasons: [], risk, probableDuplicateOf: duplicate?.id ?? null };
    },

    async recordApprovalDecision(input: {
      caseId: string;
      jurisdiction: string;
      round: number;
      decision: 'approve' | 'decline';
      decidedBy: Actor;
      reason: string | null;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.transaction(async (tx) => {
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
            reason: input.reason,
          })
          .onConflictDoNothing();
        await tx.update(cases).set({ decidedAt: sql`coalesce(${cases.decidedAt}, ${at})`, updatedAt: new Date() }).where(eq(cases.id, input.caseId));
      });
    },

    async recordCaseProgress(input: { caseId: string; status: CaseStatus; at: string; outcome: CaseOutcome | null }): Promise<void> {
      const at = new Date(input.at);
      const ended = input.status === 'rejected' || input.status === 'found' || input.status === 'closed';
      await db
        .update(cases)
        .set({
          status: input.status,
          updatedAt: new Date(),
          ...(ended ? { endedAt: sql`coalesce(${cases.endedAt}, ${at})`, outcome: input.status, closeReason: input.outcome?.reason ?? null } : {}),
        })
        .where(eq(cases.id, input.caseId));
    },
  };
}
