/**
 * A whole case through the console in a real browser (Debian's Chromium), three users each in their
 * own browser context, each signed in through the loopback OpenID provider; the API verifies their
 * tokens by the provider's JWKS and a real worker runs the case:
 * the intake officer reports (the last-seen point placed by clicking the map), the prosecutor finds it
 * in the queue, reads the public text and approves, the officer adds a sighting on the map (a new
 * alert circle appears), then reports the child found, and every open page shows the end.
 * The report carries a photo from the device, which the prosecutor sees before approving.
 * Sign-in, the report's submission and the approval are done with the keyboard.
 */
import sharp from 'sharp';
import fr from '../../console/src/locales/fr.json';
import {
  clickMapAt,
  mapSettled,
  newUser,
  screenshot,
  seriousViolations,
  signIn,
  startConsoleStack,
  tabTo,
  type ConsoleStack,
  type PageGlobals,
  type User,
} from '../helpers/console-browser';

jest.setTimeout(120_000);

let stack: ConsoleStack;
let polygon: Array<[number, number]>;
const users: User[] = [];

beforeAll(async () => {
  stack = await startConsoleStack('browser-case');
  polygon = ((await (await fetch(`${stack.base}/console/config.json`)).json()) as { map: { country: { polygon: Array<[number, number]> } } }).map.country.polygon;
});

afterAll(async () => {
  await stack?.close();
});

afterEach(() => {
  for (const user of users) expect(user.problems).toEqual([]);
  expect(stack.h.loggedErrors).toEqual([]);
});

/** `YYYY-MM-DDTHH:mm` in this machine's time zone (the browser's), as a datetime-local input takes it. */
function localDateTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

const CASABLANCA = { lat: 33.5731, lon: -7.5898 };
const SIGHTING = { lat: 33.61, lon: -7.52 };
const dashedCircles = (user: User) => user.page.locator('.leaflet-overlay-pane path[stroke-dasharray="6 4"]');
const statusBadge = (user: User, status: string) => user.page.locator(`.badge--status-${status}`).first();

