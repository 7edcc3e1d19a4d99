/**
 * A long case on the real dev server (durations of a few hundred milliseconds): it continues as new
 * whenever a run's history reaches the limit, carries its whole state across runs, and still cancels
 * every area it reached. The default limit (2,000 events) keeps even a 90-day case far below 10,000.
 */
import { startRecordedCase } from './helpers/cases';
import { eventually } from './helpers/eventually';
import { eq } from 'drizzle-orm';
import { alertSteps, cases } from '../db/schema';
import { approvalDecisionSignal, closeSignal, sightingSignal } from '../workflows/contract';
import { useDevServerContext } from './helpers/dev-server';
import { recordHistory } from './helpers/time-skipping';
import { testEnv } from './helpers/env';
import { officer, prosecutor } from './helpers/fixtures';
import { waitForState } from './helpers/worker';

const ctx = useDevServerContext('continue-as-new', () => testEnv.temporalAddress, testEnv.namespace);

test('a long case continues as new, carrying its whole state, and still cancels every area it reached', async () => {
  const { caseId, handle } = await startRecordedCase(ctx.client, ctx.database.db, {
    taskQueue: ctx.taskQueue,
    policy: { historyEventLimit: 40, expansionIntervalMs: 300, rebroadcastIntervalMs: 300 },
  });
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await waitForState(handle, (s) => s.tier?.kind === 'national');
  const rabat = { lat: 34.0209, lon: -6.8416 };
  await handle.signal(sightingSignal, { location: rabat, seenAt: new Date().toISOString(), reportedBy: officer });
  const carried = await waitForState(handle, (s) => s.runs >= 2 && s.sightings.length === 1 && s.alerts.length >= 10, 30_000);

  // Everything from the first run is still there in the latest one.
  expect(carried.status).toBe('alerting');
  expect(carried.approvals).toHaveLength(1);
  expect(carried.approvals[0]).toMatchObject({ decision: 'approve', decidedBy: prosecutor });
  expect(carried.alerts.map((a) => a.step)).toEqual(carried.alerts.map((_, i) => i + 1));
  expect(carried.alerts.slice(0, 4).map((a) => [a.kind, a.areas[0].radiusKm ?? 'national'])).toEqual([
    ['alert', 10],
    ['widen', 40],
    ['widen', 160],
    ['widen', 'national'],
  ]);
  expect(carried.alerts.slice(4).map((a) => a.kind).sort()).toEqual([...Array(carried.alerts.length - 5).fill('rebroadcast'), 'sighting_update'].sort());
  // The server's own record of the chain: one execution per run, all but the latest continued as new.
  const continuedRuns = async () => {
    let n = 0;
    for await (const e of ctx.client.workflow.list({ query: `WorkflowId = "${handle.workflowId}" AND ExecutionStatus = "ContinuedAsNew"` })) n += e.status.name === 'CONTINUED_AS_NEW' ? 1 : 0;
    return n;
  };
  // Visibility lags a little; the chain may have grown since `carried` was read, never shrunk.
  expect(await eventually(continuedRuns, (n) => n >= carried.runs)).toBeGreaterThanOrEqual(2);

  const description = await ctx.client.workflow.getHandle(handle.workflowId).describe();
  expect(description.runId).not.toBe(handle.firstExecutionRunId);
  expect(description.historyLength).toBeLessThan(40 + 20);

  await handle.signal(closeSignal, { reason: 'withdrawn', closedBy: prosecutor });
  const ended = await waitForState(handle, (s) => s.status === 'closed' && s.alerts.at(-1)?.kind === 'cancel');
  const areas = ended.alerts.at(-1)!.areas.map((a) => (a.kind === 'national' ? 'national' : a.radiusKm));
  expect(areas).toEqual([10, 40, 160, 'national']);
  expect(ended.outcome).toMatchObject({ kind: 'closed', reason: 'withdrawn' });
  const rows = await ctx.database.db.select().from(alertSteps).where(eq(alertSteps.caseId, caseId));
  expect(rows).toHaveLength(ended.alerts.length);
  const [row] = await ctx.database.db.select().from(cases).where(eq(cases.id, caseId));
  expect(row).toMatchObject({ status: 'closed', closeReason: 'withdrawn', tierReached: 3, nationalReached: true });
  await recordHistory(handle, 'continue-as-new-closed');
});
