/**
 * Erasure that reaches every copy: at the purge, each partner channel that was sent a message of the
 * case gets one signed `erase` notification listing every CAP message id it was sent, so that it
 * deletes its copies. Signed and posted exactly as a delivery (http-delivery.ts, signing.ts); the
 * `partner_erasures` row is the exactly-once guard and the record of the partner's acknowledgement,
 * and the `Idempotency-Key` (`<case>:erase:<channel>`) covers a crash after the partner accepted.
 * The body carries ids and a time only: the ids name the case, never the child.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { and, asc, eq, gt, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { alertDeliveries, partnerErasures } from '../db/schema';
import type { CaseActivities, ErasureInput, ErasureStatus } from '../workflows/activity-contract';
import { FEED_CHANNEL } from '../workflows/contract';
import { errorText, heartbeatWhile, MAX_ERROR_LENGTH } from './alert-delivery';
import { currentAttempt, type AlertDeps } from './alert-steps';
import { answerColumns, failedStatusOf, postSignedJson } from './http-delivery';

/** What partners use to drop a repeated POST: the same for every attempt of one case's erase on one channel. */
export const erasureKeyOf = ({ caseId, channel }: ErasureInput) => `${caseId}:erase:${channel}`;

/** The notification a partner receives (README, "Partners"). */
export interface EraseNotification {
  type: 'erase';
  caseId: string;
  messageIds: string[];
  erasedAt: string;
}

type Executor = Pick<Database, 'select' | 'insert'>;

/**
 * In the purge's transaction, before it deletes the alert rows: one row per partner channel with every
 * message POSTed to it at least once (delivered, or attempted: a partner may keep a message whose answer
 * was lost). A retry finds the rows already there (and the deliveries gone) and adds none. Returns the
 * channels owed an erase, by name.
 */
export async function recordPartnerErasures(tx: Executor, caseId: string, erasedAt: Date): Promise<string[]> {
  const sent = await tx
    .select({ channel: alertDeliveries.channel, messageId: alertDeliveries.messageId })
    .from(alertDeliveries)
    .where(
      and(
        eq(alertDeliveries.caseId, caseId),
        ne(alertDeliveries.channel, FEED_CHANNEL),
        or(eq(alertDeliveries.status, 'delivered'), gt(alertDeliveries.attempts, 0)),
      ),
    )
    .orderBy(asc(alertDeliveries.channel), asc(alertDeliveries.step));
  const byChannel = new Map<string, string[]>();
  for (const { channel, messageId } of sent) byChannel.set(channel, [...(byChannel.get(channel) ?? []), messageId]);
  if (byChannel.size > 0) {
    await tx
      .insert(partnerErasures)
      .values([...byChannel].map(([channel, messageIds]) => ({ caseId, channel, messageIds, erasedAt })))
      .onConflictDoNothing();
  }
  const owed = await tx.select({ channel: partnerErasures.channel }).from(partnerErasures).where(eq(partnerErasures.caseId, caseId)).orderBy(asc(partnerErasures.channel));
  return owed.map((row) => row.channel);
}

export function createErasureActivities({ db, alerts }: Pick<AlertDeps, 'db' | 'alerts'>): Pick<CaseActivities, 'deliverPartnerErasure' | 'recordErasureFailure'> {
  const rowKey = ({ caseId, channel }: ErasureInput) => and(eq(partnerErasures.caseId, caseId), eq(partnerErasures.channel, channel));
  const stillPending = (input: ErasureInput) => and(rowKey(input), eq(partnerErasures.status, 'pending'));

  return {
    /**
     * One attempt: 2xx -> delivered; 4xx other than 408/429 -> failed, returned (retrying cannot help);
     * 5xx, 408, 429, network errors and timeouts -> thrown, so Temporal retries with backoff.
     */
    async deliverPartnerErasure(input: ErasureInput): Promise<{ status: ErasureStatus }> {
      const [row] = await db.select().from(partnerErasures).where(rowKey(input));
      if (!row) throw ApplicationFailure.nonRetryable(`no erase of case ${input.caseId} is owed to ${input.channel}`, 'ErasureNotRecorded');
      // Delivered: the effect happened once already. Failed: refused for good, or given up on.
      if (row.status !== 'pending') return { status: row.status };
      const webhook = alerts.webhooks.find((w) => w.name === input.channel);
      if (!webhook) throw ApplicationFailure.nonRetryable(`channel ${input.channel} is not configured (ALERT_WEBHOOKS)`, 'UnknownChannel');

      const attempt = currentAttempt();
      await db.update(partnerErasures).set({ attempts: sql`greatest(${partnerErasures.attempts}, ${attempt})`, updatedAt: new Date() }).where(rowKey(input));
      const body: EraseNotification = { type: 'erase', caseId: input.caseId, messageIds: row.messageIds, erasedAt: row.erasedAt.toISOString() };
      let result: Awaited<ReturnType<typeof postSignedJson>>;
      try {
        result = await heartbeatWhile(postSignedJson(webhook.url, webhook.secret, erasureKeyOf(input), body, alerts.webhookTimeoutMs));
      } catch (err) {
        await db.update(partnerErasures).set({ lastStatusCode: failedStatusOf(err), lastError: errorText(err), updatedAt: new Date() }).where(stillPending(input));
        throw err;
      }
      const answer = answerColumns(result);
      await db.update(partnerErasures).set(answer).where(stillPending(input));
      return { status: answer.status };
    },

    async recordErasureFailure(input: ErasureInput & { error: string }): Promise<void> {
      await db
        .update(partnerErasures)
        .set({ status: 'failed', lastError: input.error.slice(0, MAX_ERROR_LENGTH), updatedAt: new Date() })
        .where(stillPending(input));
    },
  };
}
