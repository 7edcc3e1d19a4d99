/**
 * Property: whatever a caller sends (random JSON, a valid report with any field replaced by random
 * data, random ids, random query strings), the API answers with a 4xx or a success, never a 5xx.
 */
import fc from 'fast-check';
import request from 'supertest';
import { makeReport } from '../helpers/fixtures';
import { bearer, createCaseAwaitingApproval, JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';

let h: ApiHarness;
let target: string;
const tokens: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  h = await startApiHarness('api-fuzz');
  target = (await createCaseAwaitingApproval(h)).caseId;
  for (const role of ['intake_officer', 'prosecutor', 'officer'] as const) tokens[role] = bearer(await tokenFor(role, JURISDICTION, `fuzz-${role}`));
});

afterAll(async () => {
  await h?.close();
});

const RUNS = 60;

/** Any JSON value, strings drawn from all of Unicode (lone surrogates and NUL included). */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const nastyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 300 }), fc.constantFrom('', ' ', '\u0000', '\ud800', '9'.repeat(400), '1e400', '-0'));
const nastyValue = fc.oneof(nastyString, anyJson, fc.double(), fc.integer(), fc.constant(null), fc.boolean());

/** Every path into a valid report, objects and arrays included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function mutate(base: unknown, path: string[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy: Record<string, unknown> = Array.isArray(base) ? ([...base] as unknown as Record<string, unknown>) : { ...(base as Record<string, unknown>) };
  const [head, ...rest] = path;
  if (rest.length === 0 && remove) delete copy[head];
  else copy[head] = mutate(copy[head], rest, replacement, remove);
  return copy;
}

const template = makeReport();
const reportPaths = paths(template);
const mutatedReport = fc.tuple(fc.constantFrom(...reportPaths), nastyValue, fc.boolean()).map(([path, value, remove]) => mutate(makeReport(), path, value, remove));

/** Percent-encodes any string, lone surrogates included, and sometimes raw bytes that are not UTF-8. */
function pathSegment(id: string, rawBytes: Uint8Array | null): string {
  if (rawBytes) return [...rawBytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return [...Buffer.from(id, 'utf8')].map((b) => (/[A-Za-z0-9_~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
}

function expectNo5xx(res: request.Response, label: string): void {
  if (res.status >= 500) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
  if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

const writes = [
  { path: () => '/cases', role: 'intake_officer' },
  { path: () => `/cases/${target}/approval`, role: 'prosecutor' },
  { path: () => `/cases/${target}/sightings`, role: 'officer' },
  { path: () => `/cases/${target}/found`, role: 'officer' },
  { path: () => `/cases/${target}/close`, role: 'prosecutor' },
];

test('random JSON bodies on every write route never yield a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...writes), anyJson, async (route, body) => {
      const res = await request(h.app).post(route.path()).set(tokens[route.role]).set('Content-Type', 'application/json').send(JSON.stringify(body));
      expectNo5xx(res, `POST ${route.path()}`);
    }),
    { numRuns: RUNS },
  );
});

test('a valid report with any one field replaced by random data (or removed) never yields a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(mutatedReport, fc.option(nastyString.filter((s) => /^[\x20-\x7e]*$/.test(s))), async (body, key) => {
      const req = request(h.app).post('/cases').set(tokens.intake_officer).set('Content-Type', 'application/json');
      if (key !== null) req.set('Idempotency-Key', key);
      const res = await req.send(JSON.stringify(body));
      expectNo5xx(res, 'POST /cases');
      // 400: the whole body replaced by a bare JSON scalar, which the strict parser refuses.
      expect([200, 201, 400, 403, 422]).toContain(res.status);
    }),
    { numRuns: RUNS * 2 },
  );
});

test('random signal bodies built from the valid shapes never yield a 5xx', async () => {
  const shapes = [
    { location: { lat: 33.6, lon: -7.6 }, seenAt: new Date().toISOString(), note: 'x' },
    { foundAt: new Date().toISOString(), location: { lat: 33.6, lon: -7.6 }, condition: 'unharmed', note: 'x' },
  ];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(0, 1), fc.constantFrom('seenAt', 'foundAt', 'location', 'note', 'condition', 'lat'), nastyValue, async (i, field, value) => {
      const body = field === 'lat' ? { ...shapes[i], location: { lat: value, lon: -7.6 } } : { ...shapes[i], [field]: value };
      // Sightings only: a valid found would end the target case for the rest of the run.
      const res = await request(h.app).post(`/cases/${target}/sightings`).set(tokens.officer).send(i === 0 ? body : { ...body, condition: undefined });
      expectNo5xx(res, 'POST sightings');
    }),
    { numRuns: RUNS },
  );
});

test('random ids and query strings never yield a 5xx; a malformed id is 404', async () => {
  await fc.assert(
    fc.asyncProperty(nastyString, fc.option(fc.uint8Array({ minLength: 1, maxLength: 12 })), fc.dictionary(fc.string({ maxLength: 10 }), nastyString, { maxKeys: 4 }), async (id, raw, query) => {
      const segment = pathSegment(id, raw);
      const byId = await request(h.app).get(`/cases/${segment}`).set(tokens.officer);
      expectNo5xx(byId, 'GET /cases/:id');
      // '', '.' and '..' collapse to other URLs (the list, the root); every other id names no case.
      if (!/^(\.|%2e){0,2}$/i.test(segment) && byId.status !== 400) expect(byId.status).toBe(404);
      const qs = new URLSearchParams(query).toString();
      expectNo5xx(await request(h.app).get(`/cases?${qs}`).set(tokens.officer), 'GET /cases');
      expectNo5xx(await request(h.app).get(`/approvals/pending?${qs}`).set(tokens.prosecutor), 'GET /approvals/pending');
      expectNo5xx(await request(h.app).get(`/cases/${segment}/alerts`).set(tokens.officer), 'GET alerts');
    }),
    { numRuns: RUNS },
  );
  expect(h.loggedErrors).toEqual([]);
});
