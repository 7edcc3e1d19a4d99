/**
 * The console's session against the loopback OpenID provider, in a real browser: tokens that last 65 s
 * (oidc-client-ts renews 60 s before expiry) are renewed in the background with the refresh token and
 * the next API call carries the new one, without the user doing anything; the tokens are never written
 * to the page's storage; signing out ends the session at the provider (its end-session page), comes
 * back to the console's sign-in, and the next sign-in asks for the password again.
 */
import { randomUUID } from 'node:crypto';
import fr from '../../console/src/locales/fr.json';
import { newUser, signIn, startConsoleStack, type ConsoleStack, type User } from '../helpers/console-browser';
import { goto } from '../helpers/console-screens';

jest.setTimeout(120_000);

let stack: ConsoleStack;
let user: User;

beforeAll(async () => {
  stack = await startConsoleStack('browser-session', { accessTokenTtl: 65 });
});

afterAll(async () => {
  await stack?.close();
});

const isRefresh = (url: string, method: string, body: string | null) =>
  url.startsWith(stack.idp.issuer) && method === 'POST' && new URLSearchParams(body ?? '').get('grant_type') === 'refresh_token';

test('silent renew: a refresh-token grant in the background, and the API sees the new token', async () => {
  user = await newUser(stack);
  await signIn(stack, user, 'officer-ma06', '/cases');
  await user.page.locator('.cases-table, p.empty').first().waitFor();
  const first = user.token();
  expect(first).toMatch(/^ey/);

  const renewed = await user.page.waitForResponse((res) => isRefresh(res.url(), res.request().method(), res.request().postData()), { timeout: 30_000 });
  expect(renewed.status()).toBe(200);
  const { access_token: fresh } = (await renewed.json()) as { access_token: string };
  expect(fresh).not.toBe(first);

  // The next call to the API carries the renewed token, and the API accepts it: a case that does not
  // exist is 404, past authentication (an expired or unknown token would be 401 and sign out).
  const unknown = randomUUID();
  const answer = user.page.waitForResponse((res) => res.url() === `${stack.base}/cases/${unknown}` && res.request().headers().authorization === `Bearer ${fresh}`);
  await goto(user, `/cases/${unknown}`, '.notice--error, [role=alert]');
  expect((await answer).status()).toBe(404);
  await goto(user, '/cases', '.cases-table, p.empty');
  // The unknown case's 404s (its page, and its tips, which may answer after the page's error shows) are expected.
  user.problems.splice(0, user.problems.length, ...user.problems.filter((p) => !p.includes(unknown)));
  expect(await user.page.locator('.app-header__role').innerText()).toBe(fr.roles.officer);

  // Memory only: nothing of either token in localStorage or sessionStorage.
  const stored = String(await user.page.evaluate('JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])'));
  for (const token of [first!, fresh]) expect(stored.includes(token)).toBe(false);
  expect(user.problems).toEqual([]);
});

test('sign-out ends the session at the provider and comes back to the sign-in page; signing in again asks for the password', async () => {
  const { page } = user;
  await page.getByRole('button', { name: fr.app.signOut }).click();
  // The provider's end-session page, then back to the console.
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.waitForURL((url) => url.origin === stack.base && url.pathname.startsWith('/console'));
  await page.locator('.sign-in button.button--primary').waitFor();
  expect(await page.locator('.app-header__who').count()).toBe(0);

  // The provider no longer knows the user: its login form, not a straight return.
  await page.locator('.sign-in button.button--primary').click();
  await page.locator('#login').waitFor();
  expect(new URL(page.url()).origin).toBe(new URL(stack.idp.issuer).origin);
  await user.context.close();
});
