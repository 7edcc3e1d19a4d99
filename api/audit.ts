/** One audit row per accepted action: who (sub, role), what, which case, outcome. Never personal data. */
import type { Database } from '../db/client';
import { auditLog } from '../db/schema';
import type { Principal } from './auth/principal';

export type AuditAction =
  | 'case.create'
  | 'case.view_personal_data'
  | 'approval.decide'
  | 'sighting.report'
  | 'found.report'
  | 'case.close';

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
