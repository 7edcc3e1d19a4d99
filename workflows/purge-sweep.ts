/**
 * One run of the purge sweeper, started by the `purge-sweeper` Schedule (temporal/purge-sweep-schedule.ts)
 * every PURGE_SWEEP_INTERVAL: purges the personal data of cases past retention whose own workflow will
 * never do it (never started, or terminated, failed, timed out). It calls the same `purgePersonalData`
 * as the case workflow, so a case is purged and audited exactly once whoever gets there first.
 *
 * Deterministic: no I/O here, the search and the purge are activities. Its input and result hold no
 * personal data (case ids and a count), and the Schedule passes no arguments at all, so nothing it
 * stores depends on a payload key that may later be rotated out.
 */
import { ActivityFailure, log, patched, proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from './activity-contract';
import { PARTNER_ERASE_AT_PURGE, startPartnerErasure } from './partner-erasure';

/** Cases purged per run at most: a run stays short; the rest wait for the next interval. */
export const PURGE_SWEEP_BATCH = 100;

// Bounded retries: a run that cannot finish fails, and the next scheduled run starts afresh
// (under the SKIP overlap policy a run retrying forever would block every later one).
const search = proxyActivities<CaseActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 5 },
});
const purge = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});

export interface PurgeSweepInput {
  limit?: number;
}

/** Returns how many cases it purged. */
export async function purgeSweepWorkflow(input: PurgeSweepInput = {}): Promise<number> {
  // Workflow time: the same instant on replay.
  const now = new Date().toISOString();
  const caseIds = await search.findCasesToSweep({ now, limit: input.limit ?? PURGE_SWEEP_BATCH });
  let purged = 0;
  for (const caseId of caseIds) {
    try {
      const result = await purge.purgePersonalData({ caseId, at: now });
      purged += 1;
      // The case's partners are told to erase their copies by a workflow of its own, left running.
      if (patched(PARTNER_ERASE_AT_PURGE)) await startPartnerErasure(caseId, result?.erasureChannels ?? []);
    } catch (err) {
      // One case that cannot be purged must not hold back the others; it stays a candidate next run.
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('purge sweep: a case could not be purged; the next run retries it', { caseId });
    }
  }
  return purged;
}
