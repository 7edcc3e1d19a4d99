/**
 * One missing-child case, from report to purge. The workflow is a loop over the case status; each pass
 * does one step (a notification, a decision, a broadcast) and then checks whether the run should
 * continue as new, so a case open for months keeps every run's history small.
 *
 * Deterministic: no I/O here. Every effect is an activity, and every activity is idempotent on a
 * business key (case + round + kind, case + step, case + step + channel), so a retried or replayed step
 * never repeats.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import {
  approvalDecisionSignal,
  caseStateQuery,
  closeSignal,
  decideApprovalUpdate,
  foundSignal,
  sightingSignal,
  type AlertStep,
  type AlertStepKind,
  type ApprovalDecision,
  type ApprovalRound,
  type CaseOutcome,
  type CaseState,
  type CaseSummary,
  type CaseWorkflowInput,
  type Sighting,
  type Tier,
  type TimelineEvent,
} from './contract';
import { alertAreasReached, initialState, nextTier, publishSearchAttributes, scrubPersonalData, validateDecision } from './case-state';

const records = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

// Broadcasts must eventually go out: retry without limit, but back off to spare a failing channel.
const broadcasts = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m' },
});

// One partner webhook: bounded retries (about 25 minutes in all), then recorded failed, so a dead
// partner never fails the case. The heartbeat timeout retries an attempt lost with its worker quickly.
const deliveries = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 12 },
});

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseSummary> {
  const { caseId, policy } = input;
  const state: CaseState = input.state ?? initialState(input);
  let pendingDecision: ApprovalDecision | null = null;
  /** From an accepted decision until its effect (alert sent, or investigating): refuses a second one. */
  let decisionInFlight = false;
  let pendingSightings: Sighting[] = [];
  let endRequest: CaseOutcome | null = null;

  const now = () => new Date().toISOString();
  const mark = (event: TimelineEvent, detail?: string, at = now()) => {
    state.timeline.push(detail === undefined ? { event, at } : { event, at, detail });
  };
  const setStatus = (status: CaseState['status']) => {
    state.status = status;
    publishSearchAttributes(state);
  };

  setHandler(caseStateQuery, () => state);

  setHandler(
    decideApprovalUpdate,
    async (decision) => {
      pendingDecision = decision;
      decisionInFlight = true;
      // Answer only once the decision has taken effect, so the caller sees the new status.
      await condition(() => !decisionInFlight || isEnded());
      return state;
    },
    { validator: (decision) => validateDecision(state, decision, decisionInFlight || isEnded()) },
  );
  setHandler(approvalDecisionSignal, (decision) => {
    try {
      validateDecision(state, decision, decisionInFlight || isEnded());
      pendingDecision = decision;
      decisionInFlight = true;
    } catch (err) {
      // A signal cannot be refused; a late or duplicate decision is logged and dropped.
      log.warn('approval decision signal ignored', { caseId, reason: (err as Error).message });
    }
  });
  setHandler(sightingSignal, (sighting) => {
    if (!isEnded()) pendingSightings.push(sighting);
  });
  setHandler(foundSignal, (found) => {
    if (isEnded()) return;
    end({
      kind: 'found',
      at: found.foundAt ?? now(),
      location: found.location ?? null,
      condition: found.condition ?? null,
      reason: null,
      note: found.note ?? null,
      by: found.reportedBy,
    });
  });
  setHandler(closeSignal, (close) => {
    if (isEnded()) return;
    end({ kind: 'closed', at: now(), location: null, condition: null, reason: close.reason, note: close.note ?? null, by: close.closedBy });
  });

  /** Takes effect at once: every wait below wakes on `endRequest`, which cancels its timer. */
  function end(outcome: CaseOutcome) {
    endRequest = outcome;
    state.outcome = outcome;
    state.nextStepAt = null;
    mark(outcome.kind, outcome.kind === 'closed' ? (outcome.reason ?? undefined) : (outcome.condition ?? undefined));
    setStatus(outcome.kind);
  }

  function isEnded(): boolean {
    return endRequest !== null || state.status === 'rejected';
  }

  function takeSightings(): Sighting[] {
    const taken = pendingSightings;
    pendingSightings = [];
    for (const sighting of taken) {
      state.sightings.push({ ...sighting, receivedAt: now() });
      state.searchCentre = sighting.location;
      mark('sighting');
    }
    return taken;
  }

  /** Per channel, the last delivery queued: a partner gets the steps of a case in order. */
  const channelQueues = new Map<string, Promise<void>>();

  async function deliver(step: AlertStep, channel: string): Promise<void> {
    try {
      await deliveries.deliverAlertStep({ caseId, step: step.step, channel });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('alert delivery abandoned after its last attempt', { caseId, step: step.step, channel });
      await records.recordDeliveryFailure({ caseId, step: step.step, channel, error: err.cause?.message ?? err.message });
    }
  }

  async function broadcast(kind: AlertStepKind, areas: AlertStep['areas']): Promise<AlertStep> {
    const number = state.alerts.length + 1;
    const step: AlertStep = {
      step: number,
      kind,
      msgType: kind === 'alert' ? 'Alert' : kind === 'cancel' ? 'Cancel' : 'Update',
      messageId: `mca-${caseId}-${number}`,
      areas,
      sentAt: now(),
    };
    await broadcasts.broadcastAlertStep({
      caseId,
      risk: state.risk ?? 'standard',
      step,
      references: state.alerts.map((a) => ({ messageId: a.messageId, sentAt: a.sentAt })),
      cancelReason: kind === 'cancel' ? (state.outcome?.kind === 'found' ? 'found' : 'withdrawn') : undefined,
    });
    state.alerts.push(step);
    // Recorded means published on the feed; now every partner, in parallel, each in step order.
    const queued = (policy.alertChannels ?? []).map((channel) => {
      const next = (channelQueues.get(channel) ?? Promise.resolve()).then(() => deliver(step, channel));
      channelQueues.set(channel, next);
      return next;
    });
    if (queued.length > 0) {
      let settled = false;
      void Promise.all(queued).then(() => (settled = true));
      // A found or close must not wait behind a slow partner: its Cancel queues after what is in flight,
      // and the Cancel itself is awaited, so nothing is left in flight when the case moves on.
      await condition(() => settled || (kind !== 'cancel' && endRequest !== null));
    }
    return step;
  }

  async function sendTier(kind: AlertStepKind, tier: Tier, event: TimelineEvent, dueAt: number, intervalMs: number) {
    const step = await broadcast(kind, [tier]);
    state.tier = tier;
    if (endRequest === null) state.nextStepAt = new Date(dueAt + intervalMs).toISOString();
    mark(event, tier.kind === 'national' ? 'national' : `${tier.radiusKm} km`, step.sentAt);
    publishSearchAttributes(state);
  }

  async function validate(): Promise<void> {
    mark('received', undefined, input.receivedAt ?? now());
    const result = await records.validateReport({ caseId, report: input.report!, receivedAt: input.receivedAt ?? now() });
    state.risk = result.risk;
    state.probableDuplicateOf = result.probableDuplicateOf;
    // Found or closed during validation: the case ends as such, whatever the report's faults.
    if (endRequest !== null) return;
    if (!result.valid) {
      state.rejectionReasons = result.reasons;
      mark('rejected', result.reasons.join('; '));
      setStatus('rejected');
      await records.recordCaseProgress({ caseId, status: 'rejected', at: now(), outcome: null });
      return;
    }
    mark('validated');
    setStatus(state.consentToPublish ? 'awaiting_approval' : 'investigating');
    if (!state.consentToPublish) await records.recordCaseProgress({ caseId, status: 'investigating', at: now(), outcome: null });
  }

  async function notify(round: ApprovalRound, kind: 'request' | 'reminder' | 'escalation', at: string) {
    await records.notifyProsecutors({
      caseId,
      jurisdiction: state.jurisdiction,
      round: round.round,
      kind,
      at,
      risk: state.risk,
      probableDuplicateOf: state.probableDuplicateOf,
    });
  }

  async function approvalStep(): Promise<void> {
    let round = state.approvals[state.approvals.length - 1];
    if (!round || round.decision !== null) {
      round = { round: state.approvals.length + 1, requestedAt: now(), reminders: [], escalatedAt: null, decision: null, decidedBy: null, decidedAt: null, reason: null };
      state.approvals.push(round);
      mark('approval_requested', `round ${round.round}`, round.requestedAt);
      await notify(round, 'request', round.requestedAt);
      return;
    }
    const requestedAt = Date.parse(round.requestedAt);
    const deadline =
      round.reminders.length === 0 ? requestedAt + policy.approvalReminderAfterMs
      : round.escalatedAt === null ? requestedAt + policy.approvalEscalateAfterMs
      : null;
    const wake = () => pendingDecision !== null || endRequest !== null || pendingSightings.length > 0;
    if (deadline === null) await condition(wake);
    else if (!(await condition(wake, Math.max(deadline - Date.now(), 1)))) {
      const at = now();
      if (round.reminders.length === 0) {
        round.reminders.push(at);
        mark('approval_reminder', `round ${round.round}`, at);
        await notify(round, 'reminder', at);
      } else {
        round.escalatedAt = at;
        mark('approval_escalated', `round ${round.round}`, at);
        await notify(round, 'escalation', at);
      }
      return;
    }
    if (endRequest !== null) return;
    if (pendingSightings.length > 0) {
      // Re-centres the alert that approval would send; nothing is broadcast before approval.
      takeSightings();
      return;
    }
    const decision = pendingDecision!;
    pendingDecision = null;
    round.decision = decision.decision;
    round.decidedBy = decision.decidedBy;
    round.decidedAt = now();
    round.reason = decision.reason ?? null;
    mark(decision.decision === 'approve' ? 'approved' : 'declined', `round ${round.round}`, round.decidedAt);
    await records.recordApprovalDecision({
      caseId,
      jurisdiction: state.jurisdiction,
      round: round.round,
      decision: decision.decision,
      decidedBy: decision.decidedBy,
      reason: round.reason,
      at: round.decidedAt,
    });
    if (endRequest !== null) return;
    if (decision.decision === 'decline') {
      setStatus('investigating');
      await records.recordCaseProgress({ caseId, status: 'investigating', at: now(), outcome: null });
    } else {
      const tier: Tier = { index: 0, kind: 'radius', radiusKm: policy.expansionRadiiKm[0], centre: state.searchCentre };
      await sendTier('alert', tier, 'first_alert', Date.now(), policy.expansionIntervalMs);
      // Alerting means a public alert is out, so the status changes only once it is.
      if (!isEnded()) setStatus('alerting');
    }
    decisionInFlight = false;
  }

  async function investigatingStep(): Promise<void> {
    await condition(() => endRequest !== null || pendingSightings.length > 0);
    if (endRequest !== null) return;
    takeSightings();
    // New information is a reason to ask again; without consent nothing is ever published.
    if (state.consentToPublish) setStatus('awaiting_approval');
  }

  async function alertingStep(): Promise<void> {
    const due = Date.parse(state.nextStepAt!);
    const woke = await condition(() => endRequest !== null || pendingSightings.length > 0, Math.max(due - Date.now(), 1));
    if (endRequest !== null) return;
    if (woke) {
      takeSightings();
      const tier: Tier = { ...state.tier!, centre: state.searchCentre };
      await broadcast('sighting_update', [tier]);
      state.tier = tier;
      return;
    }
    const { tier, event, kind } = nextTier(state.tier!, policy);
    const interval = tier.kind === 'national' ? policy.rebroadcastIntervalMs : policy.expansionIntervalMs;
    await sendTier(kind, tier, event, due, interval);
  }

  /** The outcome is already visible (see `end`); what is left is to withdraw every alert and record it. */
  async function endCase(): Promise<void> {
    if (state.alerts.length > 0) {
      await broadcast('cancel', alertAreasReached(state.alerts));
      mark('alerts_cancelled');
    }
    await records.recordCaseProgress({ caseId, status: state.status, at: now(), outcome: state.outcome });
  }

  if (!input.state) await validate();
  while (!isEnded()) {
    const info = workflowInfo();
    if ((info.continueAsNewSuggested || info.historyLength >= policy.historyEventLimit) && pendingDecision === null && pendingSightings.length === 0) {
      await condition(allHandlersFinished);
      state.runs += 1;
      mark('continued_as_new', `run ${state.runs + 1}`);
      return continueAsNew<typeof caseWorkflow>({ caseId, policy, state });
    }
    if (state.status === 'awaiting_approval') await approvalStep();
    else if (state.status === 'investigating') await investigatingStep();
    else await alertingStep();
  }
  if (endRequest !== null) await endCase();

  // The hook the retention policy hangs on: personal data goes once the purpose is served.
  await sleep(policy.retentionAfterCloseMs);
  await records.purgePersonalData({ caseId, at: now() });
  scrubPersonalData(state, now());
  mark('personal_data_purged');
  await condition(allHandlersFinished);
  return {
    caseId,
    status: state.status,
    risk: state.risk,
    jurisdiction: state.jurisdiction,
    alertsSent: state.alerts.length,
    timeline: state.timeline,
  };
}
