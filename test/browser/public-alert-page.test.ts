/**
 * The public side in a real browser: the alert page as a person who was sent the link sees it, with
 * JavaScript off (it must work without), in French and Arabic, on a phone and a desktop: the alert's
 * words and photo, share tags, the tip form, which sends a tip and answers a receipt; the officer's
 * open console shows the tip arrive by itself, and the officer places it on the map and makes it a
 * sighting (the alert area re-centres); an ended case's page says so, answers 410, names no one.
 */
import type { BrowserContext, Page } from 'playwright-core';
import fr from '../../console/src/locales/fr.json';
import { PAGE_TEXTS } from '../../api/public/page-texts';
import { TIP_TEXTS } from '../../api/public/tip-texts';
import { clickMapAt, mapSettled, screenshot, seriousViolations, sidewaysOverflow, VIEWPORTS, type Language, type PageGlobals, type User, type ViewportName } from '../helpers/console-browser';
import { cases, publicRefOf, signedIn, stack, useConsoleSamples } from '../helpers/console-screens';

jest.setTimeout(120_000);
useConsoleSamples('browser-public');

/** A visitor: no sign-in, JavaScript off (as the page is built), problems collected like the console's. */
async function visitor(lng: Language, viewport: ViewportName, javaScriptEnabled = false): Promise<User & { context: BrowserContext; page: Page }> {
  const context = await stack.browser.newContext({ ...VIEWPORTS[viewport], locale: lng === 'ar' ? 'ar-MA' : `${lng}-MA`, javaScriptEnabled });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('response', (res) => res.status() >= 400 && problems.push(`HTTP ${res.status()} ${res.url()}`));
  return { context, page, lng, viewport, problems, token: () => undefined };
}

const meta = (page: Page, property: string) => page.locator(`meta[property="${property}"], meta[name="${property}"]`).getAttribute('content');
const LANGUAGE = { fr: 'fr-MA', ar: 'ar-MA' } as const;

test('the alert page in French and Arabic, phone and desktop, without JavaScript: the alert, its share tags and the tip form', async () => {
  const ref = await publicRefOf(cases.alerting);
  for (const lng of ['fr', 'ar'] as const) {
    for (const viewport of ['phone', 'desktop'] as const) {
      const user = await visitor(lng, viewport);
      const res = await user.page.goto(`${stack.base}/a/${ref}?lang=${LANGUAGE[lng]}`);
      expect(res?.status()).toBe(200);
      expect(await user.page.locator('html').getAttribute('dir')).toBe(lng === 'ar' ? 'rtl' : 'ltr');
      expect(await user.page.locator('html').getAttribute('lang')).toBe(LANGUAGE[lng]);
      expect(await meta(user.page, 'og:title')).toContain('Yasmine Canary');
      expect(await meta(user.page, 'og:image')).toMatch(new RegExp(`^${stack.base}/p/[A-Za-z0-9_-]{22}\\.jpg$`));
      expect(await meta(user.page, 'twitter:card')).toBe('summary_large_image');
      // The photo the service holds, loaded from this origin.
      await user.page.waitForFunction(() => ((globalThis as unknown as PageGlobals).document.querySelector('main img') as { naturalWidth: number } | null)?.naturalWidth === 300);
      await user.page.getByLabel(TIP_TEXTS[LANGUAGE[lng]].labels.description).waitFor();
      if (viewport === 'phone') expect(await sidewaysOverflow(user.page)).toBe(0);
      await screenshot(user, 'public-alert', true);
      expect(user.problems).toEqual([]);
      await user.context.close();
    }
  }
  // Accessibility: axe needs script of its own, so in a context with JavaScript on (the page has none).
  for (const lng of ['fr', 'ar'] as const) {
    const user = await visitor(lng, 'desktop', true);
    await user.page.goto(`${stack.base}/a/${ref}?lang=${LANGUAGE[lng]}`);
    expect([lng, await seriousViolations(user.page)]).toEqual([lng, []]);
    await user.context.close();
  }
});

