/**
 * Tip triage through the real API, worker and PostgreSQL: the list with distances from the search
 * centre and groups, who may read and act, assessment, promotion to a sighting (the workflow's search
 * centre moves to the tip; twice is 409 and one sighting), the live notifications (no content), the
 * counts in /stats and /metrics, and the purge (RETENTION_AFTER_CLOSE shortened to 6 s) deleting the
 * tips while the counts stay.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import request from 'supertest';
import { auditLog, caseSightings, cases } from '../../db/schema';
import { eventually } from '../helpers/eventually';
import { testEnv } from '../helpers/env';
import { alertingCase, jsonTip, tipsOf, type AlertingCase } from '../helpers/tips';
import { bearer, liveState, OTHER_JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';
import { TIP_TRIAGE_ROUTES } from './route-table';
import { scrapeBetweenAgreeingReadings } from '../helpers/metrics';

jest.setTimeout(180_000);

let h: ApiHarness;
const unique = randomUUID().slice(0, 6);
const J = `R${unique}`;
let c: AlertingCase;
const as = (role: 'officer' | 'intake_officer' | 'prosecutor' | 'admin', jurisdiction = J) => tokenFor(role, jurisdiction, `${role}-${unique}-${jurisdiction}`).then(bearer);
const listen = new pg.Client({ connectionString: testEnv.databaseUrl });
const heard: unknown[] = [];

/** Metres along a meridian, as the list must give them (the centre and the tips share a longitude). */
const metres = (dLat: number) => Math.round(Math.abs(dLat) * (Math.PI / 180) * 6_371_008.8);
const LON = -7.5898;
/** The report's last-seen point (test/helpers/fixtures.ts) is the search centre until a sighting. */
const CENTRE = { lat: 33.5731, lon: LON };
const POINTS = { t1: 33.5801, t2: 33.5828, t3: 33.5855, t4: 33.6231 };
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness('tips-triage', { env: { RETENTION_AFTER_CLOSE: '6s', TIP_RATE_LIMIT_PER_ADDRESS: '1000' } });
  await listen.connect();
  listen.on('notification', (m) => heard.push(JSON.parse(m.payload ?? 'null')));
  await listen.query('LISTEN case_changes');
  c = await alertingCase(h, J, `TRIAGE-${unique}`);
  // Posted in this order: t1 (seen 10 min ago), t2 300 m north of it 20 min earlier, t3 300 m further 20 min earlier again
  // (single linkage puts t1, t2, t3 together), t4 5 km away, t5 a place in words only.
  const sent = [
    ['t1', jsonTip(c.ref, { lat: POINTS.t1, lon: LON }, 10)],
    ['t2', jsonTip(c.ref, { lat: POINTS.t2, lon: LON }, 30)],
    ['t3', jsonTip(c.ref, { lat: POINTS.t3, lon: LON }, 50)],
    ['t4', jsonTip(c.ref, { lat: POINTS.t4, lon: LON, phone: '+212 600 000 000', callbackConsent: true }, 10)],
    ['t5', jsonTip(c.ref, { lat: undefined, lon: undefined, place: 'Gare Casa-Port, quai 2' }, 5)],
  ] as const;
  for (const [name, body] of sent) {
    const res = await request(h.app).post('/public/tips').send(body);
    if (res.status !== 202) throw new Error(`tip ${name}: ${res.status}`);
    const [row] = (await tipsOf(h, c.caseId)).filter((t) => t.receipt === res.body.receipt);
    ids[name] = row.id;
  }
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await listen.end();
  await h?.close();
});

const list = async (role: Parameters<typeof as>[0] = 'officer') => request(h.app).get(`/cases/${c.caseId}/tips`).set(await as(role));
const audits = async (action: string) => (await h.database.db.select().from(auditLog).where(and(eq(auditLog.caseId, c.caseId), eq(auditLog.action, action)))).map((a) => [a.actorRole, a.outcome, a.detail]);

