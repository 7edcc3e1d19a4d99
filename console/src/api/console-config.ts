/** GET /console/config.json (api/console/console-config.ts): how this installation signs in. */
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';

export interface DevelopmentAuthConfig {
  mode: 'development';
  signInPath: string;
  roles: readonly string[];
  national: string;
  suggestedJurisdictions: string[];
}

/** OpenID Connect, authorization code with PKCE (auth/oidc-provider.ts). */
export interface OidcAuthConfig {
  mode: 'oidc';
  issuer: string;
  clientId: string;
  scope: string;
  /** `<PUBLIC_BASE_URL>/console/`, as registered at the provider. */
  redirectUri: string;
}

/** The map's base layer: the service area's outline, [lat, lon] vertices (an open ring). */
export interface MapConfig {
  country: { code: string; name: string; polygon: Array<[number, number]> };
  /** A tile server, only when the service names one (MAP_TILE_URL). */
  tiles?: { url: string; attribution: string };
}

/** The photo limits the API applies (it checks again, by content) and the hosts photo links may name. */
export interface PhotoConfig {
  maxFiles: number;
  maxBytes: number;
  types: readonly string[];
  urlHosts: readonly string[];
}

export interface ConsoleConfig {
  auth: DevelopmentAuthConfig | OidcAuthConfig | { mode: 'unavailable' };
  map: MapConfig;
  photos: PhotoConfig;
}

/** Read once before the app renders: the auth provider depends on it. */
export const loadConsoleConfig = () => apiRequest<ConsoleConfig>('/console/config.json');

export const CONFIG_QUERY_KEY = ['console-config'] as const;

export function useConsoleConfig() {
  return useQuery({ queryKey: CONFIG_QUERY_KEY, queryFn: loadConsoleConfig, staleTime: Infinity, retry: 2 });
}
