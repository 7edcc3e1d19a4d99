/**
 * What one run of a case holds besides its state: the messages received and not yet acted on.
 * Handlers only record a message here; the main loop acts on it, so every effect keeps its order.
 */
import type { ApprovalDecision, CaseOutcome, CasePolicy, CaseState, Sighting, TimelineEvent } from './contract';
import { publishSearchAttributes } from './case-state';

export class CaseContext {
  pendingDecision: ApprovalDecision | null = null;
  /** From an accepted decision until its effect (alert sent, or investigating): refuses a second one. */
  decisionInFlight = false;
  pendingSightings: Sighting[] = [];
  /** Set by found or close; every wait wakes on it, which cancels its timer. */
  endRequest: CaseOutcome | null = null;

  constructor(
    readonly caseId: string,
    readonly policy: CasePolicy,
    readonly state: CaseState,
  ) {}

  now(): string {
    return new Date().toISOString();
  }

  mark(event: TimelineEvent, detail?: string, at = this.now()): void {
    this.state.timeline.push(detail === undefined ? { event, at } : { event, at, detail });
  }

  setStatus(status: CaseState['status']): void {
    this.state.status = status;
    publishSearchAttributes(this.state);
  }

  isEnded(): boolean {
    return this.endRequest !== null || this.state.status === 'rejected';
  }

  /** Found or closed takes effect at once: the outcome and status are visible before any cancellation. */
  end(outcome: CaseOutcome): void {
    this.endRequest = outcome;
    this.state.outcome = outcome;
    this.state.nextStepAt = null;
    this.mark(outcome.kind, outcome.kind === 'closed' ? (outcome.reason ?? undefined) : (outcome.condition ?? undefined));
    this.setStatus(outcome.kind);
  }

  hasNews(): boolean {
    return this.endRequest !== null || this.pendingSightings.length > 0;
  }

  /** Moves the search centre to the latest sighting. */
  takeSightings(): void {
    for (const sighting of this.pendingSightings) {
      this.state.sightings.push({ ...sighting, receivedAt: this.now() });
      this.state.searchCentre = sighting.location;
      this.mark('sighting');
    }
    this.pendingSightings = [];
  }
}
