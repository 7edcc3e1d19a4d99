/** Shared by the alert delivery tests: partner channels, a report with canaries, delivery rows. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/env';
import type { AlertWebhook } from '../../config/env-values';
import type { Database } from '../../db/client';
import { alertDeliveries } from '../../db/schema';
import type { CaseActivities } from '../../activities';
import type { AlertStep, CaseReport } from '../../workflows/contract';
import { recordCase } from './cases';
import { makeReport, PRIVATE_FIELD_CANARIES } from './fixtures';
import { TEST_SECRET } from '../api/harness';
import { useCaseTestContext } from './time-skipping';
import { TEST_PUBLIC_BASE_URL } from './worker';
import { startWebhookReceiver, type Responder, type WebhookReceiver } from './webhook-receiver';

/** Unique names per test file: the metrics by channel then count this file's deliveries only. */
export function partnerChannels<K extends string>(labels: readonly K[]): { names: Record<K, string>; secrets: Record<string, string> } {
  const suffix = randomUUID().slice(0, 6);
  const names = Object.fromEntries(labels.map((label) => [label, `${label}-${suffix}`])) as Record<K, string>;
  const secrets = Object.fromEntries(Object.values<string>(names).map((name) => [name, `secret-of-${name}-0123456789`]));
  return { names, secrets };
}

export const webhooksFor = (receiver: WebhookReceiver, secrets: Record<string, string>): AlertWebhook[] =>
  Object.entries(secrets).map(([name, secret]) => ({ name, url: receiver.url(name), secret }));

/** Background, guardian, medical and circumstance canaries: none may appear in anything sent. */
export function reportWithCanaries(): { report: CaseReport; canaries: string[] } {
  const report = makeReport({
    ...PRIVATE_FIELD_CANARIES,
    guardian: { fullName: 'Canaryguardian Benali', relationship: 'CANARY-RELATIONSHIP aunt', phone: '+212699123457' },
  });
  const canaries = ['CANARY', 'Canaryguardian', '699123457', 'insulin', 'argument', 'chess', 'bullied', 'Ligue Arabe', '33.580511', '-7.622633', report.child.dateOfBirth];
  return { report, canaries };
}

/** A validated case with its first alert step recorded (the feed has it): ready for a partner delivery. */
export async function recordedAlert(db: Database, activities: CaseActivities): Promise<{ caseId: string; step: AlertStep }> {
  const { caseId } = await recordCase(db);
  await activities.validateReport({ caseId, receivedAt: new Date().toISOString() });
  const step: AlertStep = {
    step: 1,
    kind: 'alert',
    msgType: 'Alert',
    messageId: `mca-${caseId}-1`,
    areas: [{ index: 0, kind: 'radius', radiusKm: 10, centre: { lat: 33.5731, lon: -7.5898 } }],
    sentAt: new Date().toISOString(),
  };
  await activities.broadcastAlertStep({ caseId, risk: 'high', step, references: [] });
  return { caseId, step };
}

export async function deliveryRows(db: Database, caseId: string, channel?: string) {
  const rows = await db
    .select()
    .from(alertDeliveries)
    .where(channel ? and(eq(alertDeliveries.caseId, caseId), eq(alertDeliveries.channel, channel)) : eq(alertDeliveries.caseId, caseId))
    .orderBy(asc(alertDeliveries.step), asc(alertDeliveries.channel));
  return rows;
}

/**
 * Per test file: a time-skipping case context whose worker delivers to a real receiver of these partner
 * channels (answering with `respond`, 200 by default), and the real API on the same database and client.
 * No API error may go unexpected.
 */
export function usePartnerCaseContext(label: string, secrets: Record<string, string>, respond?: Responder) {
  const partner = {} as { receiver: WebhookReceiver; app: Express };
  const appErrors: unknown[] = [];
  beforeAll(async () => {
    partner.receiver = await startWebhookReceiver(secrets);
    if (respond) partner.receiver.respond(respond);
  });
  const ctx = useCaseTestContext(label, () => ({}), () => ({ webhooks: webhooksFor(partner.receiver, secrets) }));
  beforeAll(() => {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', AUTH_JWT_SECRET: TEST_SECRET, PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL });
    partner.app = createApp({ config, client: ctx.env.client, db: ctx.database.db, probes: [], logError: (err) => appErrors.push(err) });
  });
  afterAll(async () => {
    await partner.receiver?.close();
    expect(appErrors).toEqual([]);
  });
  return { ctx, partner };
}
