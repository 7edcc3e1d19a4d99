/**
 * What the browser tests of the screens share (test/browser/console-screens-*.test.ts, console-access):
 * a console stack per file with three sample cases made through the API with the tokens the console
 * itself was given at sign-in (an awaiting one, an alerting one with a sighting, a found one); users
 * signed in at the loopback OpenID provider; a screen checked on a phone and a desktop (screenshot,
 * sideways overflow, axe-core); in-app navigation (a reload would sign in again).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import request from 'supertest';
import ar from '../../console/src/locales/ar.json';
import fr from '../../console/src/locales/fr.json';
import { bearer } from '../api/harness';
import {
  mapSettled,
  newUser,
  screenshot,
  seriousViolations,
  sidewaysOverflow,
  signIn,
  startConsoleStack,
  VIEWPORTS,
  type ConsoleStack,
  type Language,
  type PageGlobals,
  type User,
} from './console-browser';
import { makeReport } from './fixtures';
import type { OidcLogin } from './oidc-provider';
import { waitForState } from './worker';
import { workflowIdForCase } from '../../workflows/contract';
import { cases as caseRows } from '../../db/schema';


export let stack: ConsoleStack;
export const users: User[] = [];
export const tokens: Partial<Record<OidcLogin, string>> = {};
/** awaiting: waits for a decision; alerting: approved, with a sighting; found: ended. */
export const cases = { awaiting: '', alerting: '', found: '' };

export async function signedIn(login: OidcLogin, lng: Language = 'fr', route = '/cases'): Promise<User> {
  const user = await newUser(stack, lng);
  users.push(user);
  await signIn(stack, user, login, route);
  await user.page.locator('.cases-table, p.empty, main h1').first().waitFor();
  tokens[login] = user.token();
  return user;
}

export const api = () => request(stack.h.app);
async function command(login: OidcLogin, caseId: string, path: string, body: object) {
  const res = await api().post(`/cases/${caseId}/${path}`).set(bearer(tokens[login]!)).send(body);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
}
const portrait = () => sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 90, g: 120, b: 160 } } }).jpeg().toBuffer();

/** The image has loaded (an object URL from the API client or the file picker). */
const photoShown = (user: User, selector: string) =>
  user.page.waitForFunction((s) => ((globalThis as unknown as PageGlobals).document.querySelector(s) as { naturalWidth: number } | null)?.naturalWidth === 300, selector);

/** A report with one photo uploaded (a plain portrait-shaped image), as the console's form sends it. */
async function report(): Promise<string> {
  const photo = await portrait();
  const res = await api()
    .post('/cases')
    .set(bearer(tokens['intake-ma06']!))
    .set('Idempotency-Key', randomUUID())
    .field('report', JSON.stringify({ ...makeReport(), child: { ...makeReport().child, photoUrls: [] } }))
    .attach('photos', photo, { filename: 'photo.jpg', contentType: 'image/jpeg' });
  if (res.status !== 201) throw new Error(`intake: ${res.status} ${JSON.stringify(res.body)}`);
  const caseId = res.body.caseId as string;
  await waitForState(stack.h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.status === 'awaiting_approval');
  return caseId;
}

/** The case's public page reference (`/a/<ref>`). */
export async function publicRefOf(caseId: string): Promise<string> {
  const [row] = await stack.h.database.db.select({ ref: caseRows.publicRef }).from(caseRows).where(eq(caseRows.id, caseId));
  return row.ref;
}

/** Call at the top of a test file: one stack, its sample cases, and the checks after each test. */
export function useConsoleSamples(label: string): void {
beforeAll(async () => {
  stack = await startConsoleStack(label);
  // The tokens the console got from the provider (the API verifies them by its JWKS).
  const seeders = await Promise.all((['intake-ma06', 'prosecutor-ma06', 'officer-ma06'] as const).map((login) => signedIn(login)));
  [cases.awaiting, cases.alerting, cases.found] = await Promise.all([report(), report(), report()]);
  for (const id of [cases.alerting, cases.found]) await command('prosecutor-ma06', id, 'approval', { decision: 'approve' });
  await command('officer-ma06', cases.alerting, 'sightings', { location: { lat: 33.6, lon: -7.55 }, seenAt: new Date().toISOString() });
  await command('officer-ma06', cases.found, 'found', { location: { lat: 33.58, lon: -7.6 } });
  // Tips from the public on the alerting case: two points close together (one group), one place in words.
  const ref = await publicRefOf(cases.alerting);
  const seenAt = new Date(Date.now() - 20 * 60_000).toISOString();
  for (const tip of [
    { lat: 33.601, lon: -7.552, description: 'Une fillette en robe jaune avec un homme, devant la pharmacie.', phone: '+212 600 00 00 09', callbackConsent: true },
    { lat: 33.603, lon: -7.55, description: 'Un homme tenait une petite fille par la main, elle pleurait.' },
    { place: 'Arrêt de tram Place Mohammed V', description: 'Je crois l’avoir vue monter dans le tram vers Aïn Diab.' },
  ]) {
    const res = await api().post('/public/tips').send({ alert: ref, seenAt, ...tip });
    if (res.status !== 202) throw new Error(`tip: ${res.status} ${JSON.stringify(res.body)}`);
  }
  await Promise.all(seeders.map((u) => u.context.close()));
});

afterAll(async () => {
  await stack?.close();
});

afterEach(() => {
  for (const user of users) expect(user.problems).toEqual([]);
  expect(stack.h.loggedErrors).toEqual([]);
});
}

