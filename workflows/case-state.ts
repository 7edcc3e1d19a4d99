/** Pure helpers of the case workflow: state construction, tier progression, message validation. */
import { upsertSearchAttributes } from '@temporalio/workflow';
import {
  CaseJurisdictionSA,
  CaseRiskSA,
  CaseStatusSA,
  CaseTierSA,
  type AlertStep,
  type AlertStepKind,
  type ApprovalDecision,
  type CasePolicy,
  type CaseFacts,
  type CaseState,
  type CaseWorkflowInput,
  type GeoPoint,
  type Tier,
  type TimelineEvent,
} from './contract';

/** The facts a new case starts from: given as such, or (runs recorded before v2) taken from the report. */
export function factsOf(input: CaseWorkflowInput): CaseFacts {
  if (input.facts) return input.facts;
  const report = input.report;
  if (!report) throw new TypeError('a new case needs its facts');
  return {
    jurisdiction: report.reportingUnit.jurisdiction,
    consentToPublish: report.guardian.consentToPublish,
    lastSeen: { at: report.lastSeen.at, location: report.lastSeen.location },
    receivedAt: input.receivedAt ?? new Date().toISOString(),
  };
}

export function initialState(input: CaseWorkflowInput): CaseState {
  const facts = factsOf(input);
  return {
    caseId: input.caseId,
    status: 'validating',
    risk: null,
    jurisdiction: facts.jurisdiction,
    consentToPublish: facts.consentToPublish,
    lastSeen: { at: facts.lastSeen.at, location: facts.lastSeen.location },
    searchCentre: facts.lastSeen.location,
    rejectionReasons: [],
    probableDuplicateOf: null,
    tier: null,
    nextStepAt: null,
    approvals: [],
    alerts: [],
    sightings: [],
    timeline: [],
    outcome: null,
    personalDataPurgedAt: null,
    runs: 0,
  };
}

/** The step after `tier`: the next radius, then national coverage, then national re-broadcasts. */
export function nextTier(tier: Tier, policy: CasePolicy): { tier: Tier; kind: AlertStepKind; event: TimelineEvent } {
  const radii = policy.expansionRadiiKm;
  if (tier.kind === 'national') return { tier, kind: 'rebroadcast', event: 'rebroadcast' };
  const index = tier.index + 1;
  if (index < radii.length) {
    return { tier: { index, kind: 'radius', radiusKm: radii[index], centre: tier.centre }, kind: 'widen', event: 'widened' };
  }
  return { tier: { index: radii.length, kind: 'national', radiusKm: null, centre: tier.centre }, kind: 'widen', event: 'national' };
}

/** Every distinct area any alert of the case covered: what a cancellation must reach. */
export function alertAreasReached(alerts: AlertStep[]): AlertStep['areas'] {
  const seen = new Map<string, AlertStep['areas'][number]>();
  for (const alert of alerts) {
    for (const area of alert.areas) {
      const key = area.kind === 'national' ? 'national' : `${area.radiusKm}@${area.centre.lat},${area.centre.lon}`;
      if (!seen.has(key)) seen.set(key, area);
    }
  }
  return [...seen.values()];
}

/** Throws (and so refuses an Update before it reaches history) unless a decision can be taken now. */
export function validateDecision(state: CaseState, decision: ApprovalDecision, busy: boolean): void {
  if (state.status !== 'awaiting_approval') {
    throw new Error(`case is not awaiting approval (status: ${state.status})`);
  }
  // Two prosecutors (or one double submit) at once: the second learns why, not a status that looks right.
  if (busy) throw new Error('another decision on this case is being applied; reload the case to see it');
  if (decision?.decision !== 'approve' && decision?.decision !== 'decline') {
    throw new Error('decision must be "approve" or "decline"');
  }
  if (decision.decision === 'decline' && !decision.reason && !decision.noteId) throw new Error('a reason is required to decline');
  if (!decision.decidedBy?.sub) throw new Error('the decision must name who decided');
}

/** Only non-identifying facts: status, risk, jurisdiction and tier. */
export function publishSearchAttributes(state: CaseState): void {
  upsertSearchAttributes([
    { key: CaseStatusSA, value: state.status },
    { key: CaseJurisdictionSA, value: state.jurisdiction },
    { key: CaseRiskSA, value: state.risk ?? 'unassessed' },
    { key: CaseTierSA, value: state.tier?.index ?? -1 },
  ]);
}

/** About 11 km: what the jurisdiction already says, no longer a place a family can be found at. */
const generalise = (p: GeoPoint): GeoPoint => ({ lat: Math.round(p.lat * 10) / 10, lon: Math.round(p.lon * 10) / 10 });

/**
 * After the purge, the workflow's own state (what queries return, even replayed later) keeps the
 * shape of the case and no personal data: sightings and free texts go, places are generalised.
 * Pure and deterministic; the report itself was never part of the state.
 */
export function scrubPersonalData(state: CaseState, at: string): void {
  state.personalDataPurgedAt = at;
  state.sightings = [];
  state.lastSeen = { at: state.lastSeen.at, location: generalise(state.lastSeen.location) };
  state.searchCentre = generalise(state.searchCentre);
  if (state.tier) state.tier = { ...state.tier, centre: generalise(state.tier.centre) };
  for (const alert of state.alerts) alert.areas = alert.areas.map((area) => ({ ...area, centre: generalise(area.centre) }));
  for (const round of state.approvals) {
    round.reason = null;
    if (round.reasonNoteId) round.reasonNoteId = null;
  }
  if (state.outcome) state.outcome = { ...state.outcome, note: null, location: null, ...(state.outcome.noteId ? { noteId: null } : {}) };
}
