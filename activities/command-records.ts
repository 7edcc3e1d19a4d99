/**
 * The audit entries of commands (sighting, found, close, approval decision), written by the workflow
 * as it applies each one, so an entry exists exactly when the command took effect. Idempotent on the
 * command id: a retried or replayed activity leaves one entry. Commands the API refuses are audited by
 * the API; those that reached the case past it (unsealed payloads) are recorded here as refused.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog, caseNotes, caseSightings } from '../db/schema';
import type { CaseActivities, CommandAuditInput } from '../workflows/activity-contract';

type Executor = Pick<Database, 'insert' | 'select'>;

export async function insertCommandAudit(tx: Executor, input: CommandAuditInput): Promise<void> {
  await tx
    .insert(auditLog)
    .values({
      actorSub: input.actor.sub,
      actorRole: input.actor.role,
      action: input.action,
      caseId: input.caseId,
      outcome: input.outcome ?? 'accepted',
      detail: { jurisdiction: input.actor.jurisdiction ?? null, ...input.detail },
      commandId: input.commandId,
    })
    .onConflictDoNothing();
}

/** A note's text, for the records that show it to staff; null once purged (or never written). */
export async function noteText(tx: Executor, caseId: string, noteId: string): Promise<string | null> {
  const [note] = await tx.select({ text: caseNotes.text }).from(caseNotes).where(and(eq(caseNotes.id, noteId), eq(caseNotes.caseId, caseId)));
  return note?.text ?? null;
}

export function createCommandActivities({ db }: { db: Database }): Pick<CaseActivities, 'recordCommand'> {
  return {
    /** One command applied: its audit entry and, for a sighting, its row (the state keeps only the latest few). */
    async recordCommand(input): Promise<void> {
      await db.transaction(async (tx) => {
        await insertCommandAudit(tx, input);
        if (!input.sighting) return;
        const { location, seenAt, noteId, receivedAt } = input.sighting;
        await tx
          .insert(caseSightings)
          .values({
            commandId: input.commandId,
            caseId: input.caseId,
            seenAt: new Date(seenAt),
            lat: location.lat,
            lon: location.lon,
            noteId,
            reportedBySub: input.actor.sub,
            receivedAt: new Date(receivedAt),
          })
          .onConflictDoNothing();
      });
    },
  };
}
