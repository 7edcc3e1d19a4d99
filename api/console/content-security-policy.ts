/**
 * The console's Content-Security-Policy: exactly what the built console loads, all from this origin.
 * Vite emits the entry as an external module script and its styles as files (no inline script, no
 * inline style element); `assetsInlineLimit: 0` in console/vite.config.ts keeps images out of data:
 * URLs. A map tile server (issue 12, MAP_TILE_URL) will add its origin to img-src here.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function consoleDirectives(production: boolean): Record<string, string[]> {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'"],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
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
export const consoleCsp = (production: boolean): RequestHandler =>
  helmet.contentSecurityPolicy({ useDefaults: false, directives: consoleDirectives(production) });
