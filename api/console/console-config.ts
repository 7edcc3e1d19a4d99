/**
 * `GET /console/config.json`: what the console needs to know before anyone signs in; today, how to
 * sign in. The console picks its auth provider from `auth.mode` (console/src/auth/):
 * - `development`: the role-and-jurisdiction page, through POST /dev/sign-in;
 * - `unavailable`: no sign-in the console can do yet (production OpenID Connect is a later step,
 *   it will answer `oidc` with the issuer and client id here).
 * And the map's base layer: the service area's outline (the same one intake checks points against),
 * so that the map needs no tile server and no request leaves the machine.
 */
import type { RequestHandler } from 'express';
import type { CountryArea } from '../../domain/country-areas';
import { ROLES, NATIONAL } from '../auth/principal';
import { DEV_SIGN_IN_PATH } from './dev-sign-in';

export type ConsoleAuthConfig =
  | { mode: 'development'; signInPath: string; roles: readonly string[]; national: string; suggestedJurisdictions: string[] }
  | { mode: 'unavailable' };

/** Morocco's twelve regions (MA-01 to MA-12) when COUNTRY is MA; elsewhere the sign-in page takes any code. */
export function suggestedJurisdictions(country: string): string[] {
  return country === 'MA' ? Array.from({ length: 12 }, (_, i) => `MA-${String(i + 1).padStart(2, '0')}`) : [];
}

export interface ConsoleMapConfig {
  /** [lat, lon] vertices, open ring, as in domain/country-areas.ts. */
  country: Pick<CountryArea, 'code' | 'name' | 'polygon'>;
}

export function consoleConfigHandler(devSignIn: boolean, country: CountryArea): RequestHandler {
  const auth: ConsoleAuthConfig = devSignIn
    ? { mode: 'development', signInPath: DEV_SIGN_IN_PATH, roles: ROLES, national: NATIONAL, suggestedJurisdictions: suggestedJurisdictions(country.code) }
    : { mode: 'unavailable' };
  const map: ConsoleMapConfig = { country: { code: country.code, name: country.name, polygon: country.polygon } };
  const body = { auth, map };
  return (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(body);
  };
}
