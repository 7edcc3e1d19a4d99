/**
 * One pass of the approval phase: request (a new round), then wait for the decision, a reminder or
 * escalation deadline, a sighting or the end of the case. Deadlines are computed from the round's
 * request time, so they hold across continue-as-new.
 */
import { ActivityFailure, condition, uuid4 } from '@temporalio/workflow';
import {
  notifyProsecutors,
  pushApprovalNoticeFor,
  recordCaseProgress,
  recordNotificationFailure,
} from './activity-proxies';
import type { AlertBroadcaster } from './alert-broadcaster';
import type { CaseRun } from './case-run';
import type { ApprovalRound, Tier } from './contract';

/**
 * The pending list's row is written before the step moves on; the push to the prosecutors' webhook
 * runs in the background with bounded retries, so a down endpoint never holds up a decision, an
 * alert or a found. A push that gives up is recorded, and the pending list shows it failed.
 */
async function notify(ctx: CaseRun, round: ApprovalRound, kind: 'request' | 'reminder' | 'escalation', at: string) {
  const { state } = ctx;
  const notice = { caseId: ctx.caseId, jurisdiction: state.jurisdiction, round: round.round, kind, at, risk: state.risk, probableDuplicateOf: state.probableDuplicateOf };
  if (!ctx.v2) {
    await notifyProsecutors(notice);
    return;
  }
  await ctx.steps.recordApprovalNotice(notice);
  const push = pushApprovalNoticeFor(ctx.policy)(notice)
    .then(
      () => undefined,
      async (err: unknown) => {
        if (!(err instanceof ActivityFailure)) throw err;
        await recordNotificationFailure({ caseId: ctx.caseId, round: round.round, kind, error: err.cause?.message ?? err.message });
      },
    );
  void ctx.track(push);
}

export async function approvalStep(ctx: CaseRun, broadcaster: AlertBroadcaster): Promise<void> {
  const { state, policy } = ctx;
  let round = state.approvals[state.approvals.length - 1];
  if (!round || round.decision !== null) {
    round = { round: state.approvals.length + 1, requestedAt: ctx.now(), reminders: [], escalatedAt: null, decision: null, decidedBy: null, decidedAt: null, reason: null };
    state.approvals.push(round);
    ctx.mark('approval_requested', `round ${round.round}`, round.requestedAt);
    await notify(ctx, round, 'request', round.requestedAt);
    return;
  }
  const requestedAt = Date.parse(round.requestedAt);
  const deadline =
    round.reminders.length === 0 ? requestedAt + policy.approvalReminderAfterMs
    : round.escalatedAt === null ? requestedAt + policy.approvalEscalateAfterMs
    : null;
  const wake = () => ctx.pendingDecision !== null || ctx.hasNews() || ctx.readyToContinue();
  if (deadline === null) await condition(wake);
  else if (!(await condition(wake, Math.max(deadline - Date.now(), 1)))) {
    const at = ctx.now();
    if (round.reminders.length === 0) {
      round.reminders.push(at);
      ctx.mark('approval_reminder', `round ${round.round}`, at);
      await notify(ctx, round, 'reminder', at);
    } else {
      round.escalatedAt = at;
      ctx.mark('approval_escalated', `round ${round.round}`, at);
      await notify(ctx, round, 'escalation', at);
    }
    return;
  }
  if (ctx.endRequest !== null) return;
  if (ctx.pendingSightings.length > 0) {
    // Re-centres the alert that approval would send; nothing is broadcast before approval.
    ctx.takeSightings();
    return;
  }
  // Woken only so that the run can continue as new.
  if (ctx.pendingDecision === null) return;
  await applyDecision(ctx, broadcaster, round);
}

async function applyDecision(ctx: CaseRun, broadcaster: AlertBroadcaster, round: ApprovalRound): Promise<void> {
  const { state, policy } = ctx;
  const decision = ctx.pendingDecision!;
  ctx.pendingDecision = null;
  ctx.appliedDecision = decision;
  round.decision = decision.decision;
  round.decidedBy = decision.decidedBy;
  round.decidedAt = ctx.now();
  // v2 keeps the reason's note id, never its text (a direct caller may still send text: it is recorded, not kept).
  round.reason = ctx.v2 ? null : (decision.reason ?? null);
  if (ctx.v2) round.reasonNoteId = decision.noteId ?? null;
  ctx.mark(decision.decision === 'approve' ? 'approved' : 'declined', `round ${round.round}`, round.decidedAt);
  await ctx.steps.recordApprovalDecision({
    caseId: ctx.caseId,
    jurisdiction: state.jurisdiction,
    round: round.round,
    decision: decision.decision,
    decidedBy: decision.decidedBy,
    reason: decision.reason ?? null,
    at: round.decidedAt,
    // v2: the decision's audit entry is written in the same transaction as its row.
    ...(ctx.v2 ? { noteId: decision.noteId ?? null, commandId: decision.commandId ?? uuid4() } : {}),
  });
  if (ctx.endRequest !== null) return;
  if (decision.decision === 'decline') {
    ctx.setStatus('investigating');
    if (!ctx.v2) await recordCaseProgress({ caseId: ctx.caseId, status: 'investigating', at: ctx.now(), outcome: null });
  } else {
    const tier: Tier = { index: 0, kind: 'radius', radiusKm: policy.expansionRadiiKm[0], centre: state.searchCentre };
    await broadcaster.sendTier('alert', tier, 'first_alert', Date.now(), policy.expansionIntervalMs);
    // Alerting means a public alert is out, so the status changes only once it is.
    if (!ctx.isEnded()) ctx.setStatus('alerting');
  }
  ctx.decisionInFlight = false;
}
