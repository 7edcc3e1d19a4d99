/**
 * Production tokens: verified against the identity provider's JWKS (a real HTTP server on loopback),
 * with issuer and audience checked; a foreign key, an HS256 token (algorithm confusion), an expired
 * token or a wrong audience are all refused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createTokenVerifier } from '../../api/auth/verify';

let server: http.Server;
let jwksUrl: string;
let signingKey: CryptoKey;
let foreignKey: CryptoKey;
let jwksRequests = 0;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  signingKey = pair.privateKey;
  foreignKey = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'ES256', use: 'sig' };
  server = http.createServer((_req, res) => {
    jwksRequests += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const claims = { role: 'prosecutor', jurisdiction: 'MA-06' };
const sign = (key: CryptoKey | Uint8Array, alg: string, edit: (jwt: SignJWT) => SignJWT = (j) => j) =>
  edit(
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid: 'idp-key-1' })
      .setSubject('prosecutor-17')
      .setIssuedAt()
      .setExpirationTime('5m')
      .setIssuer('https://idp.police.example')
      .setAudience('missing-child-alerts'),
  ).sign(key);

const verifier = () =>
  createTokenVerifier({ AUTH_JWKS_URL: jwksUrl, AUTH_JWT_SECRET: undefined, AUTH_JWT_ISSUER: 'https://idp.police.example', AUTH_JWT_AUDIENCE: 'missing-child-alerts', AUTH_MAX_TOKEN_LIFETIME: 12 * 3_600_000 });
const INVALID = { refused: 'the token is not valid' };

test('a token signed by the identity provider is accepted with its claims', async () => {
  await expect(verifier()(await sign(signingKey, 'ES256'))).resolves.toEqual({ principal: { sub: 'prosecutor-17', role: 'prosecutor', jurisdiction: 'MA-06' } });
  expect(jwksRequests).toBeGreaterThanOrEqual(1);
});

test('a foreign key, an HS256 token, an expired token, or another audience or issuer are refused', async () => {
  const verify = verifier();
  const hmac = new TextEncoder().encode('a-shared-secret-that-is-long-enough-0123');
  await expect(verify(await sign(foreignKey, 'ES256'))).resolves.toEqual(INVALID);
  await expect(verify(await sign(hmac, 'HS256'))).resolves.toEqual(INVALID);
  await expect(verify(await sign(signingKey, 'ES256', (j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 120)))).resolves.toEqual(INVALID);
  await expect(verify(await sign(signingKey, 'ES256', (j) => j.setAudience('another-service')))).resolves.toEqual(INVALID);
  await expect(verify(await sign(signingKey, 'ES256', (j) => j.setIssuer('https://evil.example')))).resolves.toEqual(INVALID);
  await expect(verify('not-a-jwt')).resolves.toEqual(INVALID);
});

test('a token living longer than AUTH_MAX_TOKEN_LIFETIME, or issued more than a minute ahead, is refused saying why', async () => {
  const verify = verifier();
  const now = Math.floor(Date.now() / 1000);
  await expect(verify(await sign(signingKey, 'ES256', (j) => j.setExpirationTime('100y')))).resolves.toEqual({ refused: 'the token lives longer than the 12h this service accepts (exp - iat)' });
  await expect(verify(await sign(signingKey, 'ES256', (j) => j.setIssuedAt(now + 300).setExpirationTime(now + 600)))).resolves.toEqual({ refused: 'the token is issued in the future (iat more than 60 s ahead)' });
  // Exactly the maximum, and a clock a little ahead of ours, are fine.
  await expect(verify(await sign(signingKey, 'ES256', (j) => j.setExpirationTime(now + 12 * 3600)))).resolves.toHaveProperty('principal.sub', 'prosecutor-17');
  await expect(verify(await sign(signingKey, 'ES256', (j) => j.setIssuedAt(now + 30).setExpirationTime(now + 600)))).resolves.toHaveProperty('principal.sub', 'prosecutor-17');
});
