/** The case workflow's activities, each group with the retry policy its effect calls for. */
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';

/** Records and notifications: short, retried until the database answers. */
export const records = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

// Broadcasts must eventually go out: retry without limit, but back off to spare a failing channel.
export const broadcasts = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m' },
});

// One partner webhook: bounded retries (about 25 minutes in all), then recorded failed, so a dead
// partner never fails the case. The heartbeat timeout retries an attempt lost with its worker quickly.
export const deliveries = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 12 },
});