test('the list: newest first, distances from the search centre, groups, counts; each read audited', async () => {
  const res = await list();
  expect(res.status).toBe(200);
  const { tips, counts } = res.body;
  expect(tips.map((t: { id: string }) => t.id)).toEqual(['t5', 't4', 't3', 't2', 't1'].map((n) => ids[n]));
  expect(tips.map((t: { distanceMeters: number | null }) => t.distanceMeters)).toEqual([null, metres(POINTS.t4 - CENTRE.lat), metres(POINTS.t3 - CENTRE.lat), metres(POINTS.t2 - CENTRE.lat), metres(POINTS.t1 - CENTRE.lat)]);
  // t3 was seen first: it names the group of t1, t2 and t3.
  expect(tips.map((t: { group: string }) => t.group)).toEqual([ids.t5, ids.t4, ids.t3, ids.t3, ids.t3]);
  expect(counts).toEqual({ received: 5, promoted: 0, dismissed: 0 });
  expect(tips[1]).toEqual({
    id: ids.t4,
    receipt: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{10}$/),
    receivedAt: expect.any(String),
    seenAt: expect.any(String),
    place: null,
    position: { lat: POINTS.t4, lon: LON },
    description: 'A girl in a red coat, crying, near the tram stop.',
    phone: '+212 600 000 000',
    callbackConsent: true,
    distanceMeters: metres(POINTS.t4 - CENTRE.lat),
    group: ids.t4,
    assessment: null,
    promotedAt: null,
  });
  expect(tips[0]).toMatchObject({ place: 'Gare Casa-Port, quai 2', position: null, phone: null, callbackConsent: false });
  expect(await audits('tips.view')).toEqual([['officer', 'accepted', { jurisdiction: J, tips: 5 }]]);
});

test('who reads tips: the report\'s roles of the jurisdiction; admins and other jurisdictions are refused, unaudited', async () => {
  expect((await list('intake_officer')).status).toBe(200);
  expect((await list('prosecutor')).status).toBe(200);
  const before = (await audits('tips.view')).length;
  expect((await list('admin')).status).toBe(403);
  expect((await request(h.app).get(`/cases/${c.caseId}/tips`).set(await as('officer', OTHER_JURISDICTION))).status).toBe(403);
  expect((await request(h.app).get(`/cases/${c.caseId}/tips`)).status).toBe(401);
  expect((await request(h.app).get(`/cases/${randomUUID()}/tips`).set(await as('officer'))).status).toBe(404);
  expect((await audits('tips.view')).length).toBe(before);
});

test('triage writes: officers of the jurisdiction only; refused calls change nothing', async () => {
  for (const route of TIP_TRIAGE_ROUTES) {
    const url = route.path.replace(':id', c.caseId).replace(':tipId', ids.t3);
    const body = route.path.endsWith('assessment') ? { credible: true, reason: 'test' } : {};
    for (const role of ['intake_officer', 'prosecutor', 'admin'] as const) expect([url, role, (await request(h.app).post(url).set(await as(role)).send(body)).status]).toEqual([url, role, 403]);
    expect((await request(h.app).post(url).set(await as('officer', OTHER_JURISDICTION)).send(body)).status).toBe(403);
    expect((await request(h.app).post(url).send(body)).status).toBe(401);
  }
  const [t3] = (await tipsOf(h, c.caseId)).filter((t) => t.id === ids.t3);
  expect([t3.credible, t3.promotedAt]).toEqual([null, null]);
});

