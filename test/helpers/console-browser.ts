/**
 * The console in a real browser, for the browser tests (test/browser/): the real API on an HTTP port
 * with a real worker (startApiHarness), signing in through a real OpenID provider on loopback
 * (oidc-provider.ts) whose tokens the API verifies by its JWKS, and Debian's Chromium driven by
 * playwright-core, one browser per file and one context per user.
 *
 * Every page records what would be a defect in front of a user: console errors, uncaught errors,
 * Content-Security-Policy violations. Screenshots go to DATA_DIR/screenshots/ (.data/ by default).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CONSOLE_DIST } from '../../devtools/console-build';
import { resolveDataDir } from '../../devtools/paths';
import { startApiHarness, type ApiHarness } from '../api/harness';
import { OIDC_AUDIENCE, OIDC_CLIENT_ID, OIDC_PASSWORD, OIDC_SCOPE, startOidcProvider, type OidcLogin, type OidcProvider } from './oidc-provider';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(resolveDataDir(process.env.DATA_DIR ?? '.data'), 'screenshots');

export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;
export type Language = 'fr' | 'ar' | 'en';

export interface ConsoleStack {
  /** `http://127.0.0.1:<port>`: the API, serving the console under /console/. */
  base: string;
  h: ApiHarness;
  idp: OidcProvider;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsoleStack(label: string, options: { accessTokenTtl?: number } = {}): Promise<ConsoleStack> {
  if (!fs.existsSync(path.join(CONSOLE_DIST, 'index.html'))) throw new Error('console/dist is missing: the test servers build it (npm run console:build)');
  // The port first: the provider's client redirects to it, and the API's PUBLIC_BASE_URL names it.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp = await startOidcProvider({ redirectUri: `${base}/console/`, accessTokenTtl: options.accessTokenTtl });
  const h = await startApiHarness(label, {
    // GET /events: every open console hears each change.
    liveUpdates: true,
    env: {
      PUBLIC_BASE_URL: base,
      // Production's way: no shared secret, the provider's keys only.
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_JWT_ISSUER: idp.issuer,
      AUTH_JWT_AUDIENCE: OIDC_AUDIENCE,
      AUTH_OIDC_ISSUER: idp.issuer,
      AUTH_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
      AUTH_OIDC_SCOPE: OIDC_SCOPE,
    },
  });
  server.on('request', h.app);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    base,
    h,
    idp,
    browser,
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await idp.close();
      await h.close();
    },
  };
}

export interface User {
  context: BrowserContext;
  page: Page;
  lng: Language;
  viewport: ViewportName;
  /** Defects seen so far on this user's pages. */
  problems: string[];
  /** The bearer token of the console's latest API call (what the API was shown). */
  token(): string | undefined;
}

export async function newUser(stack: ConsoleStack, lng: Language = 'fr', viewport: ViewportName = 'desktop'): Promise<User> {
  const context = await stack.browser.newContext({ ...VIEWPORTS[viewport], locale: lng === 'ar' ? 'ar-MA' : `${lng}-MA` });
  const page = await context.newPage();
  const problems: string[] = [];
  let token: string | undefined;
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('request', (req) => {
    const auth = req.headers().authorization;
    if (req.url().startsWith(stack.base) && auth?.startsWith('Bearer ')) token = auth.slice('Bearer '.length);
  });
  // A violation is logged as a console error too; this names the directive.
  // (Strings run in the page: the root tsconfig has no DOM types.)
  await context.addInitScript("document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))");
  return { context, page, lng, viewport, problems, token: () => token };
}

/**
 * Opens `route` of the console, signs in at the provider as `login`, and waits to be back on it.
 * `keyboard`: every step by keys only (Tab to the button, Enter; typing; Enter).
 */
