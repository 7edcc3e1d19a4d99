/**
 * Tells the prosecutors of a jurisdiction that a case waits for them. The row in approval_events is
 * what the API's pending-approvals list shows; the optional webhook pushes the same fact, signed.
 * The push carries no personal data: only the case id, risk and a link for authorised staff.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { approvalEvents, cases } from '../db/schema';
import type { RiskLevel } from '../workflows/contract';
import { postSignedJson } from './http-delivery';

export interface NotifyDeps {
  db: Database;
  webhook: { url: string; secret: string; timeoutMs: number } | null;
  publicBaseUrl: string;
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

export function createNotifyActivities({ db, webhook, publicBaseUrl }: NotifyDeps) {
  return {
    async notifyProsecutors(notice: ProsecutorNotice): Promise<{ pushed: boolean }> {
      const at = new Date(notice.at);
      const audience = notice.kind === 'escalation' ? 'senior_prosecutor' : 'prosecutor';
      const key = and(eq(approvalEvents.caseId, notice.caseId), eq(approvalEvents.round, notice.round), eq(approvalEvents.kind, notice.kind));
      await db.transaction(async (tx) => {
        await tx
          .insert(approvalEvents)
          .values({ caseId: notice.caseId, round: notice.round, kind: notice.kind, audience, jurisdiction: notice.jurisdiction, at })
          .onConflictDoNothing();
        if (notice.kind === 'request') {
          await tx
            .update(cases)
            .set({ status: 'awaiting_approval', approvalRequestedAt: sql`coalesce(${cases.approvalRequestedAt}, ${at})`, updatedAt: new Date() })
            .where(eq(cases.id, notice.caseId));
        }
      });
      if (!webhook) return { pushed: false };
      const [row] = await db.select({ notifiedAt: approvalEvents.notifiedAt }).from(approvalEvents).where(key);
      if (row?.notifiedAt) return { pushed: true };
      const idempotencyKey = `${notice.caseId}:approval:${notice.round}:${notice.kind}`;
      const result = await postSignedJson(
        webhook.url,
        webhook.secret,
        idempotencyKey,
        {
          idempotencyKey,
          type: `approval.${notice.kind}`,
          audience,
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
      if (result.delivered) await db.update(approvalEvents).set({ notifiedAt: new Date() }).where(key);
      return { pushed: result.delivered };
    },
  };
}
