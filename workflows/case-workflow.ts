/**
 * One missing-child case, from report to purge. The workflow is a loop over the case status; each pass
 * does one step (a notification, a decision, a broadcast) and then checks whether the run should
 * continue as new, so a case open for months keeps every run's history small.
 *
 * Deterministic: no I/O here. Every effect is an activity, and every activity is idempotent on a
 * business key (case + round + kind, case + step, case + step + channel), so a retried or replayed step
 * never repeats.
 */
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, patched, sleep, workflowInfo } from '@temporalio/workflow';
import { purgePersonalData, recordCaseProgress } from './activity-proxies';
import { AlertBroadcaster } from './alert-broadcaster';
import { approvalStep } from './approval-step';
import { erasePartnerCopies, PARTNER_ERASE_AT_PURGE } from './partner-erasure';
import { CaseRun } from './case-run';
import { registerCaseHandlers } from './case-messages';
import { alertAreasReached, initialState, nextTier, scrubPersonalData } from './case-state';
import { isUnsealedPayload, type CaseState, type CaseSummary, type CaseWorkflowInput, type Tier } from './contract';

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseSummary> {
  // Started past the API (its input not sealed by the service): no case, and the failure says why.
  if (isUnsealedPayload(input)) throw ApplicationFailure.nonRetryable('refused: a case starts through the API (its input was not sealed by the service)', 'UnsealedInput');
  const { caseId, policy } = input;
  const state: CaseState = input.state ?? initialState(input);
  const ctx = new CaseRun(caseId, policy, state);
  const broadcaster = new AlertBroadcaster(ctx);
  registerCaseHandlers(ctx);

  /** Writes the status the way runs recorded before v2 did; v2 runs write it with every change (CaseRun). */
  const legacyProgress = async (status: CaseState['status']) => {
    if (!ctx.v2) await recordCaseProgress({ caseId, status, at: ctx.now(), outcome: state.outcome });
  };

  async function validate(): Promise<void> {
    const receivedAt = input.facts?.receivedAt ?? input.receivedAt ?? ctx.now();
    ctx.mark('received', undefined, receivedAt);
    // The activity reads the report from PostgreSQL: it never travels through Temporal.
    const result = await ctx.steps.validateReport({ caseId, receivedAt });
    state.risk = result.risk;
    state.probableDuplicateOf = result.probableDuplicateOf;
    // Found or closed during validation: the case ends as such, whatever the report's faults.
    if (ctx.endRequest !== null) return;
    if (!result.valid) {
      state.rejectionReasons = result.reasons;
      ctx.mark('rejected', result.reasons.join('; '));
      ctx.setStatus('rejected');
      await legacyProgress('rejected');
      return;
    }
    ctx.mark('validated');
    ctx.setStatus(state.consentToPublish ? 'awaiting_approval' : 'investigating');
    if (!state.consentToPublish) await legacyProgress('investigating');
  }

  async function investigatingStep(): Promise<void> {
    await condition(() => ctx.hasNews() || ctx.readyToContinue());
    if (ctx.endRequest !== null || !ctx.hasNews()) return;
    ctx.takeSightings();
    // New information is a reason to ask again; without consent nothing is ever published.
    if (state.consentToPublish) ctx.setStatus('awaiting_approval');
  }

  async function alertingStep(): Promise<void> {
    const due = Date.parse(state.nextStepAt!);
    const woke = await condition(() => ctx.hasNews() || ctx.readyToContinue(), Math.max(due - Date.now(), 1));
    if (ctx.endRequest !== null) return;
    if (woke && !ctx.hasNews()) return;
    if (woke) {
      ctx.takeSightings();
      const tier: Tier = { ...state.tier!, centre: state.searchCentre };
      await broadcaster.broadcast('sighting_update', [tier]);
      state.tier = tier;
      return;
    }
    const { tier, event, kind } = nextTier(state.tier!, policy);
    const interval = tier.kind === 'national' ? policy.rebroadcastIntervalMs : policy.expansionIntervalMs;
    await broadcaster.sendTier(kind, tier, event, due, interval);
  }

  /** The outcome is already visible (see CaseRun.end); what is left is to withdraw every alert and record it. */
  async function endCase(): Promise<void> {
    if (state.alerts.length > 0) {
      await broadcaster.broadcast('cancel', alertAreasReached(state.alerts));
      ctx.mark('alerts_cancelled');
    }
    await legacyProgress(state.status);
  }

  if (!input.state) await validate();
  while (!ctx.isEnded()) {
    const info = workflowInfo();
    const continueAsNewDue = info.continueAsNewSuggested || info.historyLength >= policy.historyEventLimit;
    // Nothing may be in flight across continue-as-new: messages not acted on, deliveries not finished.
    const quiet = ctx.pendingDecision === null && ctx.pendingSightings.length === 0 && broadcaster.idle();
    // Background work (status writes, pushes, audits) still out: wait for it in the steps' own waits.
    ctx.continueAsNewWaiting = continueAsNewDue && quiet && !ctx.backgroundIdle();
    if (continueAsNewDue && quiet && ctx.backgroundIdle()) {
      await condition(allHandlersFinished);
      state.runs += 1;
      ctx.mark('continued_as_new', `run ${state.runs + 1}`);
      return continueAsNew<typeof caseWorkflow>({ caseId, policy, state });
    }
    if (state.status === 'awaiting_approval') await approvalStep(ctx, broadcaster);
    else if (state.status === 'investigating') await investigatingStep();
    else await alertingStep();
  }
  if (ctx.endRequest !== null) await endCase();

  // Deliveries read the CAP documents that the purge deletes: let the last ones finish first.
  await condition(() => broadcaster.idle() && ctx.backgroundIdle());
  // The hook the retention policy hangs on: personal data goes once the purpose is served.
  await sleep(policy.retentionAfterCloseMs);
  const purged = await purgePersonalData({ caseId, at: ctx.now() });
  scrubPersonalData(state, ctx.now());
  ctx.mark('personal_data_purged');
  // Partners delete their copies: one signed erase per channel that was sent a message of the case.
  // Asked after the purge, so that a case whose purge was running at the upgrade sends them too.
  if (patched(PARTNER_ERASE_AT_PURGE)) {
    await erasePartnerCopies({
      caseId,
      channels: purged?.erasureChannels ?? [],
      alertDeliveryRetryMaxIntervalMs: policy.alertDeliveryRetryMaxIntervalMs,
    });
  }
  await condition(() => allHandlersFinished() && ctx.backgroundIdle());
  return {
    caseId,
    status: state.status,
    risk: state.risk,
    jurisdiction: state.jurisdiction,
    alertsSent: state.alerts.length,
    timeline: state.timeline,
  };
}
