/**
 * The screens after Cases, for scripts/console-screenshots.ts: each opened by URL as the role that
 * uses it (a load signs in again: tokens live in memory only), screenshotted, checked for sideways
 * overflow. Nothing here changes a case: dialogs are opened and cancelled.
 */
import type { Page } from 'playwright-core';

export interface ScreenRun {
  page: Page;
  base: string;
  lng: string;
  /** Sample case ids by key (scripts/console-sample-cases.ts). */
  samples: Record<string, string>;
  file: (screen: string) => string;
  problems: string[];
}

const JURISDICTION = 'MA-06';

/** `national`: signs in with national coverage instead of the sample jurisdiction. */
async function visit(run: ScreenRun, path: string, role: string, ready: string, national = false): Promise<void> {
  const { page } = run;
  await page.goto(`${run.base}/console${path}${path.includes('?') ? '&' : '?'}lng=${run.lng}`);
  await page.locator('form select').first().waitFor();
  await page.locator('form select').first().selectOption(role);
  if (national) await page.locator('form input[type=checkbox]').check();
  else await page.locator('form input[list]').fill(JURISDICTION);
  await page.locator('form button[type=submit]').click();
  await page.locator(ready).first().waitFor({ timeout: 15_000 });
}

async function mapDrawn(page: Page): Promise<void> {
  await page.locator('.leaflet-overlay-pane path').first().waitFor({ timeout: 15_000 });
  // Leaflet's fitBounds animates: let it settle before the picture.
  await page.waitForTimeout(400);
}

async function capture(run: ScreenRun, screen: string, fullPage = true): Promise<void> {
  const overflow = Number(await run.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  if (overflow > 0) run.problems.push(`${screen} overflows sideways by ${overflow}px`);
  await run.page.screenshot({ path: run.file(screen), fullPage });
}

export async function shootScreens(run: ScreenRun): Promise<void> {
  const { page, samples } = run;

  await visit(run, '/report', 'intake_officer', 'form .form-section');
  await mapDrawn(page);
  await capture(run, 'report');
  const map = page.locator('.map').first();
  await map.scrollIntoViewIfNeeded();
  await map.click();
  await page.locator('form button[type=submit]').click();
  await page.locator('.field__error').first().waitFor();
  await capture(run, 'report-errors');

  await visit(run, '/approvals', 'prosecutor', '.queue, p.empty');
  await capture(run, 'approvals');

  await visit(run, `/approvals/${samples.toddler}`, 'prosecutor', '.public-text');
  await capture(run, 'decision');
  await page.locator('.panel--action > .form-actions .button--primary').click();
  await page.locator('dialog[open]').waitFor();
  await capture(run, 'decision-confirm', false);
  await page.keyboard.press('Escape');

  await visit(run, `/cases/${samples.abduction}`, 'officer', '.alert-step');
  await mapDrawn(page);
  await capture(run, 'case-officer');
  await page.locator('.case-actions .button--primary').first().click();
  await page.locator('.panel--action').waitFor();
  await page.locator('.map').first().click();
  await capture(run, 'case-sighting');

  await visit(run, `/cases/${samples.abduction}`, 'prosecutor', '.audit-details');
  await mapDrawn(page);
  await page.locator('.audit-details > summary').click();
  await capture(run, 'case-prosecutor');

  await visit(run, `/cases/${samples['lost-market']}`, 'officer', '.timeline');
  await capture(run, 'case-found');

  // An ended case read from the records: the map with every area, the sighting and the found place.
  await visit(run, `/cases/${samples['found-after-alert']}`, 'officer', '.outcome');
  await mapDrawn(page);
  await capture(run, 'case-ended');
  await visit(run, `/cases/${samples['found-after-alert']}`, 'admin', '.audit-details', true);
  await mapDrawn(page);
  await page.locator('.audit-details > summary').click();
  await capture(run, 'case-ended-admin');

  // Statistics, national (every jurisdiction) with the tables open, then one region.
  await visit(run, '/stats', 'admin', '.bars', true);
  // A string: the root tsconfig has no DOM types, and this runs in the page.
  await page.evaluate("document.querySelectorAll('details.chart__table').forEach((d) => { d.open = true; })");
  await capture(run, 'stats');
  await visit(run, `/stats?jurisdiction=${JURISDICTION}`, 'admin', '.bars', true);
  await capture(run, 'stats-region');
}
