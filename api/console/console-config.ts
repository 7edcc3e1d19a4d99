/**
 * `GET /console/config.json`: what the console needs to know before anyone signs in; today, how to
 * sign in. The console picks its auth provider from `auth.mode` (console/src/auth/):
 * - `development`: the role-and-jurisdiction page, through POST /dev/sign-in;
 * - `unavailable`: no sign-in the console can do yet (production OpenID Connect is a later step,
 *   it will answer `oidc` with the issuer and client id here).
 */
import type { RequestHandler } from 'express';
import { ROLES, NATIONAL } from '../auth/principal';
import { DEV_SIGN_IN_PATH } from './dev-sign-in';

export type ConsoleAuthConfig =
  | { mode: 'development'; signInPath: string; roles: readonly string[]; national: string; suggestedJurisdictions: string[] }
  | { mode: 'unavailable' };

/** Morocco's twelve regions (MA-01 to MA-12) when COUNTRY is MA; elsewhere the sign-in page takes any code. */
export function suggestedJurisdictions(country: string): string[] {
  return country === 'MA' ? Array.from({ length: 12 }, (_, i) => `MA-${String(i + 1).padStart(2, '0')}`) : [];
}

export function consoleConfigHandler(devSignIn: boolean, country: string): RequestHandler {
  const auth: ConsoleAuthConfig = devSignIn
    ? { mode: 'development', signInPath: DEV_SIGN_IN_PATH, roles: ROLES, national: NATIONAL, suggestedJurisdictions: suggestedJurisdictions(country) }
    : { mode: 'unavailable' };
  const body = { auth };
  return (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(body);
  };
}
