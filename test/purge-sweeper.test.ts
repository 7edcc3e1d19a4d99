/**
 * The purge sweeper on the real dev server: the Schedule a worker creates at start, triggered, purges
 * the personal data of exactly the cases no workflow will ever purge (never started; terminated), once
 * each, and leaves a running case and a case within its retention alone. A second run changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduleHandle } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { PURGE_ACTION } from '../activities/personal-data-purge';
import { createSweepActivities } from '../activities/purge-sweep';
import { loadConfig } from '../config/env';
import { auditLog, caseNotes, casePersonalData, cases, caseSightings } from '../db/schema';
import { ensurePurgeSweepSchedule, PURGE_SWEEP_SCHEDULE_ID } from '../temporal/purge-sweep-schedule';
import { caseWorkflow } from '../workflows';
import { workflowIdForCase } from '../workflows/contract';
import { recordCase } from './helpers/cases';
import { useDevServerContext } from './helpers/dev-server';
import { testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { officer } from './helpers/fixtures';
import { realActivities, waitForState } from './helpers/worker';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The sweep's RETENTION_AFTER_CLOSE here: "past retention" is three days old, "within" one hour. */
const RETENTION_MS = DAY;
const ago = (ms: number) => new Date(Date.now() - ms);

const ctx = useDevServerContext('purge-sweeper', () => testEnv.temporalAddress, testEnv.namespace, (c) =>
  realActivities(c.database.db, createSweepActivities({ db: c.database.db, sweep: { client: c.client, retentionAfterCloseMs: RETENTION_MS } })),
);

/** A case as intake writes it (its workflow not started), with a staff note and a sighting. */
async function recordCaseWithNotes() {
  const { caseId, args } = await recordCase(ctx.database.db);
  const noteId = randomUUID();
  await ctx.database.db.insert(caseNotes).values({ id: noteId, caseId, kind: 'sighting', text: 'CANARY-NOTE seen near the bus stop', authorSub: officer.sub });
  const at = new Date();
  await ctx.database.db.insert(caseSightings).values({ commandId: randomUUID(), caseId, seenAt: at, lat: 33.58, lon: -7.6, noteId, reportedBySub: officer.sub, receivedAt: at });
  return { caseId, args };
}

/** A real case workflow started the way intake starts it, run until it waits for approval. */
async function startCase() {
  const { caseId, args } = await recordCaseWithNotes();
  const handle = await ctx.client.workflow.start(caseWorkflow, { workflowId: workflowIdForCase(caseId), taskQueue: ctx.taskQueue, args });
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

  const neverStarted = (await recordCaseWithNotes()).caseId;
  const recent = (await recordCaseWithNotes()).caseId;
  const terminated = await startCase();
  const endedRecently = await startCase();
  const running = await startCase();
  await terminated.handle.terminate('test: abandoned case');
  await endedRecently.handle.terminate('test: abandoned case');
  // Set after the workflow's own writes: past retention counts from ended_at, else from received_at.
  await backdate(neverStarted, ago(3 * DAY), null);
  await backdate(recent, ago(HOUR), null);
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
