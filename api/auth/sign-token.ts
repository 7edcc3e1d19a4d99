/**
 * Signs a development bearer token (HS256) with the same claims the API verifies (`claimsSchema`):
 * `npm run token` (scripts/token.ts) and the console's development sign-in (`POST /dev/sign-in`) share it.
 * Production tokens come from the identity provider, never from here.
 */
import { SignJWT } from 'jose';
import type { Principal } from './principal';

export interface SigningOptions {
  /** The HS256 key: AUTH_JWT_SECRET, or the development secret `npm start` keeps in DATA_DIR. */
  secret: string;
  ttlMs: number;
  issuer?: string;
  audience?: string;
  now?: Date;
}

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

export async function signDevelopmentToken(claims: Principal, options: SigningOptions): Promise<SignedToken> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(Math.floor((now.getTime() + options.ttlMs) / 1000) * 1000);
  const jwt = new SignJWT({ role: claims.role, jurisdiction: claims.jurisdiction })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(expiresAt.getTime() / 1000);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return { token: await jwt.sign(new TextEncoder().encode(options.secret)), expiresAt };
}
