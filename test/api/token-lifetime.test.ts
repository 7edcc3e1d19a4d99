/**
 * The shared-secret path through the API: a token living longer than AUTH_MAX_TOKEN_LIFETIME or issued
 * more than a minute ahead is answered 401 with the reason; a token within the limits is served.
 * (The JWKS path: test/api/jwks.test.ts.)
 */
import { SignJWT } from 'jose';
import request from 'supertest';
import { bearer, JURISDICTION, startApiHarness, TEST_SECRET, type ApiHarness } from './harness';

let h: ApiHarness;
let short: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness('token-lifetime', { worker: false });
  short = await startApiHarness('token-lifetime-short', { worker: false, env: { AUTH_MAX_TOKEN_LIFETIME: '30m' } });
});
afterAll(async () => {
  await h?.close();
  await short?.close();
});

const now = () => Math.floor(Date.now() / 1000);
const token = (iat: number | null, exp: number) => {
  const jwt = new SignJWT({ role: 'officer', jurisdiction: JURISDICTION }).setProtectedHeader({ alg: 'HS256' }).setSubject('lifetime-officer').setExpirationTime(exp);
  if (iat !== null) jwt.setIssuedAt(iat);
  return jwt.sign(new TextEncoder().encode(TEST_SECRET));
};
const get = async (harness: ApiHarness, jwt: string) => {
  const res = await request(harness.app).get('/cases').set(bearer(jwt));
  return { status: res.status, detail: res.body.detail as string | undefined, challenge: res.headers['www-authenticate'] };
};

test('a 100-year token is refused with the reason; so is a long one without iat', async () => {
  const refused = { status: 401, detail: 'the token lives longer than the 12h this service accepts (exp - iat)', challenge: 'Bearer error="invalid_token"' };
  expect(await get(h, await token(now(), now() + 100 * 365 * 86_400))).toEqual(refused);
  expect(await get(h, await token(null, now() + 13 * 3600))).toEqual(refused);
  expect(await get(h, await token(now() - 3600, now() + 12 * 3600))).toEqual(refused);
});

test('a token issued more than a minute ahead is refused; within a minute it is served', async () => {
  expect(await get(h, await token(now() + 120, now() + 600))).toEqual({ status: 401, detail: 'the token is issued in the future (iat more than 60 s ahead)', challenge: 'Bearer error="invalid_token"' });
  expect((await get(h, await token(now() + 30, now() + 600))).status).toBe(200);
  expect((await get(h, await token(now(), now() + 12 * 3600))).status).toBe(200);
  expect((await get(h, await token(null, now() + 600))).status).toBe(200);
});

test('AUTH_MAX_TOKEN_LIFETIME sets the limit', async () => {
  expect(await get(short, await token(now(), now() + 3600))).toMatchObject({ status: 401, detail: 'the token lives longer than the 30m this service accepts (exp - iat)' });
  expect((await get(short, await token(now(), now() + 1800))).status).toBe(200);
});