test('assessment: credible or not with a reason, audited by tip id; bad bodies and unknown tips refused', async () => {
  const url = `/cases/${c.caseId}/tips/${ids.t4}/assessment`;
  const bad = await request(h.app).post(url).set(await as('officer')).send({ credible: 'yes', reason: '' });
  expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, ['credible', 'reason']]);
  expect((await request(h.app).post(`/cases/${c.caseId}/tips/${randomUUID()}/assessment`).set(await as('officer')).send({ credible: true, reason: 'x' })).status).toBe(404);
  expect((await request(h.app).post(`/cases/${c.caseId}/tips/not-a-uuid/assessment`).set(await as('officer')).send({ credible: true, reason: 'x' })).status).toBe(404);

  const heardBefore = heard.length;
  const res = await request(h.app).post(url).set(await as('officer')).send({ credible: false, reason: 'The caller describes a boy' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id: ids.t4, assessment: { credible: false, reason: 'The caller describes a boy', at: expect.any(String), by: `officer-${unique}-${J}` }, promotedAt: null });
  expect(await audits('tip.assess')).toEqual([['officer', 'accepted', { jurisdiction: J, tipId: ids.t4, credible: false }]]);
  // Open consoles hear of it: the case and the kind, nothing the tip says.
  const note = await eventually(() => heard.slice(heardBefore).find((n) => (n as { caseId: string; change: string }).caseId === c.caseId && (n as { change: string }).change === 'tip'), Boolean);
  expect(note).toEqual({ caseId: c.caseId, jurisdiction: J, change: 'tip', status: 'alerting' });
});

test('promotion runs the sighting command: the search centre moves to the tip; twice is 409 and one sighting', async () => {
  const url = (name: string) => `/cases/${c.caseId}/tips/${ids[name]}/promote`;
  const res = await request(h.app).post(url('t1')).set(await as('officer')).send({});
  expect(res.status).toBe(200);
  expect([res.body.result.accepted, res.body.result.status, res.body.result.state.searchCentre, res.body.result.state.sightingsTotal]).toEqual(['sighting', 'alerting', { lat: POINTS.t1, lon: LON }, 1]);
  expect(res.body.tip).toMatchObject({ id: ids.t1, promotedAt: expect.any(String), assessment: { credible: true, reason: 'promoted to a sighting', by: `officer-${unique}-${J}` }, distanceMeters: 0 });
  expect((await liveState(h, c.caseId)).searchCentre).toEqual({ lat: POINTS.t1, lon: LON });
  const [stored] = (await tipsOf(h, c.caseId)).filter((t) => t.id === ids.t1);
  const sightings = await eventually(() => h.database.db.select().from(caseSightings).where(eq(caseSightings.caseId, c.caseId)), (rows) => rows.length === 1);
  expect([sightings[0].commandId, sightings[0].lat, sightings[0].lon, sightings[0].seenAt.toISOString()]).toEqual([stored.sightingCommandId, POINTS.t1, LON, stored.seenAt.toISOString()]);

  const again = await request(h.app).post(url('t1')).set(await as('officer')).send({});
  expect([again.status, again.body.detail]).toEqual([409, 'this tip was promoted to a sighting already']);
  // Two officers at once: one sighting.
  const both = await Promise.all([0, 1].map(async () => (await request(h.app).post(url('t2')).set(await as('officer')).send({})).status));
  expect(both.sort()).toEqual([200, 409]);
  expect((await liveState(h, c.caseId)).sightingsTotal).toBe(2);

  // A place in words only: the officer gives the point.
  const noPoint = await request(h.app).post(url('t5')).set(await as('officer')).send({});
  expect([noPoint.status, noPoint.body.errors]).toEqual([422, [{ field: 'position', reason: 'is required: this tip gives a place in words only' }]]);
  const outside = await request(h.app).post(url('t5')).set(await as('officer')).send({ position: { lat: 48.85, lon: 2.35 } });
  expect([outside.status, outside.body.errors]).toEqual([422, [{ field: 'position', reason: 'is outside the service area (Morocco)' }]]);
  const placed = await request(h.app).post(url('t5')).set(await as('officer')).send({ position: { lat: 33.6, lon: -7.61 } });
  expect([placed.status, placed.body.result.state.searchCentre, placed.body.tip.position]).toEqual([200, { lat: 33.6, lon: -7.61 }, null]);
  expect((await liveState(h, c.caseId)).searchCentre).toEqual({ lat: 33.6, lon: -7.61 });

  // A promoted tip stays credible.
  const undo = await request(h.app).post(`/cases/${c.caseId}/tips/${ids.t1}/assessment`).set(await as('officer')).send({ credible: false, reason: 'changed my mind' });
  expect(undo.status).toBe(409);
  expect((await audits('tip.promote')).map(([role, outcome, detail]) => [role, outcome, (detail as { tipId: string }).tipId]).sort()).toEqual([ids.t1, ids.t2, ids.t5].sort().map((id) => ['officer', 'accepted', id]));

  // Distances now count from the new centre.
  const after = (await list()).body;
  expect(after.counts).toEqual({ received: 5, promoted: 3, dismissed: 1 });
  expect(after.tips.find((t: { id: string }) => t.id === ids.t1).distanceMeters).toBeGreaterThan(0);
});

