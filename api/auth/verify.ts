/**
 * Bearer token verification with jose: HS256 against AUTH_JWT_SECRET (development, small installs) or
 * any asymmetric algorithm of a production identity provider's JWKS (AUTH_JWKS_URL). Exactly one of
 * the two is used; with neither, every token is refused (deny by default).
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { Config } from '../../config/env';
import { claimsSchema, type Principal } from './principal';

export type TokenVerifier = (token: string) => Promise<Principal | null>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Tolerated clock difference between us and the token issuer. */
const CLOCK_TOLERANCE_S = 30;

type AuthConfig = Pick<Config, 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'>;

export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const options: JWTVerifyOptions = {
    clockTolerance: CLOCK_TOLERANCE_S,
    requiredClaims: ['sub', 'exp'],
    ...(config.AUTH_JWT_ISSUER ? { issuer: config.AUTH_JWT_ISSUER } : {}),
    ...(config.AUTH_JWT_AUDIENCE ? { audience: config.AUTH_JWT_AUDIENCE } : {}),
  };
  let verify: (token: string) => Promise<unknown>;
  if (config.AUTH_JWKS_URL) {
    const jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    verify = async (token) => (await jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC })).payload;
  } else if (config.AUTH_JWT_SECRET) {
    const key = new TextEncoder().encode(config.AUTH_JWT_SECRET);
    verify = async (token) => (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload;
  } else {
    return async () => null;
  }
  return async (token) => {
    try {
      const claims = claimsSchema.safeParse(await verify(token));
      return claims.success ? claims.data : null;
    } catch {
      // Expired, badly signed, malformed, unknown key: all the same answer to the caller (401).
      return null;
    }
  };
}
