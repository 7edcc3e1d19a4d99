/** /openapi.json (valid OpenAPI 3.x, every route), /docs served offline, /metrics, rate limits, headers. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { bearer, JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';
import { API_ROUTES, PUBLIC_ROUTES, TIP_TRIAGE_ROUTES } from './route-table';
import { scrapeBetweenAgreeingReadings } from '../helpers/metrics';
import { createApp } from '../../api/app';
import { loadConfig, type Config } from '../../config/env';

let h: ApiHarness;

beforeAll(async () => {
  // No worker: nothing here starts a case. A low write limit, so that 429 is reachable.
  h = await startApiHarness('api-docs', { worker: false, env: { API_WRITE_RATE_LIMIT: '3', API_WRITE_RATE_WINDOW: '1m' } });
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

const toOpenApi = (p: string) => p.replace(/:([A-Za-z]+)/g, '{$1}');

test('the OpenAPI document validates as OpenAPI 3.x and lists exactly the routes the API serves', async () => {
  const res = await request(h.app).get('/openapi.json');
  expect(res.status).toBe(200);
  const doc = res.body;
  expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  // The validator is ESM-only: run its CLI in a child process rather than inside jest's CommonJS runtime.
  const cli = path.join(path.dirname(require.resolve('@seriousme/openapi-schema-validator/package.json')), 'bin', 'validate-api-cli.js');
  const output = execFileSync(process.execPath, [cli, file], { encoding: 'utf8' });
  expect(JSON.parse(output)).toEqual({ valid: true });

  const documented = Object.entries(doc.paths as Record<string, Record<string, { 'x-roles': string[]; security: unknown[] }>>).flatMap(([p, ops]) =>
    Object.keys(ops).map((method) => `${method} ${p}`),
  );
  const expected = [...API_ROUTES, ...TIP_TRIAGE_ROUTES, ...PUBLIC_ROUTES].map((r) => `${r.method} ${toOpenApi(r.path)}`);
  expect(documented.sort()).toEqual(expected.sort());
  for (const route of [...API_ROUTES, ...TIP_TRIAGE_ROUTES]) {
    const op = doc.paths[toOpenApi(route.path)][route.method];
    expect([route.path, op['x-roles'].sort()]).toEqual([route.path, [...(route.roles as string[])].sort()]);
    expect(op.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining([String(route.success), '401', '403']));
  }
  expect(doc.components.schemas.CaseReport.additionalProperties).toBe(false);
});

test('every documented route is served: protected ones answer 401 without a token, public ones 200', async () => {
  for (const route of [...API_ROUTES, ...TIP_TRIAGE_ROUTES]) {
    const res = await request(h.app)[route.method](route.path.replace(':id', '00000000-0000-4000-8000-000000000000'));
    expect([route.path, res.status]).toEqual([route.path, 401]);
  }
  for (const route of PUBLIC_ROUTES.filter((r) => r.method === 'get' && r.path !== '/readyz' && !r.path.includes(':'))) {
    const res = await request(h.app).get(route.path);
    expect([route.path, res.status]).toEqual([route.path, 200]);
  }
  const unknownMessage = await request(h.app).get('/alerts/mca-00000000-0000-4000-8000-000000000000-1.xml');
  expect([unknownMessage.status, unknownMessage.headers['content-type']]).toEqual([404, 'application/problem+json; charset=utf-8']);
});

test('/docs works offline: every asset it references is served by the API itself', async () => {
  const page = await request(h.app).get('/docs');
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  const refs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(refs.length).toBeGreaterThanOrEqual(4);
  expect(page.text).not.toMatch(/https?:\/\//);
  for (const ref of refs) {
    expect(ref.startsWith('/')).toBe(true);
    const asset = await request(h.app).get(ref);
    expect([ref, asset.status]).toEqual([ref, 200]);
    expect(asset.text.length + (asset.body?.length ?? 0)).toBeGreaterThan(20);
  }
  expect((await request(h.app).get('/docs/init.js')).text).toContain("url: '/openapi.json'");
});

test('/metrics: request counts and latency by route template and status, cases by status, alert messages', async () => {
  const read = (body: string, series: string) => Number(new RegExp(`^${series.replace(/[{}()[\]./\\^$|?*+]/g, '\\$&')} (\\d+)$`, 'm').exec(body)?.[1] ?? 0);
  const counter = 'mca_http_requests_total{method="GET",route="/openapi.json",status="200"}';
  const histogram = 'mca_http_request_duration_seconds_count{method="GET",route="/openapi.json",status="200"}';
  const before = (await request(h.app).get('/metrics')).text;
  for (let i = 0; i < 3; i += 1) await request(h.app).get('/openapi.json');
  await request(h.app).get('/cases/00000000-0000-4000-8000-000000000000');
  const text = (await request(h.app).get('/metrics')).text;
  expect(read(text, counter) - read(before, counter)).toBe(3);
  expect(read(text, histogram) - read(before, histogram)).toBe(3);
  expect(text).toMatch(/mca_http_requests_total\{method="GET",route="\/cases\/:id",status="401"\} [1-9]/);

  // Other suites write cases meanwhile: compare with the database when two readings agree.
  const fromDb = async () => {
    const { rows } = await h.database.db.execute<{ status: string; n: string }>(sql`select status, count(*) as n from cases group by status`);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  };
  const fromMetrics = async () => {
    const body = (await request(h.app).get('/metrics')).text;
    return Object.fromEntries([...body.matchAll(/^mca_cases\{status="([a-z_]+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
  };
  const { scraped, database } = await scrapeBetweenAgreeingReadings(fromDb, fromMetrics);
  expect(scraped).toEqual(database);
  expect(text).toContain('# TYPE mca_alert_messages gauge');
  expect(text).toContain('# TYPE mca_time_to_first_alert_seconds gauge');
});

test('/metrics behind METRICS_TOKEN (401 without or with another), off in production without one (404); its aggregates reused for METRICS_CACHE_TTL', async () => {
  const token = 'metrics-token-0123456789abcdef';
  const appWith = (config: Partial<Config>) => createApp({ config: { ...h.config, ...config }, client: h.client, db: h.database.db, probes: [], logError: (err) => h.loggedErrors.push(err) });
  const guarded = appWith({ METRICS_TOKEN: token, METRICS_CACHE_TTL: 3_600_000 });
  const none = await request(guarded).get('/metrics');
  expect([none.status, none.headers['www-authenticate'], none.body.detail]).toEqual([401, 'Bearer realm="metrics"', '/metrics needs the bearer token METRICS_TOKEN']);
  expect((await request(guarded).get('/metrics').set('Authorization', `Bearer ${token.replace('0', '1')}`)).status).toBe(401);
  const scrape = () => request(guarded).get('/metrics').set('Authorization', `Bearer ${token}`);
  const first = await scrape();
  expect([first.status, first.headers['cache-control']]).toEqual([200, 'no-store']);
  // A case more in the database; the cached aggregate does not see it within the TTL.
  const cases = (body: string) => [...body.matchAll(/^mca_cases\{status="([a-z_]+)"\} (\d+)$/gm)].map((m) => `${m[1]}=${m[2]}`).join(',');
  await h.database.db.execute(sql`insert into cases (id, status, jurisdiction, reporting_unit_id, consent_to_publish, received_at) values (gen_random_uuid(), 'closed', 'MA-99', 'METRICS-CACHE', false, now())`);
  expect(cases((await scrape()).text)).toBe(cases(first.text));
  await h.database.db.execute(sql`delete from cases where reporting_unit_id = 'METRICS-CACHE'`);

  const production = appWith({ NODE_ENV: 'production' });
  expect((await request(production).get('/metrics')).status).toBe(404);
  expect(() => loadConfig({ ...process.env, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 24 characters/);
});

test('writes are rate-limited per caller: 429 with Retry-After, other callers unaffected', async () => {
  const noisy = bearer(await tokenFor('intake_officer', JURISDICTION, 'noisy-caller'));
  for (let i = 0; i < 3; i += 1) expect((await request(h.app).post('/cases').set(noisy).send({})).status).toBe(422);
  const limited = await request(h.app).post('/cases').set(noisy).send({});
  expect(limited.status).toBe(429);
  expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  const quiet = bearer(await tokenFor('intake_officer', JURISDICTION, 'quiet-caller'));
  expect((await request(h.app).post('/cases').set(quiet).send({})).status).toBe(422);
  // Reads have a budget of their own (test/api/read-rate-limit.test.ts).
  expect((await request(h.app).get('/cases').set(noisy)).status).toBe(200);
});

test('security headers on every response, and no internals in errors', async () => {
  for (const res of [await request(h.app).get('/cases'), await request(h.app).get('/nowhere'), await request(h.app).get('/healthz')]) {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  }
});
