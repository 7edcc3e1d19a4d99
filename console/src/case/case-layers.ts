/** The case's map from what the API gives: live state while it runs, the history the records keep once ended. */
import type { AlertStepView, CaseView, GeoPoint, TimelineEntry, Tier } from '../api/case-detail';
import type { MapLayers } from '../map/map-layers';

const same = (a: GeoPoint, b: GeoPoint) => a.lat === b.lat && a.lon === b.lon;

/** Every distinct area an alert (not a Cancel) covered: a circle per radius and centre, national once. */
export function areasSent(steps: Array<Pick<AlertStepView, 'msgType' | 'areas'>>): Tier[] {
  const seen = new Map<string, Tier>();
  for (const step of steps) {
    if (step.msgType === 'Cancel') continue;
    for (const a of step.areas) seen.set(a.kind === 'national' ? 'national' : `${a.radiusKm}@${a.centre.lat},${a.centre.lon}`, a);
  }
  return [...seen.values()];
}

export function caseLayers(view: CaseView, steps: AlertStepView[]): MapLayers {
  const { state, history } = view;
  const lastSeen = state?.lastSeen.location ?? history?.lastSeen?.location ?? view.report?.lastSeen.location ?? null;
  const centre = state?.searchCentre ?? history?.searchCentre ?? null;
  const outcome = state?.outcome ?? history?.outcome ?? null;
  // The alert steps with their deliveries, else (same areas) those the ended case's history carries.
  const areas = areasSent(steps.length > 0 ? steps : (history?.alerts ?? []));
  return {
    lastSeen,
    searchCentre: centre && lastSeen && !same(centre, lastSeen) ? centre : null,
    areas,
    sightings: (state?.sightings ?? history?.sightings ?? []).map((s) => s.location),
    found: outcome?.kind === 'found' ? outcome.location : null,
  };
}

/** The workflow's timeline while it runs; once ended, the one the API rebuilt from the records (or their dates). */
export function recordTimeline(view: CaseView): TimelineEntry[] {
  if (view.state) return view.state.timeline;
  if (view.history) return view.history.timeline;
  const r = view.record;
  const entries: Array<[string, string | null]> = [
    ['received', r.receivedAt],
    ['validated', r.validatedAt],
    ['approval_requested', r.approvalRequestedAt],
    ['decided', r.decidedAt],
    ['first_alert', r.firstAlertAt],
    [r.outcome ?? 'ended', r.endedAt],
    ['personal_data_purged', r.personalDataPurgedAt],
  ];
  return entries.filter((e): e is [string, string] => e[1] !== null).map(([event, at]) => ({ event, at }));
}
