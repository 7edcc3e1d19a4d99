/**
 * The operator console as the API serves it (api/console/): the built page under /console/ with its
 * Content-Security-Policy and caching, the client-side routes' fallback, `GET /` leading a browser
 * there, and the development sign-in (POST /dev/sign-in), present only in development.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig, type Config } from '../../config/env';
import { CONSOLE_DIST, ensureConsoleBuild } from '../../devtools/console-build';
import { bearer, startApiHarness, type ApiHarness } from './harness';

jest.setTimeout(120_000);

let h: ApiHarness;
let devApp: Express;
const appWith = (config: Partial<Config>, devSignIn = true) =>
  createApp({ config: { ...h.config, ...config }, client: h.client, db: h.database.db, probes: [], devSignIn, logError: (err) => h.loggedErrors.push(err) });

beforeAll(async () => {
  // The test servers build it before jest (scripts/test-servers.ts); alone, this test builds it once.
  if (!fs.existsSync(path.join(CONSOLE_DIST, 'index.html'))) await ensureConsoleBuild(() => undefined);
  h = await startApiHarness('api-console', { worker: false });
  devApp = appWith({ NODE_ENV: 'development' });
});

afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

const indexHtml = () => fs.readFileSync(path.join(CONSOLE_DIST, 'index.html'), 'utf8');
const directives = (csp: string) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

test('/console/ serves the built page, revalidated on every load, under a self-only policy with no inline script', async () => {
  const res = await request(h.app).get('/console/');
  expect(res.status).toBe(200);
  expect(res.type).toBe('text/html');
  expect(res.text).toBe(indexHtml());
  expect(res.headers['cache-control']).toBe('no-cache');
  const csp = directives(res.headers['content-security-policy']);
  expect(csp).toEqual(
    expect.objectContaining({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'blob:'],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
      'object-src': ["'none'"],
    }),
  );
  expect(Object.values(csp).flat().filter((v) => /unsafe|data:|https?:|\*/.test(v))).toEqual([]);
  // What the policy must allow: every script and stylesheet is a file of this origin.
  const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    expect(attributes).toMatch(/src="\/console\/assets\/[^"]+\.js"/);
    expect(body.trim()).toBe('');
  }
  expect(res.text).not.toMatch(/<style|style=/);
  // The rest of the API keeps helmet's own policy.
  const docs = await request(h.app).get('/docs');
  expect(docs.headers['content-security-policy']).not.toBe(res.headers['content-security-policy']);
});

test('a hashed asset is cached for a year, immutable; a missing asset is a 404, never the page', async () => {
  const entry = /src="\/console\/(assets\/[^"]+\.js)"/.exec(indexHtml())![1];
  const res = await request(h.app).get(`/console/${entry}`);
  expect(res.status).toBe(200);
  expect(res.type).toBe('text/javascript');
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  const missing = await request(h.app).get('/console/assets/index-00000000.js');
  expect(missing.status).toBe(404);
  expect(missing.type).toBe('application/problem+json');
  const favicon = await request(h.app).get('/console/favicon.svg');
  expect([favicon.status, favicon.headers['cache-control']]).toEqual([200, 'no-cache']);
});

test('a client-side route falls back to the page; /console gains its slash', async () => {
  for (const route of ['/console/x/y', '/console/cases', '/console/sign-in?lng=ar']) {
    const res = await request(h.app).get(route).set('Accept', 'text/html');
    expect([route, res.status, res.type, res.headers['cache-control']]).toEqual([route, 200, 'text/html', 'no-cache']);
    expect(res.text).toBe(indexHtml());
  }
  const bare = await request(h.app).get('/console');
  expect([bare.status, bare.headers.location]).toEqual([301, '/console/']);
});

test('GET / leads a browser to the console; other clients keep the JSON answer', async () => {
  const browser = await request(h.app).get('/').set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
  expect([browser.status, browser.headers.location]).toEqual([302, '/console/']);
  expect(browser.headers.vary).toMatch(/Accept/);
  for (const accept of ['application/json', '*/*']) {
    const client = await request(h.app).get('/').set('Accept', accept);
    expect([accept, client.status, client.type]).toEqual([accept, 404, 'application/problem+json']);
  }
});

test('development: POST /dev/sign-in gives a short-lived token the API accepts, with the chosen claims', async () => {
  const config = await request(devApp).get('/console/config.json');
  expect(config.body.auth).toEqual(expect.objectContaining({ mode: 'development', signInPath: '/dev/sign-in', national: '*' }));

  const res = await request(devApp).post('/dev/sign-in').send({ role: 'prosecutor', jurisdiction: 'MA-06' });
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body.principal).toEqual({ sub: 'dev-prosecutor', role: 'prosecutor', jurisdiction: 'MA-06' });
  const claims = decodeJwt(res.body.token);
  expect(claims).toEqual(expect.objectContaining({ sub: 'dev-prosecutor', role: 'prosecutor', jurisdiction: 'MA-06' }));
  expect(claims.exp! - claims.iat!).toBe(3600);
  expect(Date.parse(res.body.expiresAt)).toBe(claims.exp! * 1000);
  // The API verifies it like any token of that secret: a prosecutor may list pending approvals.
  expect((await request(devApp).get('/approvals/pending').set(bearer(res.body.token))).status).toBe(200);

  const national = await request(devApp).post('/dev/sign-in').send({ role: 'admin', jurisdiction: '*', sub: 'amina' });
  expect([national.status, national.body.principal]).toEqual([200, { sub: 'amina', role: 'admin', jurisdiction: '*' }]);
});

