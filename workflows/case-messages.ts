/**
 * The case's message handlers. Updates validate first (a refusal never reaches history, and the API
 * answers 409 with the reason), then record the command in the context, write its audit entry and
 * answer the state once the command has taken effect. Found and close also come as signals, which
 * the API sends when no worker answered the Update in time: a signal is durable once sent.
 */
import { ApplicationFailure, condition, log, setHandler, uuid4 } from '@temporalio/workflow';
import { recordCommand } from './activity-proxies';
import type { CaseRun } from './case-run';
import { validateDecision } from './case-state';
import {
  approvalDecisionSignal,
  caseStateQuery,
  closeCaseUpdate,
  closeSignal,
  decideApprovalUpdate,
  foundSignal,
  isUnsealedPayload,
  reportFoundUpdate,
  reportSightingUpdate,
  sightingSignal,
  type CloseRequest,
  type FoundReport,
  type Sighting,
} from './contract';

const UNSEALED_REASON = 'refused: a command must come through the API (its payload was not sealed by the service)';

/** An Update sent to Temporal directly: refused by its validator, so it never reaches history. */
function assertSealed(command: unknown): void {
  if (isUnsealedPayload(command)) throw new Error(UNSEALED_REASON);
}

/** Refuses a command on a case that has ended (an Update validator throws; the caller sees why). */
function assertOpen(ctx: CaseRun): void {
  if (ctx.isEnded()) throw new Error(`the case has ended (${ctx.state.status})`);
}

export function registerCaseHandlers(ctx: CaseRun): void {
  const { state } = ctx;
  setHandler(caseStateQuery, () => state);

  /** The command's audit entry, written by the workflow as it applies it (v2 runs only). */
  const audit = (command: Parameters<typeof recordCommand>[0]) => ctx.track(ctx.steps.recordCommand(command));

  /**
   * A signal cannot be refused: one sent to Temporal directly (unsealed) is dropped and its refusal
   * recorded. (No recorded history holds one: every payload the service sends is sealed.)
   */
  const droppedUnsealed = (arg: unknown, action: Parameters<typeof recordCommand>[0]['action']): boolean => {
    if (!isUnsealedPayload(arg)) return false;
    log.warn('unsealed signal refused', { caseId: ctx.caseId, action });
    void audit({ commandId: uuid4(), caseId: ctx.caseId, action, actor: { sub: 'temporal-direct', role: 'unknown' }, outcome: 'refused', detail: { reason: 'unsealed payload' } });
    return true;
  };

  function applyFound(found: FoundReport): Promise<void> {
    const commandId = found.commandId ?? uuid4();
    ctx.end({
      kind: 'found',
      at: found.foundAt ?? ctx.now(),
      location: found.location ?? null,
      condition: found.condition ?? null,
      reason: null,
      note: ctx.v2 ? null : (found.note ?? null),
      ...(ctx.v2 ? { noteId: found.noteId ?? null } : {}),
      by: found.reportedBy,
    });
    if (!ctx.v2) return Promise.resolve();
    return audit({ commandId, caseId: ctx.caseId, action: 'found.report', actor: found.reportedBy });
  }

  function applyClose(close: CloseRequest): Promise<void> {
    const commandId = close.commandId ?? uuid4();
    ctx.end({
      kind: 'closed',
      at: ctx.now(),
      location: null,
      condition: null,
      reason: close.reason,
      note: ctx.v2 ? null : (close.note ?? null),
      ...(ctx.v2 ? { noteId: close.noteId ?? null } : {}),
      by: close.closedBy,
    });
    if (!ctx.v2) return Promise.resolve();
    return audit({ commandId, caseId: ctx.caseId, action: 'case.close', actor: close.closedBy, detail: { reason: close.reason } });
  }

  /** v2: recorded (row and audit entry) before the main loop may act on it, so nothing is left in flight. */
  async function queueSighting(sighting: Sighting): Promise<void> {
    const commandId = sighting.commandId ?? uuid4();
    const received = { ...sighting, commandId, receivedAt: ctx.now() };
    if (ctx.v2) {
      const row = { location: sighting.location, seenAt: sighting.seenAt, noteId: sighting.noteId ?? null, receivedAt: received.receivedAt };
      await audit({ commandId, caseId: ctx.caseId, action: 'sighting.report', actor: sighting.reportedBy, sighting: row });
      if (ctx.isEnded()) return;
    }
    ctx.pendingSightings.push(received);
  }

  setHandler(
    decideApprovalUpdate,
    async (decision) => {
      ctx.pendingDecision = decision;
      ctx.decisionInFlight = true;
      // Answer only once the decision has taken effect, so the caller sees the new status.
      await condition(() => !ctx.decisionInFlight || ctx.isEnded());
      // Found or closed before the decision was taken up: it had no effect, and the caller must know.
      if (ctx.v2 && ctx.appliedDecision !== decision) throw ApplicationFailure.create({ message: `the case has ended (${state.status})`, nonRetryable: true });
      return state;
    },
    // The validator refuses before anything reaches history, so the caller gets a clear answer.
    { validator: (decision) => (assertSealed(decision), validateDecision(state, decision, ctx.decisionInFlight || ctx.isEnded())) },
  );

  setHandler(
    reportSightingUpdate,
    async (sighting) => {
      const command = { ...sighting, commandId: sighting.commandId ?? uuid4() };
      await queueSighting(command);
      // Applied when the main loop takes it: the search centre has moved (and, alerting, the update is going out).
      await condition(() => !ctx.pendingSightings.some((s) => s.commandId === command.commandId) || ctx.isEnded());
      return state;
    },
    { validator: (command) => (assertSealed(command), assertOpen(ctx)) },
  );
  setHandler(
    reportFoundUpdate,
    async (found) => {
      await applyFound(found);
      await ctx.statusRecorded();
      return state;
    },
    { validator: (command) => (assertSealed(command), assertOpen(ctx)) },
  );
  setHandler(
    closeCaseUpdate,
    async (close) => {
      await applyClose(close);
      await ctx.statusRecorded();
      return state;
    },
    { validator: (command) => (assertSealed(command), assertOpen(ctx)) },
  );

  // Durable fallbacks of found and close: applied once, ignored when the case has already ended.
  setHandler(foundSignal, (found) => {
    if (!droppedUnsealed(found, 'found.report') && !ctx.isEnded()) void applyFound(found);
  });
  setHandler(closeSignal, (close) => {
    if (!droppedUnsealed(close, 'case.close') && !ctx.isEnded()) void applyClose(close);
  });

  // Nothing sends these any more; recorded histories still carry them.
  setHandler(approvalDecisionSignal, (decision) => {
    if (droppedUnsealed(decision, 'approval.decide')) return;
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
    if (!droppedUnsealed(sighting, 'sighting.report') && !ctx.isEnded()) void queueSighting(sighting);
  });
}
