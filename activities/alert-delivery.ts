/**
 * Delivery of a recorded step to one partner webhook. Exactly-once *effect*: the `alert_deliveries`
 * row is the guard (a `delivered` row is never sent again), and the `Idempotency-Key` header covers
 * the one window the row cannot: a crash after the partner accepted but before the row says so.
 * Latest wins: the delivery of a newer step records the older ones it replaces as `superseded`, and a
 * delivery the workflow cancels (a newer step is queued) ends as cancelled, its row left as it was.
 */
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { and, eq, gte, lt, ne, sql } from 'drizzle-orm';
import { alertDeliveries, alertSteps } from '../db/schema';
import { currentAttempt, type AlertDeps } from './alert-steps';
import type { CaseActivities, DeliveryInput, DeliveryStatus } from '../workflows/activity-contract';
import { answerColumns, failedStatusOf, postSignedJson } from './http-delivery';

/** What partners use to drop a repeated POST: the same for every attempt of one (case, step, channel). */
export const idempotencyKeyOf = ({ caseId, step, channel }: DeliveryInput) => `${caseId}:${step}:${channel}`;

/**
 * Heartbeats while a POST is out, so a crashed worker's attempt is retried after the heartbeat timeout,
 * and a cancellation from the workflow reaches the attempt. A POST already out is let finish (the partner
 * may be applying it): a 2xx is then recorded delivered and returned, which the workflow takes as such.
 */
const HEARTBEAT_EVERY_MS = 2_000;
export const MAX_ERROR_LENGTH = 300;

export function heartbeatWhile<T>(work: Promise<T>): Promise<T> {
  let context: Context | null = null;
  try {
    context = Context.current();
  } catch {
    return work;
  }
  const timer = setInterval(() => context!.heartbeat(), HEARTBEAT_EVERY_MS);
  return work.finally(() => clearInterval(timer));
}

/** Transport facts only (host, status, timeout): a message body never reaches a log or a row. */
export const errorText = (err: unknown) => String((err as Error)?.message ?? err).slice(0, MAX_ERROR_LENGTH);

/** The workflow asked this delivery to stop (a newer message took its place); not a worker shutdown. */
function cancelRequested(): boolean {
  try {
    return Context.current().cancellationDetails?.cancelRequested === true;
  } catch {
    return false;
  }
}
const supersededFailure = () => new CancelledFailure('superseded by a newer message of the case');

