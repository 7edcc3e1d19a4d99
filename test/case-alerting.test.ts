/**
 * Broadcast behaviour on the time-skipping server: a found report that arrives while a broadcast is in
 * flight stops every later step, and a sighting re-centres the search area at the current tier.
 */
import { eq } from 'drizzle-orm';
import { alertSteps } from '../db/schema';
import { approvalDecisionSignal, caseStateQuery, foundSignal, sightingSignal } from '../workflows/contract';
import { officer, prosecutor } from './helpers/fixtures';
import { recordHistory, useCaseTestContext } from './helpers/time-skipping';
import { waitForState } from './helpers/worker';

const HOUR = 3_600_000;

/** Holds chosen broadcast steps inside the (real) activity until the test releases them. */
const gates = new Map<string, { entered: () => void; released: Promise<void>; release: () => void }>();
function gate(caseId: string, step: number) {
  let entered!: () => void;
  let release!: () => void;
  const enteredP = new Promise<void>((r) => (entered = r));
  const released = new Promise<void>((r) => (release = r));
  gates.set(`${caseId}:${step}`, { entered, released, release });
  return { entered: enteredP, release };
}
// Declared before the context so it runs first: a failed test must never leave the worker blocked.
afterAll(() => gates.forEach((g) => g.release()));

const ctx = useCaseTestContext('alerting', (real) => ({
  async broadcastAlertStep(input) {
    const held = gates.get(`${input.caseId}:${input.step.step}`);
    if (held) {
      held.entered();
      await held.released;
    }
    return real.broadcastAlertStep(input);
  },
}));

async function approvedCase() {
  const started = await ctx.startCase();
  await waitForState(started.handle, (s) => s.status === 'awaiting_approval');
  return started;
}

test('found while a widening broadcast is in flight: that step completes, nothing widens after, all is cancelled', async () => {
  const { caseId, handle } = await approvedCase();
  const widening = gate(caseId, 2);
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await waitForState(handle, (s) => s.alerts.length === 1);
  const sleeping = ctx.env.sleep(HOUR);
  await widening.entered;
  await handle.signal(foundSignal, { condition: 'injured', reportedBy: officer });
  const meanwhile = await waitForState(handle, (s) => s.outcome !== null);
  expect(meanwhile.alerts).toHaveLength(1); // the in-flight step has not reported back yet
  widening.release();
  await sleeping;
  const ended = await waitForState(handle, (s) => s.status === 'found' && s.alerts.at(-1)?.kind === 'cancel');
  await ctx.env.sleep(5 * HOUR);
  const later = await handle.query(caseStateQuery);
  expect(later.alerts.map((a) => a.kind)).toEqual(['alert', 'widen', 'cancel']);
  expect(later.alerts).toEqual(ended.alerts);
  expect(later.alerts[2].areas.map((a) => a.radiusKm)).toEqual([10, 40]);
  expect(later.timeline.map((t) => t.event)).toEqual([
    'received', 'validated', 'approval_requested', 'approved', 'first_alert', 'found', 'widened', 'alerts_cancelled',
  ]);
  const rows = await ctx.database.db.select().from(alertSteps).where(eq(alertSteps.caseId, caseId)).orderBy(alertSteps.step);
  expect(rows.map((r) => r.kind)).toEqual(['alert', 'widen', 'cancel']);
  expect(rows.filter((r) => r.cancelledAt !== null)).toHaveLength(2);
  await recordHistory(handle, 'found-during-broadcast');
});

test('a sighting re-centres the area at the current tier; the widening keeps its schedule around the new centre', async () => {
  const { handle } = await approvedCase();
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await waitForState(handle, (s) => s.alerts.length === 1);
  await ctx.env.sleep(HOUR);
  const widened = await waitForState(handle, (s) => s.alerts.length === 2);
  await ctx.env.sleep(HOUR / 2);
  const marrakech = { lat: 31.6295, lon: -7.9811 };
  await handle.signal(sightingSignal, { location: marrakech, seenAt: new Date().toISOString(), reportedBy: officer });
  const updated = await waitForState(handle, (s) => s.alerts.length === 3);
  expect(updated.alerts[2]).toMatchObject({ kind: 'sighting_update', msgType: 'Update', areas: [{ index: 1, kind: 'radius', radiusKm: 40, centre: marrakech }] });
  expect(updated.tier).toEqual({ index: 1, kind: 'radius', radiusKm: 40, centre: marrakech });
  expect(updated.nextStepAt).toBe(widened.nextStepAt);

  await ctx.env.sleep(HOUR / 2);
  const next = await waitForState(handle, (s) => s.alerts.length === 4);
  expect(next.alerts[3].areas).toEqual([{ index: 2, kind: 'radius', radiusKm: 160, centre: marrakech }]);
  expect(Math.abs(Date.parse(next.alerts[3].sentAt) - Date.parse(widened.nextStepAt!))).toBeLessThan(5_000);
  await handle.signal(foundSignal, { reportedBy: officer });
  const ended = await waitForState(handle, (s) => s.alerts.at(-1)?.kind === 'cancel');
  expect(ended.alerts.at(-1)!.areas.map((a) => [a.radiusKm, a.centre.lat])).toEqual([
    [10, 33.5731],
    [40, 33.5731],
    [40, marrakech.lat],
    [160, marrakech.lat],
  ]);
  await recordHistory(handle, 'sighting-recentre-found');
});
