/** The pure helpers of the case workflow: tier progression, areas reached, the decision validator, the scrub. */
import { defaultPolicy, makeReport, officer, prosecutor } from '../test/helpers/fixtures';
import { alertAreasReached, factsOf, initialState, nextTier, scrubPersonalData, validateDecision } from './case-state';
import type { AlertStep, CaseState, Tier } from './contract';

const CENTRE = { lat: 33.5731, lon: -7.5898 };
const policy = defaultPolicy({ expansionRadiiKm: [10, 40] });
const radius = (index: number, radiusKm: number, centre = CENTRE): Tier => ({ index, kind: 'radius', radiusKm, centre });
const national: Tier = { index: 2, kind: 'national', radiusKm: null, centre: CENTRE };

test('the tiers widen through every radius to national coverage, then re-broadcast nationally', () => {
  expect(nextTier(radius(0, 10), policy)).toEqual({ tier: radius(1, 40), kind: 'widen', event: 'widened' });
  expect(nextTier(radius(1, 40), policy)).toEqual({ tier: national, kind: 'widen', event: 'national' });
  expect(nextTier(national, policy)).toEqual({ tier: national, kind: 'rebroadcast', event: 'rebroadcast' });
});

test('a cancellation reaches each distinct area once: a radius per centre, national once', () => {
  const rabat = { lat: 34.0209, lon: -6.8416 };
  const step = (n: number, areas: AlertStep['areas']): AlertStep => ({ step: n, kind: 'widen', msgType: 'Update', messageId: `m-${n}`, areas, sentAt: '2026-06-15T10:00:00Z' });
  const alerts = [step(1, [radius(0, 10)]), step(2, [radius(0, 10)]), step(3, [radius(0, 10, rabat)]), step(4, [national]), step(5, [national])];
  expect(alertAreasReached(alerts)).toEqual([radius(0, 10), radius(0, 10, rabat), national]);
});

function state(overrides: Partial<CaseState> = {}): CaseState {
  return { ...initialState({ caseId: '00000000-0000-4000-8000-000000000001', policy, report: makeReport() }), ...overrides };
}

test('a decision is refused unless the case awaits one, is well formed, says who decided, and gives a reason to decline', () => {
  const awaiting = state({ status: 'awaiting_approval' });
  expect(() => validateDecision(awaiting, { decision: 'approve', decidedBy: prosecutor }, false)).not.toThrow();
  expect(() => validateDecision(awaiting, { decision: 'decline', noteId: 'n-1', decidedBy: prosecutor }, false)).not.toThrow();
  expect(() => validateDecision(awaiting, { decision: 'approve', decidedBy: prosecutor }, true)).toThrow('another decision on this case is being applied; reload the case to see it');
  expect(() => validateDecision(state({ status: 'alerting' }), { decision: 'approve', decidedBy: prosecutor }, false)).toThrow('case is not awaiting approval (status: alerting)');
  expect(() => validateDecision(awaiting, { decision: 'maybe' as 'approve', decidedBy: prosecutor }, false)).toThrow('decision must be "approve" or "decline"');
  expect(() => validateDecision(awaiting, { decision: 'decline', decidedBy: prosecutor }, false)).toThrow('a reason is required to decline');
  expect(() => validateDecision(awaiting, { decision: 'approve', decidedBy: { sub: '', role: 'prosecutor' } }, false)).toThrow('the decision must name who decided');
});

test('the facts of a case come as given, or from a report for runs recorded before', () => {
  const report = makeReport();
  const facts = factsOf({ caseId: 'c', policy, report, receivedAt: '2026-06-15T10:00:00Z' });
  expect(facts).toEqual({ jurisdiction: 'MA-06', consentToPublish: true, lastSeen: { at: report.lastSeen.at, location: report.lastSeen.location }, receivedAt: '2026-06-15T10:00:00Z' });
  expect(factsOf({ caseId: 'c', policy, facts })).toBe(facts);
  expect(() => factsOf({ caseId: 'c', policy })).toThrow('a new case needs its facts');
});

test('the scrub keeps the shape of a case and no personal data: sightings, notes and reasons go, places are generalised', () => {
  const s = state({
    status: 'found',
    tier: radius(0, 10, { lat: 33.57312, lon: -7.58984 }),
    sightings: [{ location: { lat: 33.6, lon: -7.6 }, seenAt: '2026-06-15T10:00:00Z', noteId: 'n-2', reportedBy: officer, receivedAt: '2026-06-15T10:01:00Z' }],
    approvals: [{ round: 1, requestedAt: 'a', reminders: [], escalatedAt: null, decision: 'decline', decidedBy: prosecutor, decidedAt: 'b', reason: 'identity not confirmed', reasonNoteId: 'n-1' }],
    outcome: { kind: 'found', at: 'c', location: { lat: 33.61, lon: -7.61 }, condition: 'unharmed', reason: null, note: 'with her aunt', noteId: 'n-3', by: officer },
  });
  scrubPersonalData(s, '2026-07-15T10:00:00Z');
  expect(s.personalDataPurgedAt).toBe('2026-07-15T10:00:00Z');
  expect(s.sightings).toEqual([]);
  expect(s.lastSeen.location).toEqual({ lat: 33.6, lon: -7.6 });
  expect(s.tier?.centre).toEqual({ lat: 33.6, lon: -7.6 });
  expect([s.approvals[0].reason, s.approvals[0].reasonNoteId, s.approvals[0].decision]).toEqual([null, null, 'decline']);
  expect(s.outcome).toEqual({ kind: 'found', at: 'c', location: null, condition: 'unharmed', reason: null, note: null, noteId: null, by: officer });
});