test('report, approve, sighting, found: three users, each signed in at the OpenID provider', async () => {
  const [intake, prosecutor, officer] = await Promise.all([newUser(stack), newUser(stack), newUser(stack)]);
  users.push(intake, prosecutor, officer);

  // --- The intake officer signs in with the keyboard and reports. ---
  await signIn(stack, intake, 'intake-ma06', '/report', { keyboard: true });
  const page = intake.page;
  await page.getByRole('heading', { name: fr.report.title }).waitFor();
  const child = page.locator('fieldset.form-section').nth(0);
  await child.getByLabel(fr.report.child.fullName, { exact: true }).fill('Yasmine Browser');
  await child.getByLabel(fr.report.child.dateOfBirth).fill('2019-04-02');
  await child.getByLabel(fr.report.child.sex).selectOption('female');
  await child.getByLabel(fr.report.child.clothing).fill('Robe jaune, sandales blanches');
  await page.getByLabel(fr.report.lastSeen.at).fill(localDateTime(new Date(Date.now() - 60 * 60_000)));
  const reportMap = page.locator('.map').first();
  await mapSettled(page);
  await clickMapAt(page, reportMap, polygon, CASABLANCA);
  // The click placed the point: the coordinates follow it (within a few pixels of the map).
  const lat = Number(await page.getByLabel(fr.report.lastSeen.lat).inputValue());
  const lon = Number(await page.getByLabel(fr.report.lastSeen.lon).inputValue());
  expect(Math.abs(lat - CASABLANCA.lat)).toBeLessThan(0.3);
  expect(Math.abs(lon - CASABLANCA.lon)).toBeLessThan(0.3);
  await page.getByLabel(fr.report.lastSeen.address).fill('Place des Nations Unies, Casablanca');
  await page.getByLabel(fr.report.circumstances.type).selectOption('lost');
  await page.getByLabel(fr.report.circumstances.details).fill('Perdue de vue au marché.');
  const guardian = page.locator('fieldset.form-section').filter({ has: page.getByText(fr.report.guardian.title, { exact: true }) });
  await guardian.getByLabel(fr.report.guardian.fullName, { exact: true }).fill('Samira Browser');
  await guardian.getByLabel(fr.report.guardian.relationship).fill('mère');
  await guardian.getByLabel(fr.report.guardian.phone).fill('+212600000001');
  await page.getByLabel(fr.report.consent.yes).check();
  await page.getByLabel(fr.report.unit.id).fill('CAS-BROWSER');
  // A photo from the device: previewed before sending, and removable.
  const photo = await sharp({ create: { width: 360, height: 480, channels: 3, background: { r: 230, g: 190, b: 40 } } }).jpeg().toBuffer();
  const picker = page.getByLabel(fr.report.photos.files);
  await picker.setInputFiles([{ name: 'yasmine.jpg', mimeType: 'image/jpeg', buffer: photo }, { name: 'autre.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  await page.getByRole('button', { name: fr.report.photos.remove.replace('{{name}}', 'autre.jpg') }).click();
  expect(await page.locator('.photo-choice').allInnerTexts()).toEqual([expect.stringContaining('yasmine.jpg')]);
  await page.waitForFunction(() => ((globalThis as unknown as PageGlobals).document.querySelector('.photo-choice__image') as { naturalWidth: number } | null)?.naturalWidth === 360);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(intake, 'flow-report-filled');
  // The prosecutor is already on the queue, its stream live: while it is, the console does not poll.
  await signIn(stack, prosecutor, 'prosecutor-ma06', '/approvals');
  await prosecutor.page.locator('.live-indicator--live').waitFor();
  // Submitted with the keyboard: Tab to the button, Enter.
  await tabTo(page, page.getByRole('button', { name: fr.report.submit }));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
  const caseId = new URL(page.url()).pathname.split('/').pop()!;

  // --- The case arrives in the prosecutor's open queue by itself (no reload, no polling), then the
  // prosecutor reads the public text and approves. ---
  const item = prosecutor.page.locator('.queue__item').filter({ hasText: caseId.slice(0, 8) });
  await item.waitFor({ timeout: 15_000 });
  expect(await prosecutor.page.locator('.live-indicator--live').count()).toBe(1);
  expect(await seriousViolations(prosecutor.page)).toEqual([]);
  await item.getByRole('link', { name: fr.approvals.open }).click();
  const texts = prosecutor.page.locator('.public-text');
  await texts.first().waitFor();
  expect(await texts.count()).toBe(2);
  await expect(texts.allInnerTexts()).resolves.toEqual([expect.stringContaining('Yasmine'), expect.stringContaining('Yasmine')]);
  expect(await prosecutor.page.locator('.public-text[dir=rtl]').count()).toBe(1);
  // The photo uploaded with the report, before any alert made it public (re-encoded: same size).
  await prosecutor.page.waitForFunction(() => ((globalThis as unknown as PageGlobals).document.querySelector('img.held-photo') as { naturalWidth: number } | null)?.naturalWidth === 360);
  expect(await prosecutor.page.locator('img.held-photo').getAttribute('alt')).toBe(fr.decision.photoAlt.replace('{{number}}', '1'));
  expect(await seriousViolations(prosecutor.page)).toEqual([]);
  // Approved with the keyboard: Tab to the button, Enter, then Tab to the confirmation, Enter.
  await tabTo(prosecutor.page, prosecutor.page.getByRole('button', { name: fr.decision.approve }));
  await prosecutor.page.keyboard.press('Enter');
  const dialog = prosecutor.page.locator('dialog[open]');
  await dialog.getByText(fr.decision.approveConsequence).waitFor();
  await tabTo(prosecutor.page, dialog.getByRole('button', { name: fr.decision.approveConfirm }));
  await prosecutor.page.keyboard.press('Enter');
  await prosecutor.page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
  await statusBadge(prosecutor, 'alerting').waitFor();

  // --- The officer opens the case, adds a sighting on the map: a new alert circle appears. ---
  await signIn(stack, officer, 'officer-ma06', `/cases/${caseId}`);
  await statusBadge(officer, 'alerting').waitFor();
  await dashedCircles(officer).first().waitFor();
  await mapSettled(officer.page);
  const circlesBefore = await dashedCircles(officer).count();
  expect(await seriousViolations(officer.page)).toEqual([]);
  await screenshot(officer, 'flow-case-alerting');
  await officer.page.getByRole('button', { name: fr.actions.sighting.button }).click();
  await officer.page.locator('.panel--action').waitFor();
  await clickMapAt(officer.page, officer.page.locator('.map').first(), polygon, SIGHTING);
  await officer.page.getByRole('button', { name: fr.actions.sighting.submit }).click();
  await officer.page.locator('dialog[open]').getByRole('button', { name: fr.actions.sighting.confirm }).click();
  await officer.page.locator('dialog[open]').waitFor({ state: 'detached' });
  await officer.page.waitForFunction((before) => (globalThis as unknown as PageGlobals).document.querySelectorAll('.leaflet-overlay-pane path[stroke-dasharray="6 4"]').length > before, circlesBefore, { timeout: 30_000 });
  await screenshot(officer, 'flow-case-sighting');

  // --- Found: the case ends, and every open page shows it. ---
  await officer.page.getByRole('button', { name: fr.actions.found.button }).click();
  await officer.page.getByRole('button', { name: fr.actions.found.submit }).click();
  const found = officer.page.locator('dialog[open]');
  await found.getByText(fr.actions.found.consequence).waitFor();
  await found.getByRole('button', { name: fr.actions.found.confirm }).click();
  for (const user of [officer, prosecutor, intake]) await statusBadge(user, 'found').waitFor({ timeout: 30_000 });
  // Nothing left to do on an ended case, for anyone.
  for (const user of [officer, prosecutor, intake]) expect(await user.page.locator('.case-actions').count()).toBe(0);
  await screenshot(officer, 'flow-case-found');
});
