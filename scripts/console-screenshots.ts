/**
 * `npm run console:screenshots -- [--url http://127.0.0.1:3000] [--seed]`: against a running
 * `npm start`, signs in through the development sign-in and screenshots the sign-in page and the
 * Cases screen on a phone (390x844) and a desktop (1280x800), in French and Arabic, into
 * DATA_DIR/screenshots/. With `--seed` (sample cases, scripts/console-sample-cases.ts) also the
 * other screens, each as the role that uses it (screens.ts). A console error, a Content-Security-Policy
 * violation or a sideways overflow on a page fails it.
 * Needs Chromium (`apt-get install chromium`, or CHROMIUM_PATH); playwright-core drives it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { resolveDataDir } from '../devtools/paths';
import { seedSampleCases } from './console-sample-cases';
import { shootScreens } from './console-screens';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  { name: 'desktop', width: 1280, height: 800, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
] as const;
const LANGUAGES = [
  { lng: 'fr', locale: 'fr-MA' },
  { lng: 'ar', locale: 'ar-MA' },
] as const;

async function shoot(
  browser: Browser,
  base: string,
  out: string,
  lng: (typeof LANGUAGES)[number],
  viewport: (typeof VIEWPORTS)[number],
  samples: Record<string, string> | null,
): Promise<string[]> {
  const { name, ...size } = viewport;
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, ...size, locale: lng.locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  const file = (screen: string) => path.join(out, `${screen}-${lng.lng}-${name}-${size.width}x${size.height}.png`);
  try {
    await page.goto(`${base}/console/sign-in?lng=${lng.lng}`);
    await page.locator('form select').waitFor();
    if ((await page.getAttribute('html', 'dir')) !== (lng.lng === 'ar' ? 'rtl' : 'ltr')) problems.push('html dir does not follow the language');
    await page.screenshot({ path: file('sign-in'), fullPage: true });
    await page.locator('form select').selectOption('prosecutor');
    await page.locator('form input[list]').fill('MA-06');
    await page.locator('form button[type=submit]').click();
    await page.locator('table.cases-table, p.empty').first().waitFor();
    // A string: the root tsconfig has no DOM types, and this runs in the page.
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    if (overflow > 0) problems.push(`the Cases screen overflows sideways by ${overflow}px`);
    await page.screenshot({ path: file('cases'), fullPage: true });
    if (samples) await shootScreens({ page, base, lng: lng.lng, samples, file, problems });
  } finally {
    await context.close();
  }
  return problems.map((p) => `${lng.lng} ${name}: ${p}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` }, seed: { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  const base = values.url!.replace(/\/$/, '');
  const out = values.out ?? path.join(resolveDataDir(process.env.DATA_DIR ?? '.data'), 'screenshots');
  fs.mkdirSync(out, { recursive: true });
  // A second jurisdiction's cases give the statistics screen lines to compare.
  const samples = values.seed ? await seedSampleCases(base) : null;
  if (values.seed) await seedSampleCases(base, 'MA-01');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const problems: string[] = [];
  try {
    for (const lng of LANGUAGES) for (const viewport of VIEWPORTS) problems.push(...(await shoot(browser, base, out, lng, viewport, samples)));
  } finally {
    await browser.close();
  }
  console.log(`screenshots in ${out}`);
  for (const p of problems) console.error(p);
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
