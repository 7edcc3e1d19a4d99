/**
 * Sends one broadcast step: recorded first (which publishes it on the CAP feed), then delivered to
 * every partner channel, in parallel across channels and in step order within each.
 */
import { ActivityFailure, condition, patched } from '@temporalio/workflow';
import { deliverAlertStepBeforeLatestWins } from './activity-proxies';
import type { CaseRun } from './case-run';
import type { AlertStep, AlertStepKind, Tier, TimelineEvent } from './contract';
import { publishSearchAttributes } from './case-state';
import { PartnerLanes, recordAbandonedDelivery } from './partner-lanes';

/**
 * Partner deliveries run in the background: a slow or dead partner must never hold back the next
 * widening or the recording of the outcome. Runs recorded before this patch waited for them.
 */
export const DELIVERIES_IN_BACKGROUND = 'deliveries-in-background';

/**
 * Partners catch up, latest wins (see partner-lanes.ts); the activity derives the CAP references. Runs
 * started before it keep, on replay and to their end, the chain of every step per channel below.
 */
export const PARTNER_LATEST_WINS = 'partner-latest-wins';

export class AlertBroadcaster {
  /** Null in runs started before `partner-latest-wins`. */
  private readonly lanes: PartnerLanes | null;
  /** Before `partner-latest-wins`: per channel, the last delivery queued (every step, in order). */
  private readonly channelQueues = new Map<string, Promise<void>>();
  private deliveriesInFlight = 0;

  /** Constructed at workflow start: the patch is decided once per run, before any step. */
  constructor(private readonly ctx: CaseRun) {
    this.lanes = patched(PARTNER_LATEST_WINS) ? new PartnerLanes(ctx.caseId, ctx.policy) : null;
  }

  async broadcast(kind: AlertStepKind, areas: AlertStep['areas']): Promise<AlertStep> {
    const { ctx } = this;
    const { caseId, state } = ctx;
    const number = state.alerts.length + 1;
    const step: AlertStep = {
      step: number,
      kind,
      msgType: kind === 'alert' ? 'Alert' : kind === 'cancel' ? 'Cancel' : 'Update',
      messageId: `mca-${caseId}-${number}`,
      areas,
      sentAt: ctx.now(),
    };
    const { lanes } = this;
    await ctx.steps.broadcastAlertStep({
      caseId,
      risk: state.risk ?? 'standard',
      step,
      ...(lanes ? {} : { references: state.alerts.map((a) => ({ messageId: a.messageId, sentAt: a.sentAt })) }),
      cancelReason: kind === 'cancel' ? (state.outcome?.kind === 'found' ? 'found' : 'withdrawn') : undefined,
    });
    state.alerts.push(step);
    if (lanes) {
      for (const channel of ctx.policy.alertChannels ?? []) lanes.queue(channel, step);
      return step;
    }
    const queued = (ctx.policy.alertChannels ?? []).map((channel) => {
      this.deliveriesInFlight += 1;
      const next = (this.channelQueues.get(channel) ?? Promise.resolve())
        .then(() => this.deliver(step, channel))
        .finally(() => (this.deliveriesInFlight -= 1));
      this.channelQueues.set(channel, next);
      return next;
    });
    if (queued.length > 0 && !patched(DELIVERIES_IN_BACKGROUND)) {
      let settled = false;
      void Promise.all(queued).then(() => (settled = true));
      // A found or close must not wait behind a slow partner: its Cancel queues after what is in flight,
      // and the Cancel itself is awaited, so nothing is left in flight when the case moves on.
      await condition(() => settled || (kind !== 'cancel' && ctx.endRequest !== null));
    }
    return step;
  }

  /** No delivery in flight: the run may continue as new, or purge what deliveries read. */
  idle(): boolean {
    return this.lanes ? this.lanes.idle() : this.deliveriesInFlight === 0;
  }

  /** A tier step (first alert, widening, national, re-broadcast) and when the next one is due. */
  async sendTier(kind: AlertStepKind, tier: Tier, event: TimelineEvent, dueAt: number, intervalMs: number): Promise<void> {
    const { ctx } = this;
    const step = await this.broadcast(kind, [tier]);
    ctx.state.tier = tier;
    if (ctx.endRequest === null) ctx.state.nextStepAt = new Date(dueAt + intervalMs).toISOString();
    ctx.mark(event, tier.kind === 'national' ? 'national' : `${tier.radiusKm} km`, step.sentAt);
    publishSearchAttributes(ctx.state);
  }

  private async deliver(step: AlertStep, channel: string): Promise<void> {
    const { caseId } = this.ctx;
    try {
      await deliverAlertStepBeforeLatestWins({ caseId, step: step.step, channel });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      await recordAbandonedDelivery(caseId, step.step, channel, err);
    }
  }
}