test('development: a bad sign-in body is a 400 that names the field', async () => {
  const cases: Array<[unknown, string]> = [
    [{ role: 'chief', jurisdiction: 'MA-06' }, 'role'],
    [{ role: 'officer', jurisdiction: 'MA 06!' }, 'jurisdiction'],
    [{ role: 'officer' }, 'jurisdiction'],
    [{ role: 'officer', jurisdiction: 'MA-06', sub: '' }, 'sub'],
    [{ role: 'officer', jurisdiction: 'MA-06', admin: true }, 'admin'],
  ];
  for (const [body, field] of cases) {
    const res = await request(devApp).post('/dev/sign-in').send(body as object);
    expect([field, res.status, res.type]).toEqual([field, 400, 'application/problem+json']);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(res.body.detail).toContain(field);
  }
});

test('the development sign-in does not exist in production, with an identity provider, or with an installation secret', async () => {
  const apps: Array<[string, Express]> = [
    ['production', appWith({ NODE_ENV: 'production' })],
    ['JWKS', appWith({ NODE_ENV: 'development', AUTH_JWKS_URL: 'https://idp.example.org/jwks' })],
    ['own secret', h.app],
  ];
  for (const [label, app] of apps) {
    const res = await request(app).post('/dev/sign-in').send({ role: 'admin', jurisdiction: '*' });
    expect([label, res.status]).toEqual([label, 404]);
    const config = await request(app).get('/console/config.json');
    expect([label, config.body.auth]).toEqual([label, { mode: 'unavailable' }]);
  }
  // Production browsers are told to upgrade to HTTPS; a plain-HTTP development machine is not.
  expect((await request(apps[0][1]).get('/console/')).headers['content-security-policy']).toContain('upgrade-insecure-requests');
  expect((await request(devApp).get('/console/')).headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
});

test('with an OpenID provider: config.json gives its issuer, client, scope and the redirect URI; connect-src adds the issuer origin only', async () => {
  const oidc = {
    NODE_ENV: 'production' as const,
    AUTH_JWKS_URL: 'https://idp.police.example/realms/staff/protocol/openid-connect/certs',
    AUTH_OIDC_ISSUER: 'https://idp.police.example/realms/staff',
    AUTH_OIDC_CLIENT_ID: 'operator-console',
    AUTH_OIDC_SCOPE: 'openid profile',
    publicBaseUrl: 'https://alerts.police.example',
  };
  // The development sign-in never wins over it, even when asked for.
  const app = appWith(oidc, true);
  const config = await request(app).get('/console/config.json');
  expect(config.body.auth).toEqual({
    mode: 'oidc',
    issuer: 'https://idp.police.example/realms/staff',
    clientId: 'operator-console',
    scope: 'openid profile',
    redirectUri: 'https://alerts.police.example/console/',
  });
  expect((await request(app).post('/dev/sign-in').send({ role: 'admin', jurisdiction: '*' })).status).toBe(404);
  const csp = directives((await request(app).get('/console/')).headers['content-security-policy']);
  expect(csp['connect-src']).toEqual(["'self'", 'https://idp.police.example']);
  // Silent renew uses the refresh token: no frame of the provider in the page.
  expect(csp['frame-src']).toBeUndefined();
  expect(csp['default-src']).toEqual(["'none'"]);
});

test('the map: the outline alone and no other image origin by default; a tile server named by MAP_TILE_URL reaches config.json and img-src, nothing else', async () => {
  const plain = await request(h.app).get('/console/config.json');
  expect(plain.body.map.tiles).toBeUndefined();
  expect(plain.body.map.country.polygon.length).toBeGreaterThan(3);
  expect(directives(plain.headers['content-security-policy'])['img-src']).toEqual(["'self'", 'blob:']);

  const url = 'https://tiles.example.org/{z}/{x}/{y}.png';
  const tiled = await request(appWith({ MAP_TILE_URL: url, MAP_TILE_ATTRIBUTION: '© Example tiles' })).get('/console/config.json');
  expect(tiled.body.map.tiles).toEqual({ url, attribution: '© Example tiles' });
  const csp = directives(tiled.headers['content-security-policy']);
  expect(csp['img-src']).toEqual(["'self'", 'blob:', 'https://tiles.example.org']);
  expect(csp['connect-src']).toEqual(["'self'"]);
});

test('MAP_TILE_URL: a template without {z}/{x}/{y}, with {s}, or without its attribution stops start-up naming the variable', () => {
  const load = (env: Record<string, string>) => () => loadConfig({ ...process.env, ...env });
  expect(load({ MAP_TILE_URL: 'https://tiles.example.org/tile.png', MAP_TILE_ATTRIBUTION: 'x' })).toThrow(/MAP_TILE_URL/);
  expect(load({ MAP_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: 'x' })).toThrow(/MAP_TILE_URL/);
  expect(load({ MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' })).toThrow(/MAP_TILE_ATTRIBUTION/);
});