test('counts in /stats (by jurisdiction) and /metrics', async () => {
  const stats = await request(h.app).get(`/stats?jurisdiction=${J}`).set(await as('admin', '*'));
  expect(stats.status).toBe(200);
  expect(stats.body.tips).toEqual({ received: 5, promoted: 3, dismissed: 1 });
  expect(stats.body.cases.byJurisdiction.map((j: { jurisdiction: string; tips: unknown }) => [j.jurisdiction, j.tips])).toEqual([[J, { received: 5, promoted: 3, dismissed: 1 }]]);

  // Other suites add tips meanwhile: compare with the database when two readings agree.
  const fromDb = async () => {
    const { rows } = await h.database.pool.query<{ received: number; promoted: number; dismissed: number }>(
      `select coalesce(sum(coalesce(c.tips_received, t.received)), 0)::int as received, coalesce(sum(coalesce(c.tips_promoted, t.promoted)), 0)::int as promoted,
         coalesce(sum(coalesce(c.tips_dismissed, t.dismissed)), 0)::int as dismissed
       from cases c left join (select case_id, count(*) as received, count(promoted_at) as promoted, count(*) filter (where credible = false) as dismissed from case_tips group by case_id) t on t.case_id = c.id`,
    );
    return rows[0];
  };
  const fromMetrics = async () => {
    const body = (await request(h.app).get('/metrics')).text;
    return Object.fromEntries([...body.matchAll(/^mca_tips\{outcome="([a-z]+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
  };
  const { scraped, database } = await scrapeBetweenAgreeingReadings(fromDb, fromMetrics);
  expect(scraped).toEqual(database);
  expect(database.received).toBeGreaterThanOrEqual(5);
});

test('the purge deletes the tips with the case; the counts stay', async () => {
  expect((await request(h.app).post(`/cases/${c.caseId}/found`).set(await as('officer')).send({ condition: 'unharmed' })).status).toBe(200);
  await eventually(async () => (await h.database.db.select().from(cases).where(eq(cases.id, c.caseId)))[0], (r) => r.personalDataPurgedAt !== null, 60_000);
  expect(await tipsOf(h, c.caseId)).toEqual([]);
  const [row] = await h.database.db.select().from(cases).where(eq(cases.id, c.caseId));
  expect([row.tipsReceived, row.tipsPromoted, row.tipsDismissed]).toEqual([5, 3, 1]);
  const [purge] = await audits('case.purge_personal_data');
  expect(purge[2]).toMatchObject({ tips: 5 });
  const stats = await request(h.app).get(`/stats?jurisdiction=${J}`).set(await as('admin', '*'));
  expect(stats.body.tips).toEqual({ received: 5, promoted: 3, dismissed: 1 });
  const after = await list();
  expect([after.status, after.body]).toEqual([200, { tips: [], counts: { received: 5, promoted: 3, dismissed: 1 } }]);
});