test('a tip sent from the page (no JavaScript) gets a receipt; the officer sees it arrive, places it and makes it a sighting', async () => {
  const officer = await signedIn('officer-ma06', 'fr', `/cases/${cases.alerting}`);
  await officer.page.locator('.live-indicator--live').waitFor();
  const countsBefore = await officer.page.locator('.tips__counts').innerText();

  const ref = await publicRefOf(cases.alerting);
  const user = await visitor('ar', 'phone');
  await user.page.goto(`${stack.base}/a/${ref}?lang=ar-MA`);
  const labels = TIP_TEXTS['ar-MA'].labels;
  // The form's time is Moroccan wall time (UTC+1), whatever the visitor's device says.
  const local = new Date(Date.now() - 10 * 60_000 + 60 * 60_000).toISOString().slice(0, 16);
  await user.page.getByLabel(labels.seenAt).fill(local);
  await user.page.getByLabel(labels.place).fill('محطة الترامواي ساحة الأمم المتحدة');
  await user.page.getByLabel(labels.description).fill('رأيت طفلة بمعطف أحمر مع امرأة، كانت تبكي.');
  await user.page.getByRole('button', { name: TIP_TEXTS['ar-MA'].submit }).click();
  await user.page.locator('span.receipt').waitFor();
  expect(await user.page.locator('span.receipt').innerText()).toMatch(/^[A-Z0-9]{6,12}$/);
  expect(await user.page.locator('html').getAttribute('dir')).toBe('rtl');
  await screenshot(user, 'public-tip-receipt', true);
  expect(user.problems).toEqual([]);
  await user.context.close();

  // Live in the officer's console, without a reload: one more tip received.
  await officer.page.waitForFunction((before) => (globalThis as unknown as PageGlobals).document.querySelector('.tips__counts') !== null && String(((globalThis as unknown as PageGlobals).document.querySelector('.tips__counts') as { textContent: string }).textContent) !== before, countsBefore, { timeout: 15_000 });
  const tip = officer.page.locator('.tip').filter({ hasText: 'محطة الترامواي' });
  await tip.waitFor();
  expect(await seriousViolations(officer.page)).toEqual([]);
  const circles = () => officer.page.locator('.leaflet-overlay-pane path[stroke-dasharray="6 4"]').count();
  await mapSettled(officer.page);
  const before = await circles();
  await tip.getByRole('button', { name: fr.tips.placeAndPromote }).click();
  await officer.page.locator('.panel--action').waitFor();
  const polygon = ((await (await fetch(`${stack.base}/console/config.json`)).json()) as { map: { country: { polygon: Array<[number, number]> } } }).map.country.polygon;
  await clickMapAt(officer.page, officer.page.locator('.map').first(), polygon, { lat: 33.59, lon: -7.6 });
  await officer.page.locator('.panel--action').getByRole('button', { name: fr.tips.promote }).click();
  await officer.page.locator('dialog[open]').getByRole('button', { name: fr.tips.promoteConfirm }).click();
  await tip.getByText(fr.tips.promoted, { exact: true }).waitFor({ timeout: 30_000 });
  await officer.page.locator('.panel--action').waitFor({ state: 'detached' });
  expect(await tip.locator('.tip__head strong').innerText()).toMatch(/^Vu il y a 1[0-2]\s?min$/);
  await officer.page.waitForFunction((n) => (globalThis as unknown as PageGlobals).document.querySelectorAll('.leaflet-overlay-pane path[stroke-dasharray="6 4"]').length > n, before, { timeout: 30_000 });
  await screenshot(officer, 'case-tip-promoted');
  await officer.context.close();
});

test("an ended case's page: 410, the alert has ended, thanks, no name, photo or share preview", async () => {
  const ref = await publicRefOf(cases.found);
  for (const lng of ['fr', 'ar'] as const) {
    const user = await visitor(lng, 'phone');
    const res = await user.page.goto(`${stack.base}/a/${ref}?lang=${LANGUAGE[lng]}`);
    expect(res?.status()).toBe(410);
    const text = await user.page.locator('body').innerText();
    expect(text).toContain(PAGE_TEXTS[LANGUAGE[lng]].endedTitle);
    expect(text).not.toContain('Yasmine');
    expect([await user.page.locator('img').count(), await user.page.locator('meta[property="og:image"]').count(), await user.page.locator('form').count()]).toEqual([0, 0, 0]);
    await screenshot(user, 'public-ended', true);
    // The 410 is the answer under test.
    expect(user.problems.filter((p) => !p.includes('410'))).toEqual([]);
    await user.context.close();
  }
});
