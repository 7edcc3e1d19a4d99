/**
 * The partner channels of a case, latest wins (runs with `partner-latest-wins`). A partner that was down
 * must catch up with what the public should see now, not work through a backlog of stale Updates:
 * per channel, in step order, one delivery at a time, and only the latest step not yet delivered waits.
 * A newer step cancels the delivery it supersedes (the activity heartbeats, so the cancellation reaches
 * it; the proxy waits for it to end, so an older POST never lands after a newer one), a Cancel
 * supersedes everything queued, and nothing is queued after a Cancel.
 */
import { ActivityFailure, CancellationScope, isCancellation, log } from '@temporalio/workflow';
import { deliverAlertStepFor, recordDeliveryFailure } from './activity-proxies';
import type { AlertStep, CasePolicy } from './contract';

interface Lane {
  /** The newest step queued and not yet handed to a delivery; an older one waiting here is dropped. */
  waiting: AlertStep | null;
  /** The delivery in flight; `superseded` once a newer step asked it to stop. */
  running: { scope: CancellationScope; superseded: boolean } | null;
  /** The lane's loop runs (a delivery, or the failure record after one): the case is not idle. */
  busy: boolean;
  /**
   * Every step up to this one has its outcome on this channel (delivered, refused, failed). Steps after
   * it and before the one delivered next were superseded: that delivery records them so, which makes the
   * record survive a superseded delivery that never ran, without keeping a list.
   */
  settledThrough: number;
  /** A Cancel is queued or sent: nothing may follow it. */
  closed: boolean;
}

export class PartnerLanes {
  private readonly lanes = new Map<string, Lane>();
  private readonly deliver: ReturnType<typeof deliverAlertStepFor>;

  constructor(
    private readonly caseId: string,
    policy: CasePolicy,
  ) {
    this.deliver = deliverAlertStepFor(policy);
  }

  queue(channel: string, step: AlertStep): void {
    let lane = this.lanes.get(channel);
    if (!lane) {
      // A run starts idle (continue-as-new waits for that): nothing before its first step is open here.
      lane = { waiting: null, running: null, busy: false, settledThrough: step.step - 1, closed: false };
      this.lanes.set(channel, lane);
    }
    if (lane.closed) {
      log.warn('step not queued: the channel already has the Cancel', { caseId: this.caseId, step: step.step, channel });
      return;
    }
    lane.waiting = step;
    lane.closed = step.msgType === 'Cancel';
    if (lane.running && !lane.running.superseded) {
      lane.running.superseded = true;
      lane.running.scope.cancel();
    }
    if (!lane.busy) void this.drain(channel, lane);
  }

  /** No delivery in flight or waiting on any channel. */
  idle(): boolean {
    return [...this.lanes.values()].every((lane) => !lane.busy);
  }

  private async drain(channel: string, lane: Lane): Promise<void> {
    const { caseId } = this;
    lane.busy = true;
    try {
      while (lane.waiting !== null) {
        const step = lane.waiting;
        lane.waiting = null;
        const running = { scope: new CancellationScope(), superseded: false };
        lane.running = running;
        const supersededFrom = lane.settledThrough + 1 < step.step ? lane.settledThrough + 1 : undefined;
        try {
          await running.scope.run(() =>
            this.deliver({ caseId, step: step.step, channel, ...(supersededFrom === undefined ? {} : { supersededFrom }) }),
          );
          // Delivered or refused; also when it completed despite the cancellation (its POST was out).
          lane.settledThrough = step.step;
        } catch (err) {
          // Not failed: the next delivery on this channel records it superseded.
          if (running.superseded) continue;
          if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
          await recordAbandonedDelivery(caseId, step.step, channel, err);
          lane.settledThrough = step.step;
        } finally {
          lane.running = null;
        }
      }
    } finally {
      lane.busy = false;
    }
  }
}

/** A delivery whose last attempt failed: recorded failed (transport facts only); the case goes on. */
export async function recordAbandonedDelivery(caseId: string, step: number, channel: string, err: ActivityFailure): Promise<void> {
  log.warn('alert delivery abandoned after its last attempt', { caseId, step, channel });
  await recordDeliveryFailure({ caseId, step, channel, error: err.cause?.message ?? err.message });
}
