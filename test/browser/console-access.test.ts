/**
 * What the server decides, seen in the browser: a prosecutor of another jurisdiction never sees the
 * case; a button a role may not use is absent and the API refuses the command anyway (403); the report
 * form shows the API's 422 reasons next to the fields.
 */
import fr from '../../console/src/locales/fr.json';
import { bearer } from '../api/harness';
import { screenshot } from '../helpers/console-browser';
import { api, cases, goto, signedIn, stack, tokens, useConsoleSamples } from '../helpers/console-screens';

jest.setTimeout(120_000);
useConsoleSamples('browser-access');

test('a prosecutor of another jurisdiction never sees the case, in the lists or by its address; the API refuses it', async () => {
  const other = await signedIn('prosecutor-ma01');
  await other.page.locator('.cases-table, p.empty').first().waitFor();
  const listed = await other.page.locator('main').innerText();
  for (const id of Object.values(cases)) expect(listed).not.toContain(id.slice(0, 8));
  await goto(other, '/approvals', '.queue, p.empty');
  expect(await other.page.locator('main').innerText()).not.toContain(cases.awaiting.slice(0, 8));
  for (const id of Object.values(cases)) {
    const res = await api().get(`/cases/${id}`).set(bearer(tokens['prosecutor-ma01']!));
    // Refused as outside the caller's jurisdiction, whatever the case's status.
    expect([id, [403, 404].includes(res.status)]).toEqual([id, true]);
  }
  // Its own console by the case's address: the API's refusal, no case.
  const failures = other.problems.length;
  await goto(other, `/cases/${cases.awaiting}`, '.notice--error, [role=alert]');
  expect(await other.page.locator('.case-summary').count()).toBe(0);
  // The 404 it was answered is the expected one, not a defect.
  other.problems.splice(failures);
  await other.context.close();
});

test('a button the role may not use is absent, and the API refuses the command anyway (403)', async () => {
  const officer = await signedIn('officer-ma06', 'fr', `/cases/${cases.awaiting}`);
  await officer.page.locator('.case-actions').waitFor();
  expect(await officer.page.getByRole('link', { name: fr.actions.decide }).count()).toBe(0);
  expect(await officer.page.getByRole('button', { name: fr.actions.close.button }).count()).toBe(0);
  const decide = await api().post(`/cases/${cases.awaiting}/approval`).set(bearer(tokens['officer-ma06']!)).send({ decision: 'approve' });
  expect(decide.status).toBe(403);

  const intake = await signedIn('intake-ma06', 'fr', `/cases/${cases.alerting}`);
  await intake.page.locator('.case-summary').waitFor();
  expect(await intake.page.locator('.case-actions').count()).toBe(0);
  const found = await api().post(`/cases/${cases.alerting}/found`).set(bearer(tokens['intake-ma06']!)).send({});
  expect(found.status).toBe(403);
  await Promise.all([officer, intake].map((u) => u.context.close()));
});

test("the report form shows the API's 422 reasons next to the field that holds them", async () => {
  const intake = await signedIn('intake-ma06', 'fr', '/report');
  const page = intake.page;
  const child = page.locator('fieldset.form-section').nth(0);
  await child.getByLabel(fr.report.child.fullName, { exact: true }).fill('Nadia Refused');
  await child.getByLabel(fr.report.child.dateOfBirth).fill('2017-06-01');
  await child.getByLabel(fr.report.child.sex).selectOption('female');
  // Longer than the API takes (100): the console does not check lengths, the API does.
  await child.getByLabel(fr.report.child.hair).fill('brun '.repeat(30).trim());
  await page.getByLabel(fr.report.lastSeen.at).fill('2026-01-01T10:00');
  await page.getByLabel(fr.report.lastSeen.lat).fill('33.57');
  await page.getByLabel(fr.report.lastSeen.lon).fill('-7.59');
  await page.getByLabel(fr.report.circumstances.type).selectOption('runaway');
  await page.getByLabel(fr.report.circumstances.details).fill('Partie de la maison.');
  const guardian = page.locator('fieldset.form-section').filter({ has: page.getByText(fr.report.guardian.title, { exact: true }) });
  await guardian.getByLabel(fr.report.guardian.fullName, { exact: true }).fill('Karim Refused');
  await guardian.getByLabel(fr.report.guardian.relationship).fill('père');
  await guardian.getByLabel(fr.report.guardian.phone).fill('+212600000002');
  await page.getByLabel(fr.report.consent.no).check();
  await page.getByLabel(fr.report.unit.id).fill('CAS-422');
  const answer = page.waitForResponse((res) => res.url() === `${stack.base}/cases` && res.request().method() === 'POST');
  await page.getByRole('button', { name: fr.report.submit }).click();
  const res = await answer;
  expect(res.status()).toBe(422);
  const { errors } = (await res.json()) as { errors: Array<{ field: string; reason: string }> };
  const hair = errors.find((e) => e.field === 'child.description.hair');
  expect(hair).toBeDefined();
  // Next to the field, in the API's words.
  const field = child.locator('.field').filter({ has: page.getByLabel(fr.report.child.hair) });
  await field.locator('.field__error').filter({ hasText: hair!.reason }).waitFor();
  await expect(page.getByLabel(fr.report.child.hair).getAttribute('aria-invalid')).resolves.toBe('true');
  await screenshot(intake, 'report-api-errors');
  expect(new URL(page.url()).pathname).toBe('/console/report');
  // The 422 is the answer under test, not a defect.
  intake.problems.splice(0, intake.problems.length, ...intake.problems.filter((p) => !/\b422\b/.test(p)));
  await intake.context.close();
});
