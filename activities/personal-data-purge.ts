/**
 * Retention: RETENTION_AFTER_CLOSE after a case ends, its workflow calls this once (a durable timer).
 * One transaction deletes or blanks everything that could identify the child or the family:
 * - case_personal_data (the report: child, guardian, background, fingerprint): deleted;
 * - case_photos (the photos uploaded with the report): deleted, so `/p/<ref>.jpg` answers 404 and the
 *   alert page (`/a/<ref>`, 410 since the end) has nothing left to show; `cases.public_ref` stays (it
 *   names no one), so a shared link keeps saying the alert has ended;
 * - partner_erasures: first, in the same transaction, one row per partner channel that was sent a
 *   message, with the ids of those messages: the signed `erase` each partner is then sent
 *   (activities/partner-erasure.ts); the channels are the result;
 * - alert_steps (each CAP document names and describes the child, and its areas place them) and, by
 *   cascade, their alert_deliveries: deleted, so the public feed and `/alerts/<id>.xml` no longer
 *   serve them;
 * - approval_events.reason (a prosecutor's free text): blanked, the decision itself stays;
 * - cases.found_lat / found_lon (where the child was found): blanked; the condition reported stays,
 *   as in the workflow's scrubbed state;
 * - case_notes (staff free text) and case_sightings (where the child was seen): deleted. Both cascade
 *   on a `cases` delete, but the purge keeps that row, so they are deleted here.
 * - case_tips (what the public told, phone numbers): deleted; their counts (received, promoted,
 *   dismissed) stay on the `cases` row for statistics.
 * It keeps the non-identifying facts: the `cases` row (timings, tiers, outcome, jurisdiction), the
 * approval events, the consent record, intake idempotency keys (opaque tokens; deleting them would
 * let a late retry open a second case), and the audit log, which never holds personal data.
 * Idempotent: a retry deletes nothing more and the audit row is written once (a unique index).
 * Two callers: the case workflow after its retention timer, and the purge sweeper (workflows/purge-sweep.ts)
 * for cases whose workflow never started or ended without reaching that timer.
 */
import { eq, isNotNull, and, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import type { CaseActivities, PurgeResult } from '../workflows/activity-contract';
import { alertSteps, approvalEvents, auditLog, caseNotes, casePersonalData, casePhotos, cases, caseSightings, caseTips } from '../db/schema';
import { TIP_COUNT_COLUMNS } from '../db/case-tips';
import { SYSTEM_ACTOR } from '../db/consent-records';
import { recordPartnerErasures } from './partner-erasure';

export const PURGE_ACTION = 'case.purge_personal_data';

export function createPurgeActivities({ db }: { db: Database }): Pick<CaseActivities, 'purgePersonalData'> {
  return {
    async purgePersonalData(input: { caseId: string; at: string }): Promise<PurgeResult> {
      const { caseId } = input;
      const at = new Date(input.at);
      return db.transaction(async (tx) => {
        // Before the alert rows go: the ids partners must erase are read from their deliveries.
        const erasureChannels = await recordPartnerErasures(tx, caseId, at);
        const reports = await tx.delete(casePersonalData).where(eq(casePersonalData.caseId, caseId)).returning({ caseId: casePersonalData.caseId });
        const photos = await tx.delete(casePhotos).where(eq(casePhotos.caseId, caseId)).returning({ ref: casePhotos.photoRef });
        const steps = await tx.delete(alertSteps).where(eq(alertSteps.caseId, caseId)).returning({ step: alertSteps.step });
        const notes = await tx.delete(caseNotes).where(eq(caseNotes.caseId, caseId)).returning({ id: caseNotes.id });
        const sightings = await tx.delete(caseSightings).where(eq(caseSightings.caseId, caseId)).returning({ id: caseSightings.commandId });
        const tipTally = (await tx.execute<{ received: number; promoted: number; dismissed: number }>(sql`select ${TIP_COUNT_COLUMNS} from ${caseTips} where ${caseTips.caseId} = ${caseId}`)).rows[0];
        await tx.delete(caseTips).where(eq(caseTips.caseId, caseId));
        const reasons = await tx
          .update(approvalEvents)
          .set({ reason: null })
          .where(and(eq(approvalEvents.caseId, caseId), isNotNull(approvalEvents.reason)))
          .returning({ id: approvalEvents.id });
        await tx
          .update(cases)
          .set({
            personalDataPurgedAt: sql`coalesce(${cases.personalDataPurgedAt}, ${at})`,
            foundLat: null,
            foundLon: null,
            // A retry finds no tip left: the counts of the first run stay.
            tipsReceived: sql`coalesce(${cases.tipsReceived}, ${tipTally.received})`,
            tipsPromoted: sql`coalesce(${cases.tipsPromoted}, ${tipTally.promoted})`,
            tipsDismissed: sql`coalesce(${cases.tipsDismissed}, ${tipTally.dismissed})`,
            updatedAt: new Date(),
          })
          .where(eq(cases.id, caseId));
        // Counts only: what was removed, never what it said. A retry finds the row and adds none.
        await tx
          .insert(auditLog)
          .values({
            actorSub: SYSTEM_ACTOR.sub,
            actorRole: SYSTEM_ACTOR.role,
            action: PURGE_ACTION,
            caseId,
            outcome: 'accepted',
            detail: {
              reports: reports.length,
              // Only when the case had photos: the entries of cases without any keep their earlier shape.
              ...(photos.length > 0 ? { photos: photos.length } : {}),
              ...(erasureChannels.length > 0 ? { partnerErasures: erasureChannels.length } : {}),
              ...(tipTally.received > 0 ? { tips: tipTally.received } : {}),
              alertSteps: steps.length,
              approvalReasons: reasons.length,
              notes: notes.length,
              sightings: sightings.length,
            },
          })
          .onConflictDoNothing();
        return { erasureChannels };
      });
    },
  };
}
