/**
 * Production sign-in: OpenID Connect, authorization code with PKCE (oidc-client-ts), against the
 * provider whose JWKS the API trusts (AUTH_OIDC_ISSUER, public client AUTH_OIDC_CLIENT_ID).
 *
 * - Signing in is a top-level navigation to the provider and back to `redirectUri` (the console's
 *   root); `ready` settles once that return is processed, before any route renders.
 * - Tokens live in memory only (`userStore` over InMemoryWebStorage): a reload signs in again (at
 *   the provider, which usually still knows the user and sends them straight back). What survives the
 *   round trip in sessionStorage is the sign-in request's state and PKCE verifier, removed on return.
 * - Silent renew uses the refresh token (no iframe, so the page needs no frame-src); without one the
 *   session ends with the access token and the user signs in again.
 * - Role and jurisdiction are read from the access token's claims, as the API reads them
 *   (api/auth/principal.ts); the ID token's claims only fill what the access token lacks.
 * - Signing out forgets the tokens, then ends the session at the provider (its end_session_endpoint)
 *   and comes back to the console.
 *
 * oidc-client-ts loads only when this installation uses it (it is not in a development build's first load).
 */
import type { User, UserManager } from 'oidc-client-ts';
import type { OidcAuthConfig } from '../api/console-config';
import { SessionStore } from './session-store';
import { ROLES, type AuthProvider, type Principal, type Role, type Session } from './types';

export type OidcSignInError = 'failed' | 'noRole';

export interface OidcAuthProvider extends AuthProvider {
  readonly kind: 'oidc';
  readonly issuer: string;
  /** Goes to the provider; the browser comes back to `returnTo` (a path under /console). */
  signIn(returnTo: string, language?: string): Promise<void>;
  /** Why the last return from the provider did not sign anyone in. */
  error(): OidcSignInError | null;
}

const BASE = '/console';

function claimsOf(token: string): Record<string, unknown> {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const json = atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  } catch {
    return {}; // an opaque access token: the API could not read it either
  }
}

export function principalOf(user: Pick<User, 'access_token' | 'profile'>): Principal | null {
  const claims = { ...user.profile, ...claimsOf(user.access_token) } as Record<string, unknown>;
  const { sub, role, jurisdiction } = claims;
  if (typeof sub !== 'string' || typeof jurisdiction !== 'string' || !ROLES.includes(role as Role)) return null;
  return { sub, role: role as Role, jurisdiction };
}

const sessionOf = (user: User): Session | null => {
  const principal = principalOf(user);
  if (!principal || user.expired) return null;
  return { accessToken: user.access_token, principal, expiresAt: new Date((user.expires_at ?? 0) * 1000) };
};

/** The provider came back to the redirect URI with an answer (a code, or an error) for a request of ours. */
const isReturn = (redirectUri: string) => {
  const here = new URL(window.location.href);
  return here.pathname === new URL(redirectUri).pathname && here.searchParams.has('state') && (here.searchParams.has('code') || here.searchParams.has('error'));
};

/** A path under /console that the router understands, from what the sign-in request carried. */
const routerPath = (returnTo: unknown) => (typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/cases');

export function createOidcProvider(config: OidcAuthConfig): OidcAuthProvider {
  const store = new SessionStore();
  let lastError: OidcSignInError | null = null;

  const manager: Promise<UserManager> = import('oidc-client-ts').then(({ UserManager, WebStorageStateStore, InMemoryWebStorage }) => {
    const userManager = new UserManager({
      authority: config.issuer,
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
      post_logout_redirect_uri: config.redirectUri,
      response_type: 'code',
      scope: config.scope,
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      stateStore: new WebStorageStateStore({ store: window.sessionStorage, prefix: 'mca.oidc.' }),
      automaticSilentRenew: true,
      monitorSession: false,
      loadUserInfo: false,
    });
    userManager.events.addUserLoaded((user) => store.set(sessionOf(user)));
    userManager.events.addUserUnloaded(() => store.set(null));
    userManager.events.addAccessTokenExpired(() => store.set(null));
    return userManager;
  });

  const ready = (async () => {
    if (!isReturn(config.redirectUri)) return;
    const userManager = await manager;
    let returnTo = '/sign-in';
    try {
      const user = await userManager.signinRedirectCallback(window.location.href);
      if (principalOf(user)) {
        returnTo = routerPath((user.state as { returnTo?: unknown } | undefined)?.returnTo);
      } else {
        lastError = 'noRole';
        await userManager.removeUser();
      }
    } catch {
      lastError = 'failed';
    }
    // The code and state leave the address bar (and the history) before the router reads it.
    window.history.replaceState(null, '', `${BASE}${returnTo}`);
  })();

  return {
    kind: 'oidc',
    issuer: config.issuer,
    ready,
    session: () => store.get(),
    subscribe: (listener) => store.subscribe(listener),
    error: () => lastError,
    async signIn(returnTo, language) {
      lastError = null;
      const userManager = await manager;
      await userManager.signinRedirect({ state: { returnTo: routerPath(returnTo) }, ...(language ? { ui_locales: language } : {}) });
    },
    async signOut() {
      const userManager = await manager;
      const user = await userManager.getUser();
      await userManager.removeUser();
      store.set(null);
      if (!user) return;
      try {
        await userManager.signoutRedirect({ id_token_hint: user.id_token, post_logout_redirect_uri: config.redirectUri });
      } catch {
        // The provider offers no end-session endpoint: the console's own sign-out is done.
      }
    },
  };
}
