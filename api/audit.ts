/**
 * One audit row per action: who (sub, role), what, which case, outcome. Never personal data.
 * An action is an API request that changes a case (create, approval decision, sighting, found, close;
 * a refused approval decision too, as `refused`), or that discloses personal data (reading a case's
 * report or its tips from the public, decoding or encoding payloads through the codec endpoint); a tip's
 * assessment and promotion (by the tip's id: never what it says); plus the system's purge
 * (activities/personal-data-purge.ts). Reads of non-identifying records (lists, alerts, the audit
 * trail, statistics) are not actions; a replayed Idempotency-Key is the same action, logged once.
 */
import type { Database } from '../db/client';
import { auditLog } from '../db/schema';
import type { Principal } from './auth/principal';

export type AuditAction =
  | 'case.create'
  | 'case.view_personal_data'
  | 'approval.decide'
  | 'sighting.report'
  | 'found.report'
  | 'case.close'
  | 'tips.view'
  | 'tip.assess'
  | 'tip.promote'
  | 'codec.decode'
  | 'codec.encode';

export interface AuditEntry {
  actor: Principal;
  action: AuditAction;
  caseId: string | null;
  outcome: 'accepted' | 'refused';
  /** Non-identifying facts only (a decision, a close reason): the table outlives the retention period. */
  detail?: Record<string, string | number | boolean | null>;
}

type Executor = Pick<Database, 'insert'>;

export async function writeAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorSub: entry.actor.sub,
    actorRole: entry.actor.role,
    action: entry.action,
    caseId: entry.caseId,
    outcome: entry.outcome,
    detail: { jurisdiction: entry.actor.jurisdiction, ...entry.detail },
  });
}
