/**
 * Recording a broadcast step: the `alert_steps` row with its CAP 1.2 document, written in one insert,
 * so a message is public (feed, `GET /alerts/:id.xml`) exactly when it exists, and every channel sends
 * the very bytes stored here. The feed's own delivery row is written in the same transaction.
 * Each message's `web` is the case's public alert page (`/a/<public_ref>`), and the photos the service
 * owns are `<resource>`s with their size and SHA-1; both are read from rows that never change while
 * the case runs, so a retry still builds the same bytes.
 */
import { Context } from '@temporalio/activity';
import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Config } from '../config/env';
import type { AlertWebhook } from '../config/env-values';
import type { CountryArea } from '../domain/country-areas';
import type { Database } from '../db/client';
import { casePhotoRefs } from '../db/case-photos';
import { alertDeliveries, alertSteps, casePersonalData, cases } from '../db/schema';
import { alertPageUrl, buildCapMessage, photoUrl, toPublicAlertContent, type AlertLanguage, type CapReference } from '../domain/cap';
import type { BroadcastInput, CaseActivities } from '../workflows/activity-contract';
import { FEED_CHANNEL, type AlertStep, type CaseReport } from '../workflows/contract';

export interface AlertSettings {
  webhooks: AlertWebhook[];
  languages: AlertLanguage[];
  sender: string;
  contact: string;
  expiresAfterMs: number;
  /** A Cancel's lifetime (ALERT_CANCEL_EXPIRES_AFTER, at most 48 h). */
  cancelExpiresAfterMs: number;
  webhookTimeoutMs: number;
}

export interface AlertDeps {
  db: Database;
  country: CountryArea;
  publicBaseUrl: string;
  alerts: AlertSettings;
}


export function alertSettingsFrom(config: Config): AlertSettings {
  return {
    webhooks: config.ALERT_WEBHOOKS,
    languages: config.ALERT_LANGUAGES,
    sender: config.ALERT_SENDER,
    contact: config.ALERT_CONTACT,
    expiresAfterMs: config.ALERT_EXPIRES_AFTER,
    cancelExpiresAfterMs: config.ALERT_CANCEL_EXPIRES_AFTER,
    webhookTimeoutMs: config.ALERT_WEBHOOK_TIMEOUT,
  };
}

/** The attempt of the running activity (1-based); 1 when called outside an activity. */
export function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/**
 * What a step's CAP `<references>` lists: the earlier messages still in force at its `sent` (their
 * `sent` + ALERT_EXPIRES_AFTER is later), oldest first, and always the latest earlier one, the message
 * this one updates or cancels (CAP requires an Update or Cancel to reference something; a re-broadcast
 * due exactly when the previous message expires would otherwise have nothing). An Alert has none.
 */
export function referencesInForce(earlier: Array<{ messageId: string; sentAt: Date }>, step: AlertStep, expiresAfterMs: number): CapReference[] {
  if (step.msgType === 'Alert' || earlier.length === 0) return [];
  const sentAt = Date.parse(step.sentAt);
  const last = earlier.length - 1;
  return earlier
    .filter((m, i) => i === last || m.sentAt.getTime() + expiresAfterMs > sentAt)
    .map((m) => ({ messageId: m.messageId, sentAt: m.sentAt.toISOString() }));
}

export function createAlertStepActivities({ db, country, publicBaseUrl, alerts }: AlertDeps): Pick<CaseActivities, 'broadcastAlertStep'> {
  return {
    /** Idempotent on (case, step): a retry finds the row and changes nothing. */
    async broadcastAlertStep(input: BroadcastInput): Promise<void> {
      const { caseId, step } = input;
      const key = and(eq(alertSteps.caseId, caseId), eq(alertSteps.step, step.step));
      const [recorded] = await db.select({ step: alertSteps.step }).from(alertSteps).where(key);
      if (recorded) return;
      const [personal] = await db
        .select({ report: casePersonalData.report, publicRef: cases.publicRef })
        .from(casePersonalData)
        .innerJoin(cases, eq(cases.id, casePersonalData.caseId))
        .where(eq(casePersonalData.caseId, caseId));
      // Purge follows the Cancel, so this is a wiring fault: the retries keep it visible until fixed.
      if (!personal) throw new Error(`case ${caseId} has no report to build step ${step.step} from`);
      const sentAt = new Date(step.sentAt);
      // Earlier rows never change, so a retry derives the same references (and the same bytes).
      const earlier = await db
        .select({ messageId: alertSteps.messageId, sentAt: alertSteps.sentAt })
        .from(alertSteps)
        .where(and(eq(alertSteps.caseId, caseId), lt(alertSteps.step, step.step)))
        .orderBy(asc(alertSteps.step));
      const capXml = buildCapMessage({
        step,
        caseId,
        risk: input.risk,
        // The step's own time, not the clock: a retry builds byte-identical XML.
        content: toPublicAlertContent(personal.report as CaseReport, sentAt),
        sender: alerts.sender,
        references: referencesInForce(earlier, step, alerts.expiresAfterMs),
        languages: alerts.languages,
        country,
        webBaseUrl: publicBaseUrl,
        webUrl: alertPageUrl(publicBaseUrl, personal.publicRef),
        photos: (await casePhotoRefs(db, caseId)).map((p) => ({ uri: photoUrl(publicBaseUrl, p.photoRef), mimeType: p.mimeType, size: p.size, digest: p.sha1 })),
        contact: alerts.contact,
        expiresAfterMs: step.msgType === 'Cancel' ? alerts.cancelExpiresAfterMs : alerts.expiresAfterMs,
        cancelReason: input.cancelReason,
      });
      const tierIndex = Math.max(...step.areas.map((a) => a.index));
      const national = step.areas.some((a) => a.kind === 'national');
      await db.transaction(async (tx) => {
        const inserted = await tx
          .insert(alertSteps)
          .values({ caseId, step: step.step, kind: step.kind, msgType: step.msgType, messageId: step.messageId, tierIndex, areas: step.areas, sentAt, capXml })
          .onConflictDoNothing()
          .returning({ step: alertSteps.step });
        if (inserted.length === 0) return;
        const now = new Date();
        await tx.insert(alertDeliveries).values({
          caseId,
          step: step.step,
          channel: FEED_CHANNEL,
          messageId: step.messageId,
          status: 'delivered',
          attempts: currentAttempt(),
          acknowledgedAt: now,
        });
        if (step.msgType === 'Cancel') {
          // Takes every earlier message of the case off the feed's active list.
          await tx
            .update(alertSteps)
            .set({ cancelledAt: sentAt })
            .where(and(eq(alertSteps.caseId, caseId), ne(alertSteps.msgType, 'Cancel'), sql`${alertSteps.cancelledAt} is null`));
          return;
        }
        await tx
          .update(cases)
          // Not the status: the workflow's recordCaseProgress is its only writer.
          .set({
            tierReached: sql`greatest(coalesce(${cases.tierReached}, -1), ${tierIndex})`,
            nationalReached: sql`${cases.nationalReached} or ${national}`,
            firstAlertAt: sql`coalesce(${cases.firstAlertAt}, ${sentAt})`,
            updatedAt: now,
          })
          .where(eq(cases.id, caseId));
      });
    },
  };
}