export function createAlertDeliveryActivities({ db, alerts }: AlertDeps): Pick<CaseActivities, 'deliverAlertStep' | 'recordDeliveryFailure'> {
  const rowKey = (input: DeliveryInput) =>
    and(eq(alertDeliveries.caseId, input.caseId), eq(alertDeliveries.step, input.step), eq(alertDeliveries.channel, input.channel));

  /** Idempotent on case + step + channel; a `delivered` or `failed` row keeps what it says. */
  async function recordSuperseded({ caseId, step, channel, supersededFrom }: DeliveryInput): Promise<void> {
    if (supersededFrom === undefined || supersededFrom >= step) return;
    const older = await db
      .select({ step: alertSteps.step, messageId: alertSteps.messageId })
      .from(alertSteps)
      .where(and(eq(alertSteps.caseId, caseId), gte(alertSteps.step, supersededFrom), lt(alertSteps.step, step)));
    if (older.length === 0) return;
    await db
      .insert(alertDeliveries)
      .values(older.map((o) => ({ caseId, step: o.step, channel, messageId: o.messageId, status: 'superseded' as const })))
      .onConflictDoUpdate({
        target: [alertDeliveries.caseId, alertDeliveries.step, alertDeliveries.channel],
        set: { status: 'superseded', updatedAt: new Date() },
        setWhere: eq(alertDeliveries.status, 'pending'),
      });
  }

  return {
    /**
     * One attempt: 2xx -> delivered; 4xx other than 408/429 -> failed, returned (retrying cannot help);
     * 5xx, 408, 429, network errors and timeouts -> thrown, so Temporal retries with backoff.
     */
    async deliverAlertStep(input: DeliveryInput): Promise<{ status: DeliveryStatus }> {
      const webhook = alerts.webhooks.find((w) => w.name === input.channel);
      if (!webhook) throw ApplicationFailure.nonRetryable(`channel ${input.channel} is not configured (ALERT_WEBHOOKS)`, 'UnknownChannel');
      const [step] = await db
        .select({ messageId: alertSteps.messageId, msgType: alertSteps.msgType, sentAt: alertSteps.sentAt, capXml: alertSteps.capXml })
        .from(alertSteps)
        .where(and(eq(alertSteps.caseId, input.caseId), eq(alertSteps.step, input.step)));
      if (!step?.capXml) throw ApplicationFailure.nonRetryable(`step ${input.step} of case ${input.caseId} has no CAP document`, 'StepNotRecorded');
      await recordSuperseded(input);

      // One statement, one transaction: the row made pending if new, and this attempt counted on it while
      // it is pending (not once cancelled: that attempt sends nothing). No row back: it is no longer pending.
      const cancelled = cancelRequested();
      const attempts = cancelled ? 0 : currentAttempt();
      const [pending] = await db
        .insert(alertDeliveries)
        .values({ caseId: input.caseId, step: input.step, channel: input.channel, messageId: step.messageId, status: 'pending', attempts })
        .onConflictDoUpdate({
          target: [alertDeliveries.caseId, alertDeliveries.step, alertDeliveries.channel],
          set: { attempts: sql`greatest(${alertDeliveries.attempts}, ${attempts})`, updatedAt: new Date() },
          setWhere: eq(alertDeliveries.status, 'pending'),
        })
        .returning({ status: alertDeliveries.status });
      if (!pending) {
        // Delivered: the effect happened once already. Failed: the partner refused it for good.
        // Superseded: a newer message took its place on this channel; sending it now would be stale.
        const [row] = await db.select({ status: alertDeliveries.status }).from(alertDeliveries).where(rowKey(input));
        return { status: row.status };
      }
      if (cancelled) throw supersededFailure();
      const idempotencyKey = idempotencyKeyOf(input);
      const body = {
        idempotencyKey,
        caseId: input.caseId,
        step: input.step,
        msgType: step.msgType,
        messageId: step.messageId,
        sentAt: step.sentAt.toISOString(),
        cap: step.capXml,
      };
      let result: Awaited<ReturnType<typeof postSignedJson>>;
      try {
        result = await heartbeatWhile(postSignedJson(webhook.url, webhook.secret, idempotencyKey, body, alerts.webhookTimeoutMs));
      } catch (err) {
        await db
          .update(alertDeliveries)
          .set({ lastStatusCode: failedStatusOf(err), lastError: errorText(err), updatedAt: new Date() })
          .where(and(rowKey(input), eq(alertDeliveries.status, 'pending')));
        // Reported as cancelled, not failed: the workflow stops retrying it and the row stays pending
        // until the newer delivery records it superseded.
        if (cancelRequested()) throw supersededFailure();
        throw err;
      }
      const answer = answerColumns(result);
      await db.update(alertDeliveries).set(answer).where(and(rowKey(input), eq(alertDeliveries.status, 'pending')));
      return { status: answer.status };
    },

    /** The workflow's last word on a delivery whose retries ran out: failed, unless it was delivered. */
    async recordDeliveryFailure(input: DeliveryInput & { error: string }): Promise<void> {
      const [step] = await db
        .select({ messageId: alertSteps.messageId })
        .from(alertSteps)
        .where(and(eq(alertSteps.caseId, input.caseId), eq(alertSteps.step, input.step)));
      if (!step) return;
      const now = new Date();
      const lastError = input.error.slice(0, MAX_ERROR_LENGTH);
      await db
        .insert(alertDeliveries)
        .values({ caseId: input.caseId, step: input.step, channel: input.channel, messageId: step.messageId, status: 'failed', lastError })
        .onConflictDoUpdate({
          target: [alertDeliveries.caseId, alertDeliveries.step, alertDeliveries.channel],
          set: { status: 'failed', lastError, updatedAt: now },
          setWhere: ne(alertDeliveries.status, 'delivered'),
        });
    },
  };
}
