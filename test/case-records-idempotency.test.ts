/**
 * Every activity that writes records, called twice (and the purge twice at once), on the real
 * PostgreSQL: a retried activity never duplicates a row, and the audit log gets one purge entry.
 */
import { recordCase } from './helpers/cases';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase } from './helpers/env';
import { officer, prosecutor } from './helpers/fixtures';
import { realActivities } from './helpers/worker';

let database: DatabaseHandle;
beforeAll(() => {
  database = openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function counts(caseId: string) {
  const { rows } = await database.db.execute<Record<string, number>>(sql`
    select (select count(*)::int from cases where id = ${caseId}) as cases,
      (select count(*)::int from case_personal_data where case_id = ${caseId}) as personal,
      (select count(*)::int from consent_records where case_id = ${caseId}) as consent,
      (select count(*)::int from approval_events where case_id = ${caseId}) as approvals,
      (select count(*)::int from alert_steps where case_id = ${caseId}) as steps,
      (select count(*)::int from alert_deliveries where case_id = ${caseId}) as deliveries,
      (select count(*)::int from audit_log where case_id = ${caseId}) as audit`);
  return rows[0];
}

test('each record activity run twice leaves the rows of one run; the purge run twice at once audits once', async () => {
  const activities = realActivities(database.db);
  const { caseId, report } = await recordCase(database.db);
  const receivedAt = new Date().toISOString();
  const twice = async (run: () => Promise<unknown>) => {
    await run();
    await run();
  };

  await twice(() => activities.validateReport({ caseId, receivedAt }));
  await twice(() => activities.notifyProsecutors({ caseId, jurisdiction: 'MA-06', round: 1, kind: 'request', at: new Date().toISOString(), risk: 'high', probableDuplicateOf: null }));
  const decidedAt = new Date().toISOString();
  const commandId = randomUUID();
  await twice(() => activities.recordApprovalDecision({ caseId, jurisdiction: 'MA-06', round: 1, decision: 'approve', decidedBy: prosecutor, reason: 'urgent', commandId, at: decidedAt }));
  const sighting = { location: report.lastSeen.location, seenAt: decidedAt, noteId: null, receivedAt: decidedAt };
  const sightingCommand = randomUUID();
  await twice(() => activities.recordCommand({ commandId: sightingCommand, caseId, action: 'sighting.report', actor: officer, sighting }));
  const centre = report.lastSeen.location;
  const step = { step: 1, kind: 'alert' as const, msgType: 'Alert' as const, messageId: `mca-${caseId}-1`, areas: [{ index: 0, kind: 'radius' as const, radiusKm: 10, centre }], sentAt: new Date().toISOString() };
  await twice(() => activities.broadcastAlertStep({ caseId, risk: 'high', step, references: [] }));
  await twice(() => activities.recordCaseProgress({ caseId, status: 'found', at: new Date().toISOString(), outcome: null }));
  // The decision and the sighting: one audit entry each (their command ids), one sighting row.
  expect(await counts(caseId)).toEqual({ cases: 1, personal: 1, consent: 1, approvals: 2, steps: 1, deliveries: 1, audit: 2 });
  const { rows: sightings } = await database.db.execute(sql`select count(*)::int as n from case_sightings where case_id = ${caseId}`);
  expect(sightings).toEqual([{ n: 1 }]);
  const { rows: consent } = await database.db.execute(sql`select given, given_by, recorded_by_sub, recorded_by_role, source from consent_records where case_id = ${caseId}`);
  expect(consent).toEqual([{ given: true, given_by: 'guardian', recorded_by_sub: 'intake-test', recorded_by_role: 'intake_officer', source: 'intake_api' }]);

  const at = new Date().toISOString();
  await Promise.all([activities.purgePersonalData({ caseId, at }), activities.purgePersonalData({ caseId, at })]);
  await activities.purgePersonalData({ caseId, at: new Date(Date.now() + 60_000).toISOString() });
  expect(await counts(caseId)).toEqual({ cases: 1, personal: 0, consent: 1, approvals: 2, steps: 0, deliveries: 0, audit: 3 });
  const { rows } = await database.db.execute<{ action: string; actor_sub: string; detail: unknown; purged: Date }>(sql`
    select a.action, a.actor_sub, a.detail, c.personal_data_purged_at as purged from audit_log a join cases c on c.id = a.case_id
    where a.case_id = ${caseId} and a.action = 'case.purge_personal_data'`);
  expect(rows.map((r) => [r.action, r.actor_sub, r.detail, new Date(r.purged).toISOString()])).toEqual([
    ['case.purge_personal_data', 'system', { reports: 1, alertSteps: 1, approvalReasons: 1, notes: 0, sightings: 1 }, at],
  ]);
  const { rows: reasons } = await database.db.execute(sql`select kind, reason from approval_events where case_id = ${caseId} order by kind`);
  expect(reasons).toEqual([{ kind: 'approved', reason: null }, { kind: 'request', reason: null }]);
});
