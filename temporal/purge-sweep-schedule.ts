/**
 * The `purge-sweeper` Temporal Schedule (visible in the Web UI under Schedules): every
 * PURGE_SWEEP_INTERVAL it starts `purgeSweepWorkflow` (workflows/purge-sweep.ts). Every worker process
 * ensures it at start: several workers starting together race on the create, one wins, the others find
 * it and change it only if their configuration differs (a new interval or task queue).
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription } from '@temporalio/client';
import type { purgeSweepWorkflow } from '../workflows';

/** No personal data in it: it is shown in the Web UI and in every run's workflow id. */
export const PURGE_SWEEP_SCHEDULE_ID = 'purge-sweeper';

export interface PurgeSweepScheduleOptions {
  taskQueue: string;
  intervalMs: number;
  /** Tests give their own, so that they never race the workers of other test files. */
  scheduleId?: string;
}

export type EnsureOutcome = 'created' | 'updated' | 'unchanged';

function wanted(options: PurgeSweepScheduleOptions) {
  return {
    spec: { intervals: [{ every: options.intervalMs }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'purgeSweepWorkflow',
      taskQueue: options.taskQueue,
      // No args on purpose: nothing the Schedule stores is encrypted, so a key rotation never breaks it.
      args: [] as Parameters<typeof purgeSweepWorkflow>,
      // A run normally takes seconds: one stuck for an hour is ended so the next one can start.
      workflowExecutionTimeout: '1h',
    },
    // A run still going when the next is due (a long backlog): skip, never two sweeps at once.
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
  };
}

function matches(current: ScheduleDescription, options: PurgeSweepScheduleOptions): boolean {
  const intervals = current.spec.intervals ?? [];
  return (
    intervals.length === 1 &&
    intervals[0].every === options.intervalMs &&
    !intervals[0].offset &&
    (current.spec.calendars ?? []).length === 0 &&
    current.action.workflowType === 'purgeSweepWorkflow' &&
    current.action.taskQueue === options.taskQueue &&
    current.policies.overlap === ScheduleOverlapPolicy.SKIP
  );
}

/** Creates the Schedule, or brings an existing one to these options; safe to call from every worker. */
export async function ensurePurgeSweepSchedule(client: Client, options: PurgeSweepScheduleOptions): Promise<EnsureOutcome> {
  const scheduleId = options.scheduleId ?? PURGE_SWEEP_SCHEDULE_ID;
  const desired = wanted(options);
  // Two rounds: the Schedule may be deleted between our failed create and our describe.
  for (let round = 0; ; round++) {
    try {
      await client.schedule.create<typeof purgeSweepWorkflow>({ scheduleId, ...desired });
      return 'created';
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    const handle = client.schedule.getHandle(scheduleId);
    try {
      if (matches(await handle.describe(), options)) return 'unchanged';
      // Keeps what an operator set by hand: paused or not, its note, the catch-up window.
      await handle.update<typeof purgeSweepWorkflow>((previous) => ({
        spec: desired.spec,
        action: desired.action,
        policies: { ...previous.policies, overlap: desired.policies.overlap },
        state: { paused: previous.state.paused, note: previous.state.note, remainingActions: previous.state.remainingActions },
      }));
      return 'updated';
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError) || round > 0) throw err;
    }
  }
}
