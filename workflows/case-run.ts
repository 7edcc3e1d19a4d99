/**
 * What one run of a case holds besides its state: the messages received and not yet acted on, and
 * the work running in the background (status writes, notification pushes, command audits).
 * Handlers only record a message here; the main loop acts on it, so every effect keeps its order.
 */
import { patched } from '@temporalio/workflow';
import { databaseSteps, LOCAL_DATABASE_STEPS, type DatabaseSteps } from './activity-proxies';
import type { ApprovalDecision, CaseOutcome, CasePolicy, CaseState, Sighting, TimelineEvent } from './contract';
import { publishSearchAttributes } from './case-state';

/**
 * Cases started from here on: no personal data in inputs, commands as Updates audited by the
 * workflow, notifications in the background, one writer of `cases.status`, bounded sightings.
 * Asked once at the start of a run, so a run keeps one behaviour even across a worker restart.
 */
export const ENGINE_V2 = 'engine-v2-commands-no-personal-data';

const DEFAULT_SIGHTINGS_MAX = 50;

export class CaseRun {
  pendingDecision: ApprovalDecision | null = null;
  /** From an accepted decision until its effect (alert sent, or investigating): refuses a second one. */
  decisionInFlight = false;
  /** The decision the approval step last took up (and recorded, with its audit entry). */
  appliedDecision: ApprovalDecision | null = null;
  pendingSightings: Array<Sighting & { receivedAt: string }> = [];
  /** Set by found or close; every wait wakes on it, which cancels its timer. */
  endRequest: CaseOutcome | null = null;
  readonly v2: boolean;
  /** The database steps, as local activities in runs started since `local-database-steps`. */
  readonly steps: DatabaseSteps;
  private background = 0;
  /** Status writes go one after another, so the database ends with the latest. */
  private statusWrites: Promise<void> = Promise.resolve();

  constructor(
    readonly caseId: string,
    readonly policy: CasePolicy,
    readonly state: CaseState,
  ) {
    this.v2 = patched(ENGINE_V2);
    this.steps = databaseSteps(patched(LOCAL_DATABASE_STEPS));
  }

  now(): string {
    return new Date().toISOString();
  }

  mark(event: TimelineEvent, detail?: string, at = this.now()): void {
    this.state.timeline.push(detail === undefined ? { event, at } : { event, at, detail });
  }

  setStatus(status: CaseState['status']): void {
    this.state.status = status;
    publishSearchAttributes(this.state);
    if (!this.v2) return;
    const write = { caseId: this.caseId, status, at: this.now(), outcome: this.state.outcome };
    this.statusWrites = this.track(this.statusWrites.then(() => this.steps.recordCaseProgress(write)));
  }

  /** Resolves once every status write so far is in the database. */
  statusRecorded(): Promise<void> {
    return this.statusWrites;
  }

  /** Work that must finish before the run continues as new or completes, but that nothing waits on. */
  track<T>(work: Promise<T>): Promise<T> {
    this.background += 1;
    return work.finally(() => (this.background -= 1));
  }

  backgroundIdle(): boolean {
    return this.background === 0;
  }

  /**
   * Set by the main loop when the run is due to continue as new but background work is still out:
   * every wait then also wakes once that work is done, so the run continues without new messages.
   */
  continueAsNewWaiting = false;

  readyToContinue(): boolean {
    return this.continueAsNewWaiting && this.background === 0;
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

  /** Moves the search centre to the latest sighting; the state keeps only the latest few. */
  takeSightings(): void {
    const { state } = this;
    for (const sighting of this.pendingSightings) {
      const { note, ...kept } = sighting;
      // Runs recorded before v2 kept the note in the state; a v2 command never carries one.
      state.sightings.push(this.v2 ? kept : { ...kept, ...(note === undefined ? {} : { note }) });
      state.sightingsTotal = (state.sightingsTotal ?? state.sightings.length - 1) + 1;
      state.searchCentre = sighting.location;
      this.mark('sighting');
    }
    const max = this.policy.stateSightingsMax ?? DEFAULT_SIGHTINGS_MAX;
    if (this.v2 && state.sightings.length > max) state.sightings.splice(0, state.sightings.length - max);
    this.pendingSightings = [];
  }
}
