/**
 * Which CAP messages of a case are public, and until when: the rules the feed and `GET /alerts/:id.xml`
 * share, so that a hub reading either sees the same thing.
 * - A running case: its messages are served; the feed lists only its latest one, while in force
 *   (ALERT_EXPIRES_AFTER after its `sent`).
 * - An ended case (found or closed, or its Cancel recorded): only its Cancel, until the Cancel's own
 *   `expires` and never more than 48 h after its `sent`, so that every hub withdraws the alert. Every
 *   other message of the case is Gone at once; after the Cancel's expiry the Cancel is Gone too.
 * - A purged case: its rows are deleted; its message ids still answer Gone (the id names the case).
 */
import { and, desc, eq, gt, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { alertSteps, cases } from '../../db/schema';
import { MAX_CANCEL_LIFETIME_MS } from '../../domain/cap';

/** The statuses of a case whose alert has ended (the Cancel follows a moment later). */
const ENDED_STATUSES = new Set(['found', 'closed']);
/** `mca-<case id>-<step>`, as the broadcaster names each message. */
const CASE_MESSAGE_ID = /^mca-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-\d+$/;

export interface PublicMessage {
  messageId: string;
  sentAt: Date;
  capXml: string;
}

/** Until when a Cancel is public: its first `expires`, capped at 48 h after its `sent`. */
export function cancelPublicUntil(sentAt: Date, capXml: string): number {
  const expires = Date.parse(/<expires>([^<]+)<\/expires>/.exec(capXml)?.[1] ?? '');
  const cap = sentAt.getTime() + MAX_CANCEL_LIFETIME_MS;
  return Number.isNaN(expires) ? cap : Math.min(expires, cap);
}

interface StepFacts {
  msgType: string;
  sentAt: Date;
  capXml: string;
  status: string;
}

/** The feed's rule for a case's latest message. */
function listed(row: StepFacts, now: Date, expiresAfterMs: number): boolean {
  if (row.msgType === 'Cancel') return now.getTime() < cancelPublicUntil(row.sentAt, row.capXml);
  return !ENDED_STATUSES.has(row.status) && row.sentAt.getTime() > now.getTime() - expiresAfterMs;
}

/** Per case its latest message, when public now; newest first, at most `limit`. */
export async function feedMessages(db: Database, now: Date, expiresAfterMs: number, limit: number): Promise<PublicMessage[]> {
  // Older than both lifetimes: nothing of the case can be listed, whatever its latest step.
  const window = new Date(now.getTime() - Math.max(expiresAfterMs, MAX_CANCEL_LIFETIME_MS));
  const latest = await db
    .selectDistinctOn([alertSteps.caseId], {
      messageId: alertSteps.messageId,
      msgType: alertSteps.msgType,
      sentAt: alertSteps.sentAt,
      capXml: alertSteps.capXml,
      status: cases.status,
    })
    .from(alertSteps)
    .innerJoin(cases, eq(cases.id, alertSteps.caseId))
    .where(and(isNotNull(alertSteps.capXml), gt(alertSteps.sentAt, window)))
    .orderBy(alertSteps.caseId, desc(alertSteps.step));
  return latest
    .filter((row): row is typeof row & { capXml: string } => row.capXml !== null && listed(row as StepFacts, now, expiresAfterMs))
    .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime())
    .slice(0, limit)
    .map(({ messageId, sentAt, capXml }) => ({ messageId, sentAt, capXml }));
}

export type MessageAnswer = { kind: 'served'; capXml: string } | { kind: 'gone'; why: string } | { kind: 'unknown' };

/** What `GET /alerts/:id.xml` answers for one message id. */
export async function messageAnswer(db: Database, messageId: string, now: Date): Promise<MessageAnswer> {
  const [row] = await db
    .select({ caseId: alertSteps.caseId, msgType: alertSteps.msgType, sentAt: alertSteps.sentAt, capXml: alertSteps.capXml, status: cases.status })
    .from(alertSteps)
    .innerJoin(cases, eq(cases.id, alertSteps.caseId))
    .where(eq(alertSteps.messageId, messageId));
  if (!row?.capXml) return purgedCaseMessage(db, messageId);
  if (row.msgType === 'Cancel') {
    return now.getTime() < cancelPublicUntil(row.sentAt, row.capXml) ? { kind: 'served', capXml: row.capXml } : { kind: 'gone', why: 'this alert has ended and its Cancel has expired' };
  }
  const [cancel] = await db
    .select({ step: alertSteps.step })
    .from(alertSteps)
    .where(and(eq(alertSteps.caseId, row.caseId), eq(alertSteps.msgType, 'Cancel')));
  if (cancel || ENDED_STATUSES.has(row.status)) return { kind: 'gone', why: 'this alert has ended: the message is withdrawn' };
  return { kind: 'served', capXml: row.capXml };
}

/** A message whose rows the purge deleted: Gone (so hubs drop it), when its case exists and was purged. */
async function purgedCaseMessage(db: Database, messageId: string): Promise<MessageAnswer> {
  const caseId = CASE_MESSAGE_ID.exec(messageId)?.[1];
  if (!caseId) return { kind: 'unknown' };
  const [row] = await db.select({ purgedAt: cases.personalDataPurgedAt }).from(cases).where(eq(cases.id, caseId));
  return row?.purgedAt ? { kind: 'gone', why: 'this alert has ended and its data has been erased' } : { kind: 'unknown' };
}