export async function signIn(stack: ConsoleStack, user: User, login: OidcLogin, route = '/cases', options: { keyboard?: boolean } = {}): Promise<void> {
  const { page } = user;
  await page.goto(`${stack.base}/console${route}${route.includes('?') ? '&' : '?'}lng=${user.lng}`);
  const button = page.locator('.sign-in button.button--primary');
  await button.waitFor();
  if (options.keyboard) {
    await tabTo(page, button);
    await page.keyboard.press('Enter');
  } else {
    await button.click();
  }
  const loginField = page.locator('#login');
  await loginField.waitFor();
  if (options.keyboard) {
    // The provider's page puts the focus on the login field.
    await page.keyboard.type(login);
    await page.keyboard.press('Tab');
    await page.keyboard.type(OIDC_PASSWORD);
    await page.keyboard.press('Enter');
  } else {
    await loginField.fill(login);
    await page.locator('#password').fill(OIDC_PASSWORD);
    await page.locator('button[type=submit]').click();
  }
  await page.locator('.app-header__who').waitFor();
  const pathname = route.split('?')[0];
  await page.waitForURL((url) => url.origin === stack.base && url.pathname === `/console${pathname}`);
}

/** Presses Tab until `target` has the focus (at most 40 times), as a keyboard user would. */
export async function tabTo(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Sideways overflow of the page, in pixels (a phone layout must have none). */
export const sidewaysOverflow = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));

/** `<screen>-<lng>-<phone|desktop>-<w>x<h>.png` in SCREENSHOTS; returns its path. */
export async function screenshot(user: User, screen: string, fullPage = true): Promise<string> {
  const { width, height } = VIEWPORTS[user.viewport].viewport;
  const file = path.join(SCREENSHOTS, `${screen}-${user.lng}-${user.viewport}-${width}x${height}.png`);
  await user.page.screenshot({ path: file, fullPage });
  return file;
}

/** The map has drawn its layers and Leaflet's fit animation has ended (no fixed pause). */
export async function mapSettled(page: Page): Promise<void> {
  await page.locator('.leaflet-overlay-pane path').first().waitFor();
  await leafletIdle(page);
}

/**
 * The page's globals, for functions that run in the page (the root tsconfig has no DOM globals; the
 * function travels as its source text, so it can name nothing of this file but types).
 */
export type PageGlobals = { document: { querySelector(s: string): unknown; querySelectorAll(s: string): { length: number } } };

/**
 * No Leaflet animation runs. A function, never a string: Playwright polls a string predicate with
 * eval, which the console's Content-Security-Policy (rightly) refuses.
 */
const leafletIdle = (page: Page) => page.waitForFunction(() => !(globalThis as unknown as PageGlobals).document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim'));

export interface GeoPoint {
  lat: number;
  lon: number;
}

const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));

/**
 * Clicks `map` (a `.map` element) where `point` is. Leaflet draws the country outline (the map's base
 * layer, from /console/config.json) as one SVG path: its box on screen is the outline's bounds in Web
 * Mercator, so any point maps to a pixel from it.
 */
export async function clickMapAt(page: Page, map: ReturnType<Page['locator']>, polygon: Array<[number, number]>, point: GeoPoint): Promise<void> {
  await map.scrollIntoViewIfNeeded();
  await leafletIdle(page);
  const outline = map.locator('.leaflet-overlay-pane path[stroke="#1f4f7a"]').first();
  const box = await outline.boundingBox();
  if (!box) throw new Error('the map has no country outline');
  const lats = polygon.map(([lat]) => lat);
  const lons = polygon.map(([, lon]) => lon);
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const [top, bottom] = [mercatorY(Math.max(...lats)), mercatorY(Math.min(...lats))];
  // Leaflet pads the path's box by its stroke weight (1.5 px): within a pixel.
  const x = box.x + ((point.lon - minLon) / (maxLon - minLon)) * box.width;
  const y = box.y + ((top - mercatorY(point.lat)) / (top - bottom)) * box.height;
  await page.mouse.click(x, y);
}
