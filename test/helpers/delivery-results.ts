/**
 * The Java time-skipping server fails a workflow task that asks to cancel an activity whose result came
 * in while that task ran ("ACTIVITY_UNKNOWN for scheduledEventId", temporalio/sdk-typescript#1058; the
 * real server takes the result in and drops the request). A partner delivery that just wrote its row is
 * such an activity for a found, close or sighting signalled at once: its lane supersedes it, and the
 * case would retry that task forever. So, on that server, a test waits until the workflow history holds
 * the results it expects before it signals.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { eventually } from './eventually';

const DELIVERY = 'deliverAlertStep';

/** Resolves once `count` partner deliveries of the case have their result (completed or failed) in its history. */
export async function deliveryResultsInHistory(handle: WorkflowHandle, count: number): Promise<void> {
  await eventually(
    async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const deliveries = new Set(
        events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === DELIVERY).map((e) => String(e.eventId)),
      );
      return events.filter((e) => {
        const scheduled = e.activityTaskCompletedEventAttributes?.scheduledEventId ?? e.activityTaskFailedEventAttributes?.scheduledEventId;
        return scheduled != null && deliveries.has(String(scheduled));
      }).length;
    },
    (n) => n >= count,
  );
}
