/**
 * The console's Content-Security-Policy: exactly what the built console loads, all from this origin.
 * Vite emits the entry as an external module script and its styles as files (no inline script, no
 * inline style element); `assetsInlineLimit: 0` in console/vite.config.ts keeps images out of data:
 * URLs. A map tile server (MAP_TILE_URL) adds its origin to img-src, and nothing else.
 *
 * With OpenID Connect sign-in, the console calls its provider from the page (discovery, token and
 * refresh, JWKS): connect-src adds the issuer's origin and nothing else. Signing in and out are
 * top-level navigations, and the silent renew uses the refresh token, not an iframe: no frame-src.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export interface ConsoleCspOptions {
  production: boolean;
  /** The OpenID provider's issuer, when the console signs in there. */
  oidcIssuer?: string;
  /** MAP_TILE_URL, when the map draws tiles. */
  tileUrl?: string;
}

export function consoleDirectives({ production, oidcIssuer, tileUrl }: ConsoleCspOptions): Record<string, string[]> {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    // blob: the photos the console fetches with the user's token (and the report form's previews of
    // the files chosen): an <img> cannot send a bearer token, so they are shown from object URLs.
    'img-src': ["'self'", 'blob:', ...(tileUrl ? [new URL(tileUrl).origin] : [])],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(oidcIssuer ? [new URL(oidcIssuer).origin] : [])],
    'manifest-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    // Behind TLS in production; on a plain-HTTP development machine it would break a LAN address.
    ...(production ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Replaces the API-wide helmet policy on console responses. */
export const consoleCsp = (options: ConsoleCspOptions): RequestHandler =>
  helmet.contentSecurityPolicy({ useDefaults: false, directives: consoleDirectives(options) });
