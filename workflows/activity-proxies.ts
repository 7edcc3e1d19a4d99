import { ActivityCancellationType, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities } from './activity-contract';
import type { CasePolicy } from './contract';

const RECORD_OPTIONS = { startToCloseTimeout: '30s', retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } } as const;
// A step must eventually be broadcast: retry without limit, but back off to spare a failing database.
const BROADCAST_OPTIONS = { startToCloseTimeout: '2m', retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m' } } as const;

/**
 * The case workflow's activities, by name, each with the retry policy its effect calls for. Writes to
 * the case's records are short and retried until the database answers: a case never gives up on them.
 */
export const {
  validateReport,
  recordCaseProgress,
  recordApprovalDecision,
  recordApprovalNotice,
  recordNotificationFailure,
  recordCommand,
  recordDeliveryFailure,
  recordErasureFailure,
  purgePersonalData,
  notifyProsecutors,
} = proxyActivities<CaseActivities>(RECORD_OPTIONS);


export const { broadcastAlertStep } = proxyActivities<CaseActivities>(BROADCAST_OPTIONS);

/**
 * Runs started from here on run the short database steps on the paths to an alert and to its
 * withdrawal as local activities: in the worker that runs the workflow task, with no round trip
 * through the server's task queues, and one marker in the history where an activity took three events
 * and a workflow task of its own. Same timeouts and retries; each stays idempotent on its business
 * key, so one repeated after a lost workflow task writes nothing twice. Partner and notification
 * POSTs stay activities: they retry for minutes and heartbeat. Asked once per run (CaseRun).
 */
export const LOCAL_DATABASE_STEPS = 'local-database-steps';

const remoteRecords = proxyActivities<CaseActivities>(RECORD_OPTIONS);
const localRecords = proxyLocalActivities<CaseActivities>(RECORD_OPTIONS);
const localBroadcast = proxyLocalActivities<CaseActivities>(BROADCAST_OPTIONS);

export type DatabaseSteps = Pick<typeof remoteRecords, 'validateReport' | 'recordCaseProgress' | 'recordApprovalNotice' | 'recordApprovalDecision' | 'recordCommand' | 'broadcastAlertStep'>;

export function databaseSteps(local: boolean): DatabaseSteps {
  const records = local ? localRecords : remoteRecords;
  return {
    validateReport: records.validateReport,
    recordCaseProgress: records.recordCaseProgress,
    recordApprovalNotice: records.recordApprovalNotice,
    recordApprovalDecision: records.recordApprovalDecision,
    recordCommand: records.recordCommand,
    broadcastAlertStep: local ? localBroadcast.broadcastAlertStep : broadcastAlertStep,
  };
}

// One partner webhook (runs before `partner-latest-wins`; later ones use `deliverAlertStepFor`): bounded retries
// (about 25 minutes in all), then recorded failed, so a dead partner never fails the case. The heartbeat
// timeout retries an attempt lost with its worker quickly.
export const { deliverAlertStep: deliverAlertStepBeforeLatestWins } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 12 },
});

// Pushes to the prosecutors' webhook: bounded (NOTIFY_MAX_ATTEMPTS), in the background, then recorded
// failed. The 30 s start-to-close is above NOTIFY_TIMEOUT's 20 s cap, so every attempt ends in time.
export const pushApprovalNoticeFor = (policy: Pick<CasePolicy, 'notifyMaxAttempts'>) =>
  proxyActivities<CaseActivities>({
    startToCloseTimeout: '30s',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: policy.notifyMaxAttempts ?? 5 },
  }).pushApprovalNotice;

/** How long one message keeps being retried on a failing partner before it is recorded failed. */
export const DELIVERY_RETRY_WINDOW_MS = 25 * 60_000;
export const DEFAULT_DELIVERY_RETRY_MAX_INTERVAL_MS = 30_000;
const DELIVERY_INITIAL_INTERVAL_MS = 2_000;

/** Attempts that fill the retry window with backoff capped at `maxIntervalMs`: 54 at 30 s, 13 at 5 minutes (12 before). */
export function deliveryAttemptsFor(maxIntervalMs: number): number {
  let attempts = 1;
  for (let waited = 0, interval = DELIVERY_INITIAL_INTERVAL_MS; waited < DELIVERY_RETRY_WINDOW_MS; interval *= 2) {
    waited += Math.min(interval, maxIntervalMs);
    attempts += 1;
  }
  return attempts;
}

/**
 * Partner deliveries of `partner-latest-wins` runs: the backoff is capped (ALERT_DELIVERY_RETRY_MAX_INTERVAL),
 * so a partner that recovers gets the latest message within one interval, and the attempts cover the same
 * window as before. A newer message cancels the delivery it supersedes; waiting for that cancellation to
 * complete keeps one delivery at a time per channel, so an older POST can never land after a newer one.
 */
export function deliverAlertStepFor(policy: Pick<CasePolicy, 'alertDeliveryRetryMaxIntervalMs'>) {
  return proxyActivities<CaseActivities>({
    ...partnerPostOptions(policy),
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  }).deliverAlertStep;
}

/** One partner POST, delivery or erase: one minute an attempt, heartbeats, retried over the delivery window. */
function partnerPostOptions(policy: Pick<CasePolicy, 'alertDeliveryRetryMaxIntervalMs'>) {
  const maxIntervalMs = policy.alertDeliveryRetryMaxIntervalMs ?? DEFAULT_DELIVERY_RETRY_MAX_INTERVAL_MS;
  return {
    startToCloseTimeout: '1m',
    heartbeatTimeout: '10s',
    retry: {
      initialInterval: DELIVERY_INITIAL_INTERVAL_MS,
      backoffCoefficient: 2,
      maximumInterval: maxIntervalMs,
      maximumAttempts: deliveryAttemptsFor(maxIntervalMs),
    },
  } as const;
}

/** A partner's `erase` at the purge: retried exactly like a delivery (a partner down at first gets it once back). */
export function deliverPartnerErasureFor(policy: Pick<CasePolicy, 'alertDeliveryRetryMaxIntervalMs'>) {
  return proxyActivities<CaseActivities>(partnerPostOptions(policy)).deliverPartnerErasure;
}
