/**
 * Tells the prosecutors of a jurisdiction that a case waits for them. The row in approval_events is
 * what the API's pending-approvals list shows; the optional webhook pushes the same fact, signed.
 * The push carries no personal data: only the case id, risk and a link for authorised staff.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { approvalEvents, cases } from '../db/schema';
import type { CaseActivities, ProsecutorNotice } from '../workflows/activity-contract';
import { postSignedJson, refusalText } from './http-delivery';

export interface NotifyDeps {
  db: Database;
  webhook: { url: string; secret: string; timeoutMs: number } | null;
  publicBaseUrl: string;
}

const audienceOf = (kind: ProsecutorNotice['kind']) => (kind === 'escalation' ? 'senior_prosecutor' : 'prosecutor');

export function createNotifyActivities({ db, webhook, publicBaseUrl }: NotifyDeps): Pick<
  CaseActivities,
  'recordApprovalNotice' | 'pushApprovalNotice' | 'recordNotificationFailure' | 'notifyProsecutors'
> {
  const keyOf = (n: Pick<ProsecutorNotice, 'caseId' | 'round' | 'kind'>) =>
    and(eq(approvalEvents.caseId, n.caseId), eq(approvalEvents.round, n.round), eq(approvalEvents.kind, n.kind));

  /** The row the pending list reads: written before any push, quick, retried until the database answers. */
  async function recordApprovalNotice(notice: ProsecutorNotice): Promise<void> {
    const at = new Date(notice.at);
    await db.transaction(async (tx) => {
      await tx
        .insert(approvalEvents)
        .values({ caseId: notice.caseId, round: notice.round, kind: notice.kind, audience: audienceOf(notice.kind), jurisdiction: notice.jurisdiction, at })
        .onConflictDoNothing();
      if (notice.kind === 'request') {
        await tx
          .update(cases)
          .set({ approvalRequestedAt: sql`coalesce(${cases.approvalRequestedAt}, ${at})`, updatedAt: new Date() })
          .where(eq(cases.id, notice.caseId));
      }
    });
  }

  /** One push to NOTIFY_WEBHOOK_URL; throws (retryable) on 5xx, 408, 429 and network errors. */
  async function pushApprovalNotice(notice: ProsecutorNotice): Promise<{ pushed: boolean }> {
    if (!webhook) return { pushed: false };
    const [row] = await db.select({ notifiedAt: approvalEvents.notifiedAt }).from(approvalEvents).where(keyOf(notice));
    if (row?.notifiedAt) return { pushed: true };
    const idempotencyKey = `${notice.caseId}:approval:${notice.round}:${notice.kind}`;
    const result = await postSignedJson(
      webhook.url,
      webhook.secret,
      idempotencyKey,
      {
        idempotencyKey,
        type: `approval.${notice.kind}`,
        audience: audienceOf(notice.kind),
        caseId: notice.caseId,
        jurisdiction: notice.jurisdiction,
        round: notice.round,
        risk: notice.risk,
        probableDuplicateOf: notice.probableDuplicateOf,
        at: notice.at,
        links: { case: `${publicBaseUrl}/cases/${notice.caseId}`, pending: `${publicBaseUrl}/approvals/pending` },
      },
      webhook.timeoutMs,
    );
    const now = new Date();
    await db
      .update(approvalEvents)
      .set(result.delivered ? { notifiedAt: now, notifyFailedAt: null, notifyError: null } : { notifyFailedAt: now, notifyError: refusalText(result.status) })
      .where(keyOf(notice));
    return { pushed: result.delivered };
  }

  return {
    recordApprovalNotice,
    pushApprovalNotice,

    /** The workflow's last word on a push whose retries ran out: shown as `notification: failed`. */
    async recordNotificationFailure(input: Pick<ProsecutorNotice, 'caseId' | 'round' | 'kind'> & { error: string }): Promise<void> {
      await db
        .update(approvalEvents)
        .set({ notifyFailedAt: new Date(), notifyError: input.error.slice(0, 300) })
        .where(and(keyOf(input), isNull(approvalEvents.notifiedAt)));
    },

    /** Both in one, awaited: what runs recorded before notifications moved to the background call. */
    async notifyProsecutors(notice: ProsecutorNotice): Promise<{ pushed: boolean }> {
      await recordApprovalNotice(notice);
      return pushApprovalNotice(notice);
    },
  };
}
