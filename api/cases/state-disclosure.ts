/**
 * What each role reads of a case's state (the live workflow state, or the history rebuilt from the
 * records once it has ended). Those who may read the report (intake officers, prosecutors, officers:
 * PERSONAL_DATA_ROLES) see all of it, and reading it is audited as a view of personal data. An admin
 * runs the service, not the search: the operational view keeps status, risk, tiers, alerts (public
 * already), approvals and their timing, the timeline and counts, and withholds what places or
 * describes the child:
 * - the last-seen point, and the search centre until an alert has made an area public;
 * - every sighting (only their number is kept);
 * - the found place and the child's condition (also out of the timeline's detail), and notes;
 * - a decline's reason (old runs kept its text in the state).
 */
import type { CaseState } from '../../workflows/contract';
import { PERSONAL_DATA_ROLES, type Role } from '../auth/principal';
import type { EndedCaseHistory } from './ended-case';

export const mayReadPersonalData = (role: Role) => PERSONAL_DATA_ROLES.includes(role);

/** The paths an operational view leaves out or empties, said in the answer so a reader knows. */
export const WITHHELD_FROM_OPERATIONS = ['lastSeen.location', 'searchCentre (before the first alert)', 'sightings', 'outcome.location', 'outcome.condition', 'outcome.note', 'approvals.reason'] as const;

type Timeline = CaseState['timeline'];
const withoutFoundDetail = (timeline: Timeline): Timeline => timeline.map((e) => (e.event === 'found' ? { event: e.event, at: e.at } : e));

export function operationalState(state: CaseState): CaseState {
  return {
    ...state,
    lastSeen: { at: state.lastSeen.at, location: null },
    searchCentre: state.alerts.length > 0 ? state.searchCentre : null,
    sightings: [],
    sightingsTotal: state.sightingsTotal ?? state.sightings.length,
    approvals: state.approvals.map((a) => ({ ...a, reason: null, reasonNoteId: null })),
    outcome: state.outcome && { ...state.outcome, location: null, condition: null, note: null, noteId: null },
    timeline: withoutFoundDetail(state.timeline),
  } as unknown as CaseState;
}

export function operationalHistory(history: EndedCaseHistory): EndedCaseHistory {
  return {
    ...history,
    lastSeen: history.lastSeen && { at: history.lastSeen.at, location: null },
    searchCentre: history.alerts.length > 0 ? history.searchCentre : null,
    sightings: [],
    outcome: history.outcome && { ...history.outcome, location: null, condition: null },
    timeline: withoutFoundDetail(history.timeline),
  } as unknown as EndedCaseHistory;
}

/**
 * Whether the view places the child beyond what the report shows: what the audit entry covers. (The
 * condition alone is what the purge keeps for statistics: with no name and no place, it is no one's.)
 */
export function disclosesPersonalState(state: CaseState | null, history: EndedCaseHistory | null): boolean {
  const source = state ?? history;
  if (!source) return false;
  return Boolean(source.lastSeen?.location) || source.sightings.length > 0 || Boolean(source.outcome?.location);
}