/** Phone then desktop: screenshot, sideways overflow on the phone, axe on the desktop. */
export async function check(user: User, screen: string, findings: string[]): Promise<void> {
  for (const size of ['phone', 'desktop'] as const) {
    await user.page.setViewportSize(VIEWPORTS[size].viewport);
    // A screen with a map: wait for Leaflet's lazy chunk, or the screenshot shows "loading the map".
    if (await user.page.locator('.map-figure').count()) await user.page.locator('.leaflet-container').first().waitFor();
    if (await user.page.locator('.leaflet-container').count()) await mapSettled(user.page);
    user.viewport = size;
    if (size === 'phone') {
      const overflow = await sidewaysOverflow(user.page);
      if (overflow > 0) findings.push(`${screen} ${user.lng} phone: overflows sideways by ${overflow}px`);
    } else {
      findings.push(...(await seriousViolations(user.page)).map((v) => `${screen} ${user.lng}: ${v}`));
    }
    await screenshot(user, screen);
  }
}

export const goto = async (user: User, route: string, ready: string) => {
  // In-app navigation (a reload would sign in again: tokens live in memory).
  await user.page.evaluate(`window.history.pushState(null, '', '/console${route}'); window.dispatchEvent(new PopStateEvent('popstate'))`);
  await user.page.locator(ready).first().waitFor();
};


const strings = { fr, ar } as const;

/** Every screen in `lng`, phone and desktop, each as the role that uses it; Arabic mirrored. */
export async function checkEveryScreen(lng: 'fr' | 'ar'): Promise<void> {
  const t = strings[lng];
  const findings: string[] = [];

  const visitor = await newUser(stack, lng);
  users.push(visitor);
  await visitor.page.goto(`${stack.base}/console/sign-in?lng=${lng}`);
  await visitor.page.getByRole('button', { name: t.signIn.oidcSubmit }).waitFor();
  await check(visitor, 'sign-in', findings);
  await visitor.context.close();

  const prosecutor = await signedIn('prosecutor-ma06', lng);
  await prosecutor.page.locator('.cases-table').waitFor();
  await check(prosecutor, 'cases', findings);
  await goto(prosecutor, '/approvals', '.queue__item');
  await check(prosecutor, 'approvals', findings);
  await goto(prosecutor, `/approvals/${cases.awaiting}`, '.public-text');
  await photoShown(prosecutor, 'img.held-photo');
  await check(prosecutor, 'decision', findings);
  await prosecutor.page.getByRole('button', { name: t.decision.approve }).click();
  await prosecutor.page.locator('dialog[open]').waitFor();
  await check(prosecutor, 'decision-confirm', findings);
  await prosecutor.page.keyboard.press('Escape');
  await goto(prosecutor, `/cases/${cases.alerting}`, '.audit-details');
  await prosecutor.page.locator('.audit-details > summary').click();
  await check(prosecutor, 'case-prosecutor', findings);

  const officer = await signedIn('officer-ma06', lng, `/cases/${cases.alerting}`);
  await officer.page.locator('.alert-step').first().waitFor();
  await officer.page.locator('.tips__group .tip').nth(1).waitFor();
  await check(officer, 'case-officer', findings);
  await officer.page.getByRole('button', { name: t.actions.sighting.button }).click();
  await officer.page.locator('.panel--action').waitFor();
  await check(officer, 'case-sighting', findings);
  await goto(officer, `/cases/${cases.found}`, '.badge--status-found');
  await check(officer, 'case-found', findings);

  const intake = await signedIn('intake-ma06', lng, '/report');
  await intake.page.locator('form .form-section').first().waitFor();
  await intake.page.getByLabel(t.report.photos.files).setInputFiles([{ name: 'photo-enfant.jpg', mimeType: 'image/jpeg', buffer: await portrait() }]);
  await photoShown(intake, '.photo-choice__image');
  await check(intake, 'report', findings);
  await intake.page.getByRole('button', { name: t.report.submit }).click();
  await intake.page.locator('.field__error').first().waitFor();
  await check(intake, 'report-errors', findings);

  // Statistics: a national administrator (the shared test database holds other files' cases too).
  const admin = await signedIn('admin-national', lng, '/stats');
  await admin.page.locator('.stats__facts').waitFor();
  await admin.page.getByText(t.stats.tips.received, { exact: true }).waitFor();
  await check(admin, 'stats', findings);
  await admin.context.close();

  // Right-to-left in Arabic, the whole layout mirrored: the brand starts on the right.
  const dir = await intake.page.getAttribute('html', 'dir');
  expect([lng, dir]).toEqual([lng, lng === 'ar' ? 'rtl' : 'ltr']);
  const brand = (await intake.page.locator('.app-header__brand').boundingBox())!;
  const nav = (await intake.page.locator('.app-header__nav').boundingBox())!;
  expect([lng, brand.x > nav.x]).toEqual([lng, lng === 'ar']);
  expect(findings).toEqual([]);
  await Promise.all([prosecutor, officer, intake].map((u) => u.context.close()));
}
