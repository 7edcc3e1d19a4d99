/**
 * `GET /console/config.json`: what the console needs to know before anyone signs in; today, how to
 * sign in. The console picks its auth provider from `auth.mode` (console/src/auth/):
 * - `development`: the role-and-jurisdiction page, through POST /dev/sign-in;
 * - `oidc`: OpenID Connect, authorization code with PKCE, against AUTH_OIDC_ISSUER as the public
 *   client AUTH_OIDC_CLIENT_ID, coming back to `<PUBLIC_BASE_URL>/console/` (console/src/auth/oidc-provider.ts);
 * - `unavailable`: no sign-in the console can do (production without an OpenID provider configured).
 * And the map's base layer: the service area's outline (the same one intake checks points against),
 * so that the map needs no tile server and no request leaves the machine.
 */
import type { RequestHandler } from 'express';
import type { Config } from '../../config/env';
import type { CountryArea } from '../../domain/country-areas';
import { ROLES, NATIONAL } from '../auth/principal';
import { PHOTO_MAX_BYTES, PHOTO_TYPES, PHOTOS_MAX } from '../cases/photo-upload';
import { DEV_SIGN_IN_PATH } from './dev-sign-in';

export type ConsoleAuthConfig =
  | { mode: 'development'; signInPath: string; roles: readonly string[]; national: string; suggestedJurisdictions: string[] }
  | { mode: 'oidc'; issuer: string; clientId: string; scope: string; redirectUri: string }
  | { mode: 'unavailable' };

export type OidcSettings = Pick<Config, 'AUTH_OIDC_ISSUER' | 'AUTH_OIDC_CLIENT_ID' | 'AUTH_OIDC_SCOPE' | 'publicBaseUrl'>;

/** Where the provider sends the browser back: the console's root, under the service's public address. */
export const oidcRedirectUri = (publicBaseUrl: string) => `${publicBaseUrl.replace(/\/+$/, '')}/console/`;

export function consoleAuthConfig(devSignIn: boolean, oidc: OidcSettings, country: CountryArea): ConsoleAuthConfig {
  if (devSignIn) return { mode: 'development', signInPath: DEV_SIGN_IN_PATH, roles: ROLES, national: NATIONAL, suggestedJurisdictions: suggestedJurisdictions(country.code) };
  if (oidc.AUTH_OIDC_ISSUER && oidc.AUTH_OIDC_CLIENT_ID) {
    return { mode: 'oidc', issuer: oidc.AUTH_OIDC_ISSUER, clientId: oidc.AUTH_OIDC_CLIENT_ID, scope: oidc.AUTH_OIDC_SCOPE, redirectUri: oidcRedirectUri(oidc.publicBaseUrl) };
  }
  return { mode: 'unavailable' };
}

/** Morocco's twelve regions (MA-01 to MA-12) when COUNTRY is MA; elsewhere the sign-in page takes any code. */
export function suggestedJurisdictions(country: string): string[] {
  return country === 'MA' ? Array.from({ length: 12 }, (_, i) => `MA-${String(i + 1).padStart(2, '0')}`) : [];
}

export interface ConsoleMapConfig {
  /** [lat, lon] vertices, open ring, as in domain/country-areas.ts. */
  country: Pick<CountryArea, 'code' | 'name' | 'polygon'>;
  /** MAP_TILE_URL and its attribution; absent: the outline alone, and no request leaves the machine. */
  tiles?: { url: string; attribution: string };
}

/** What the report form checks before an upload (the API checks again, by content), and the photo link hosts. */
export interface ConsolePhotoConfig {
  maxFiles: number;
  maxBytes: number;
  types: readonly string[];
  /** PHOTO_URL_HOSTS: empty, the form offers uploads only. */
  urlHosts: readonly string[];
}

export const consolePhotoConfig = (urlHosts: readonly string[]): ConsolePhotoConfig => ({
  maxFiles: PHOTOS_MAX,
  maxBytes: PHOTO_MAX_BYTES,
  types: PHOTO_TYPES,
  urlHosts,
});

export function consoleConfigHandler(auth: ConsoleAuthConfig, country: CountryArea, photos: ConsolePhotoConfig, tiles?: ConsoleMapConfig['tiles']): RequestHandler {
  const map: ConsoleMapConfig = { country: { code: country.code, name: country.name, polygon: country.polygon }, ...(tiles ? { tiles } : {}) };
  const body = { auth, map, photos };
  return (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(body);
  };
}
