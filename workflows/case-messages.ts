/** The case's message handlers: each records what arrived in the context; the main loop acts on it. */
import { condition, log, setHandler } from '@temporalio/workflow';
import type { CaseContext } from './case-context';
import { validateDecision } from './case-state';
import { approvalDecisionSignal, caseStateQuery, closeSignal, decideApprovalUpdate, foundSignal, sightingSignal } from './contract';

export function registerCaseHandlers(ctx: CaseContext): void {
  const { state } = ctx;
  setHandler(caseStateQuery, () => state);

  setHandler(
    decideApprovalUpdate,
    async (decision) => {
      ctx.pendingDecision = decision;
      ctx.decisionInFlight = true;
      // Answer only once the decision has taken effect, so the caller sees the new status.
      await condition(() => !ctx.decisionInFlight || ctx.isEnded());
      return state;
    },
    // The validator refuses before anything reaches history, so the caller gets a clear answer.
    { validator: (decision) => validateDecision(state, decision, ctx.decisionInFlight || ctx.isEnded()) },
  );
  setHandler(approvalDecisionSignal, (decision) => {
    try {
      validateDecision(state, decision, ctx.decisionInFlight || ctx.isEnded());
      ctx.pendingDecision = decision;
      ctx.decisionInFlight = true;
    } catch (err) {
      // A signal cannot be refused; a late or duplicate decision is logged and dropped.
      log.warn('approval decision signal ignored', { caseId: ctx.caseId, reason: (err as Error).message });
    }
  });
  setHandler(sightingSignal, (sighting) => {
    if (!ctx.isEnded()) ctx.pendingSightings.push(sighting);
  });
  setHandler(foundSignal, (found) => {
    if (ctx.isEnded()) return;
    ctx.end({
      kind: 'found',
      at: found.foundAt ?? ctx.now(),
      location: found.location ?? null,
      condition: found.condition ?? null,
      reason: null,
      note: found.note ?? null,
      by: found.reportedBy,
    });
  });
  setHandler(closeSignal, (close) => {
    if (ctx.isEnded()) return;
    ctx.end({ kind: 'closed', at: ctx.now(), location: null, condition: null, reason: close.reason, note: close.note ?? null, by: close.closedBy });
  });
}
