/**
 * `POST /dev/sign-in {role, jurisdiction, sub?}`: a short-lived development token, so that the console
 * can be used on a developer machine without an identity provider. It exists only when `npm start`
 * signs with its generated development secret, NODE_ENV is not production and no JWKS is configured;
 * otherwise the route is not mounted at all (404). The token is the one `npm run token` prints.
 */
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/env';
import { claimsSchema } from '../auth/principal';
import { signDevelopmentToken } from '../auth/sign-token';
import { HttpProblem, zodProblems } from '../problem';

export const DEV_SIGN_IN_PATH = '/dev/sign-in';
/** Short: a console tab signs in again after it (the token lives in memory only). */
export const DEV_TOKEN_TTL_MS = 60 * 60_000;

export type DevSignInConfig = Pick<Config, 'NODE_ENV' | 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'>;

export const devSignInBodySchema = z.strictObject({
  role: claimsSchema.shape.role,
  jurisdiction: claimsSchema.shape.jurisdiction,
  sub: claimsSchema.shape.sub.optional(),
});

/**
 * `developmentSecret`: the caller (npm start) says the secret is the generated development one, not
 * an installation's own AUTH_JWT_SECRET. The other conditions are checked here as well, so that no
 * configuration mistake can mint tokens in production.
 */
export function devSignInEnabled(config: DevSignInConfig, developmentSecret: boolean): boolean {
  return developmentSecret && config.NODE_ENV !== 'production' && !config.AUTH_JWKS_URL && !!config.AUTH_JWT_SECRET;
}

export function devSignInHandler(config: DevSignInConfig): RequestHandler {
  const secret = config.AUTH_JWT_SECRET;
  if (!secret) throw new Error('the development sign-in needs AUTH_JWT_SECRET');
  return async (req, res) => {
    const body = devSignInBodySchema.safeParse(req.body ?? {});
    if (!body.success) {
      const errors = zodProblems(body.error);
      throw new HttpProblem(400, 'Bad Request', `not valid: ${errors.map((e) => e.field).join(', ')}`, { errors });
    }
    const claims = { ...body.data, sub: body.data.sub ?? `dev-${body.data.role}` };
    const { token, expiresAt } = await signDevelopmentToken(claims, {
      secret,
      ttlMs: DEV_TOKEN_TTL_MS,
      issuer: config.AUTH_JWT_ISSUER,
      audience: config.AUTH_JWT_AUDIENCE,
    });
    res.set('Cache-Control', 'no-store').json({ token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), principal: claims });
  };
}

export function devSignInRouter(config: DevSignInConfig): Router {
  const router = express.Router();
  router.post(DEV_SIGN_IN_PATH, devSignInHandler(config));
  return router;
}
