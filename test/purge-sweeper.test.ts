/**
 * The purge sweeper on the real dev server: the Schedule a worker creates at start, triggered, purges
 * the personal data of exactly the cases no workflow will ever purge (never started; terminated), once
 * each, and leaves a running case and a case within its retention alone. A second run changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduleHandle } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { recordPublicationConsent } from '../activities/consent';
import { PURGE_ACTION } from '../activities/personal-data-purge';
import { createSweepActivities } from '../activities/purge-sweep';
import { loadConfig } from '../config/env';
import { auditLog, caseNotes, casePersonalData, cases, caseSightings } from '../db/schema';
import { ensurePurgeSweepSchedule, PURGE_SWEEP_SCHEDULE_ID } from '../infra/purge-sweep-schedule';
import { caseWorkflow } from '../workflows';
import { workflowIdForCase } from '../workflows/contract';
import { useDevServerContext } from './helpers/dev-server';
import { testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { defaultPolicy, makeReport, officer } from './helpers/fixtures';
import { realActivities, waitForState } from './helpers/worker';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The sweep's RETENTION_AFTER_CLOSE here: "past retention" is three days old, "within" one hour. */
const RETENTION_MS = DAY;
const ago = (ms: number) => new Date(Date.now() - ms);

const ctx = useDevServerContext('purge-sweeper', () => testEnv.temporalAddress, testEnv.namespace, (c) =>
  realActivities(c.database.db, createSweepActivities({ db: c.database.db, sweep: { client: c.client, retentionAfterCloseMs: RETENTION_MS } })),
);

/** The rows intake commits before it starts the workflow, plus a staff note and a sighting. */
async function recordCase(receivedAt: Date) {
  const caseId = randomUUID();
  const report = makeReport();
  await ctx.database.db.transaction(async (tx) => {
    await tx.insert(cases).values({
      id: caseId,
      status: 'validating',
      jurisdiction: report.reportingUnit.jurisdiction,
      reportingUnitId: report.reportingUnit.id,
      consentToPublish: report.guardian.consentToPublish,
      receivedAt,
    });
    await tx.insert(casePersonalData).values({ caseId, report, childFingerprint: `test-${caseId}` });
    await recordPublicationConsent(tx, { caseId, given: true, recordedAt: receivedAt, recordedBy: officer, source: 'intake_api' });
    const noteId = randomUUID();
    await tx.insert(caseNotes).values({ id: noteId, caseId, kind: 'sighting', text: 'CANARY-NOTE seen near the bus stop', authorSub: officer.sub });
    await tx.insert(caseSightings).values({ commandId: randomUUID(), caseId, seenAt: receivedAt, lat: 33.58, lon: -7.6, noteId, reportedBySub: officer.sub, receivedAt });
  });
  return { caseId, report };
}

/** A real case workflow, run until it waits for approval; the intake rows are written first, as intake does. */
async function startCase(receivedAt: Date) {
  const { caseId, report } = await recordCase(receivedAt);
  const handle = await ctx.client.workflow.start(caseWorkflow, {
    workflowId: workflowIdForCase(caseId),
    taskQueue: ctx.taskQueue,
    args: [{ caseId, policy: defaultPolicy(), report, receivedAt: receivedAt.toISOString() }],
  });
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  return { caseId, handle };
}

async function backdate(caseId: string, receivedAt: Date, endedAt: Date | null) {
  await ctx.database.db.update(cases).set({ receivedAt, endedAt }).where(eq(cases.id, caseId));
}

/** Triggers one run and returns its result (cases purged) once it has completed. */
async function runSweep(schedule: ScheduleHandle): Promise<number> {
  const before = (await schedule.describe()).info.recentActions.length;
  await schedule.trigger();
  const described = await eventually(() => schedule.describe(), (d) => d.info.recentActions.length > before);
  const { workflowId, firstExecutionRunId } = described.info.recentActions.at(-1)!.action.workflow;
  return ctx.client.workflow.getHandle(workflowId, firstExecutionRunId).result();
}

