/**
 * Bounded state: a case that receives 1,000 sightings (Updates, in concurrent batches) while awaiting
 * approval continues as new several times, keeps only the latest CASE_STATE_SIGHTINGS_MAX in its state (every one is in PostgreSQL),
 * stays well under 256 KB, and still ends and cancels its alert.
 */
import { randomUUID } from 'node:crypto';
import { caseStateQuery, closeCaseUpdate, decideApprovalUpdate, reportSightingUpdate, type CaseState } from '../workflows/contract';
import { startRecordedCase } from './helpers/cases';
import { useDevServerContext } from './helpers/dev-server';
import { testEnv } from './helpers/env';
import { officer, prosecutor } from './helpers/fixtures';
import { waitForState } from './helpers/worker';

jest.setTimeout(240_000);

const ctx = useDevServerContext('bounded-state', () => testEnv.temporalAddress, testEnv.namespace);

const SIGHTINGS = 1_000;
// Temporal admits at most 10 Updates in flight per workflow.
const BATCH = 10;
const MAX_KEPT = 50;

test('1,000 sightings across continue-as-new: the state keeps the latest 50, stays under 256 KB, and the case still ends and cancels', async () => {
  const { caseId, handle } = await startRecordedCase(ctx.client, ctx.database.db, {
    taskQueue: ctx.taskQueue,
    policy: { historyEventLimit: 1_000, stateSightingsMax: MAX_KEPT },
  });
  await waitForState(handle, (s) => s.status === 'awaiting_approval' && s.approvals.length === 1);

  // While the approval is pending (each sighting re-centres the alert that approval will send).
  let last: CaseState | undefined;
  for (let sent = 0; sent < SIGHTINGS; sent += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, i) => {
      const n = sent + i;
      // Spread over Casablanca: each one a distinct point, and the last one is where the search centres.
      const location = { lat: 33.5 + (n % 100) / 1_000, lon: -7.6 + Math.floor(n / 100) / 1_000 };
      return { location, seenAt: new Date(Date.now() - 60_000).toISOString(), commandId: randomUUID(), reportedBy: officer };
    });
    // Concurrent within a batch, as field officers would send them; an Update caught by a
    // continue-as-new is retried on the new run by the server or, failing that, here.
    const states = await Promise.all(
      batch.map(async (sighting) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await handle.executeUpdate(reportSightingUpdate, { args: [sighting] });
          } catch (err) {
            if (attempt === 3) throw err;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }),
    );
    last = states.at(-1);
  }
  const state = await handle.query(caseStateQuery);
  expect([state.sightingsTotal, state.sightings.length]).toEqual([SIGHTINGS, MAX_KEPT]);
  expect(state.runs).toBeGreaterThanOrEqual(2);
  expect(state.searchCentre).toEqual(state.sightings[MAX_KEPT - 1].location);
  expect(Buffer.byteLength(JSON.stringify(state))).toBeLessThan(256 * 1024);
  expect(Buffer.byteLength(JSON.stringify(last))).toBeLessThan(256 * 1024);
  const approved = await handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', commandId: randomUUID(), decidedBy: prosecutor }] });
  expect([approved.status, approved.alerts[0].areas[0].centre]).toEqual(['alerting', state.searchCentre]);

  const { rows } = await ctx.database.pool.query<{ n: number; distinct_commands: number }>(
    'select count(*)::int as n, count(distinct command_id)::int as distinct_commands from case_sightings where case_id = $1',
    [caseId],
  );
  expect(rows).toEqual([{ n: SIGHTINGS, distinct_commands: SIGHTINGS }]);
  const audits = await ctx.database.pool.query<{ n: number }>("select count(*)::int as n from audit_log where case_id = $1 and action = 'sighting.report'", [caseId]);
  expect(audits.rows[0].n).toBe(SIGHTINGS);

  const closed = await handle.executeUpdate(closeCaseUpdate, { args: [{ reason: 'withdrawn', commandId: randomUUID(), closedBy: prosecutor }] });
  expect(closed.status).toBe('closed');
  const ended = await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'), 60_000);
  expect(ended.alerts.map((a) => a.msgType)).toEqual(['Alert', 'Cancel']);
  await handle.terminate('test over');
});
