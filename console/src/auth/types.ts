/**
 * The console's view of sign-in. Every way of signing in is an `AuthProvider`, chosen from
 * /console/config.json (`auth.mode`): the development one (dev-provider.ts) and production OpenID
 * Connect (oidc-provider.ts: oidc-client-ts, authorization code with PKCE, silent renew). The rest of
 * the console sees only `Session`.
 */
export const ROLES = ['intake_officer', 'prosecutor', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The claims the API verifies (api/auth/principal.ts). */
export interface Principal {
  sub: string;
  role: Role;
  /** A region code, or `*` for national staff. */
  jurisdiction: string;
}

/** Held in memory only: never localStorage or sessionStorage, gone on reload. */
export interface Session {
  accessToken: string;
  principal: Principal;
  expiresAt: Date;
}

export type SessionListener = (session: Session | null) => void;

export interface AuthProvider {
  readonly kind: 'development' | 'oidc' | 'unavailable';
  /** Settles once the provider knows whether someone is signed in (OpenID: the return from the provider is processed). */
  readonly ready: Promise<void>;
  /** The current session, or null when signed out or expired. */
  session(): Session | null;
  subscribe(listener: SessionListener): () => void;
  signOut(): Promise<void>;
}

/** What the development sign-in page sends (POST /dev/sign-in). */
export interface DevSignInChoice {
  role: Role;
  jurisdiction: string;
  sub?: string;
}

export interface DevelopmentAuthProvider extends AuthProvider {
  readonly kind: 'development';
  readonly roles: readonly Role[];
  readonly national: string;
  readonly suggestedJurisdictions: readonly string[];
  signIn(choice: DevSignInChoice): Promise<Session>;
}