test('the sweeper purges, once each, exactly the cases past retention whose workflow never started or was terminated', async () => {
  const intervalMs = loadConfig({ NODE_ENV: 'test', PURGE_SWEEP_INTERVAL: '2h' }).PURGE_SWEEP_INTERVAL;
  // Its own id: the worker processes of other test files ensure the real `purge-sweeper` on this server.
  const scheduleId = `${PURGE_SWEEP_SCHEDULE_ID}-${randomUUID().slice(0, 8)}`;
  const options = { taskQueue: ctx.taskQueue, intervalMs, scheduleId };

  const neverStarted = (await recordCase(ago(3 * DAY))).caseId;
  const recent = (await recordCase(ago(HOUR))).caseId;
  const terminated = await startCase(ago(3 * DAY));
  const endedRecently = await startCase(ago(3 * DAY));
  const running = await startCase(ago(3 * DAY));
  await terminated.handle.terminate('test: abandoned case');
  await endedRecently.handle.terminate('test: abandoned case');
  // Set after the workflow's own writes: past retention counts from ended_at, else from received_at.
  await backdate(terminated.caseId, ago(3 * DAY), ago(2 * DAY));
  await backdate(endedRecently.caseId, ago(3 * DAY), ago(HOUR));
  await backdate(running.caseId, ago(3 * DAY), null);
  const all = [neverStarted, recent, terminated.caseId, endedRecently.caseId, running.caseId];
  const swept = [neverStarted, terminated.caseId].sort();
  const untouched = [recent, endedRecently.caseId, running.caseId].sort();

  // Two workers starting together: one creates, the other finds it as wanted.
  expect((await Promise.all([ensurePurgeSweepSchedule(ctx.client, options), ensurePurgeSweepSchedule(ctx.client, options)])).sort()).toEqual(['created', 'unchanged']);
  const schedule = ctx.client.schedule.getHandle(scheduleId);
  try {
    const described = await schedule.describe();
    expect(described.spec.intervals?.map((i) => i.every)).toEqual([intervalMs]);
    expect(described.action).toMatchObject({ workflowType: 'purgeSweepWorkflow', taskQueue: ctx.taskQueue });
    expect(described.policies.overlap).toBe('SKIP');
    // A new interval in the configuration reaches the existing Schedule at the next worker start.
    expect(await ensurePurgeSweepSchedule(ctx.client, { ...options, intervalMs: 3 * HOUR })).toBe('updated');
    expect((await schedule.describe()).spec.intervals?.map((i) => i.every)).toEqual([3 * HOUR]);
    expect(await ensurePurgeSweepSchedule(ctx.client, options)).toBe('updated');
    expect(await ensurePurgeSweepSchedule(ctx.client, options)).toBe('unchanged');

    expect(await runSweep(schedule)).toBe(2);
    await expectSweptOnly(all, swept, untouched);
    // A second run finds nothing more to do: no purge, no second audit entry.
    expect(await runSweep(schedule)).toBe(0);
    await expectSweptOnly(all, swept, untouched);
    expect((await running.handle.describe()).status.name).toBe('RUNNING');
  } finally {
    await schedule.delete();
    await running.handle.terminate('test over');
  }
});

async function expectSweptOnly(all: string[], swept: string[], untouched: string[]) {
  const db = ctx.database.db;
  const ids = (rows: Array<{ caseId: string }>) => rows.map((r) => r.caseId).sort();
  expect(ids(await db.select({ caseId: casePersonalData.caseId }).from(casePersonalData).where(inArray(casePersonalData.caseId, all)))).toEqual(untouched);
  expect(ids(await db.select({ caseId: caseNotes.caseId }).from(caseNotes).where(inArray(caseNotes.caseId, all)))).toEqual(untouched);
  expect(ids(await db.select({ caseId: caseSightings.caseId }).from(caseSightings).where(inArray(caseSightings.caseId, all)))).toEqual(untouched);
  const rows = await db.select({ caseId: cases.id, purgedAt: cases.personalDataPurgedAt }).from(cases).where(inArray(cases.id, all));
  expect(ids(rows.filter((r) => r.purgedAt !== null))).toEqual(swept);
  const audits = await db
    .select({ caseId: auditLog.caseId, actorSub: auditLog.actorSub, detail: auditLog.detail })
    .from(auditLog)
    .where(and(inArray(auditLog.caseId, all), eq(auditLog.action, PURGE_ACTION)));
  expect(ids(audits as Array<{ caseId: string }>)).toEqual(swept);
  for (const audit of audits) {
    expect(audit).toMatchObject({ actorSub: 'system', detail: { reports: 1, alertSteps: 0, approvalReasons: 0, notes: 1, sightings: 1 } });
  }
}
