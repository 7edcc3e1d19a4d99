/**
 * Bearer token verification with jose: HS256 against AUTH_JWT_SECRET (development, small installs) or
 * any asymmetric algorithm of a production identity provider's JWKS (AUTH_JWKS_URL). Exactly one of
 * the two is used; with neither, every token is refused (deny by default). On both paths a token may
 * live at most AUTH_MAX_TOKEN_LIFETIME (from its `iat`, or from now without one) and may not be issued
 * more than a minute ahead: a stolen long-lived token, or one minted for later, is refused.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { Config } from '../../config/env';
import { formatDuration } from '../../config/duration';
import { claimsSchema, type Principal } from './principal';

/** The verified caller, or why the token is refused (said to the caller in the 401). */
export type TokenCheck = { principal: Principal } | { refused: string };
export type TokenVerifier = (token: string) => Promise<TokenCheck>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Tolerated clock difference between us and the token issuer. */
const CLOCK_TOLERANCE_S = 30;
/** How far ahead of our clock an `iat` may be. */
const MAX_IAT_AHEAD_S = 60;
const INVALID = { refused: 'the token is not valid' };

type AuthConfig = Pick<Config, 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE' | 'AUTH_MAX_TOKEN_LIFETIME'>;

/** The lifetime rules jose does not have: its `maxTokenAge` measures age since `iat`, not `exp - iat`. */
export function lifetimeRefusal(payload: JWTPayload, maxLifetimeMs: number, nowMs = Date.now()): string | null {
  const now = Math.floor(nowMs / 1000);
  if (typeof payload.iat === 'number' && payload.iat > now + MAX_IAT_AHEAD_S) {
    return `the token is issued in the future (iat more than ${MAX_IAT_AHEAD_S} s ahead)`;
  }
  const from = typeof payload.iat === 'number' ? payload.iat : now;
  if (typeof payload.exp === 'number' && (payload.exp - from) * 1000 > maxLifetimeMs) {
    return `the token lives longer than the ${formatDuration(maxLifetimeMs)} this service accepts (exp - iat)`;
  }
  return null;
}

export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const options: JWTVerifyOptions = {
    clockTolerance: CLOCK_TOLERANCE_S,
    requiredClaims: ['sub', 'exp'],
    ...(config.AUTH_JWT_ISSUER ? { issuer: config.AUTH_JWT_ISSUER } : {}),
    ...(config.AUTH_JWT_AUDIENCE ? { audience: config.AUTH_JWT_AUDIENCE } : {}),
  };
  let verify: (token: string) => Promise<JWTPayload>;
  if (config.AUTH_JWKS_URL) {
    const jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    verify = async (token) => (await jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC })).payload;
  } else if (config.AUTH_JWT_SECRET) {
    const key = new TextEncoder().encode(config.AUTH_JWT_SECRET);
    verify = async (token) => (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload;
  } else {
    return async () => INVALID;
  }
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch {
      // Expired, badly signed, malformed, unknown key: all the same answer to the caller (401).
      return INVALID;
    }
    // Only a correctly signed token earns a precise reason.
    const refused = lifetimeRefusal(payload, config.AUTH_MAX_TOKEN_LIFETIME);
    if (refused) return { refused };
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? { principal: claims.data } : INVALID;
  };
}
