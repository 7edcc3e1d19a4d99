/** Makes the chosen AuthProvider and its live session available to every component. */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { AuthProvider, Session } from './types';

const AuthContext = createContext<AuthProvider | null>(null);

export function AuthProviderContext({ provider, children }: { provider: AuthProvider; children: ReactNode }) {
  return <AuthContext.Provider value={provider}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthProvider {
  const provider = useContext(AuthContext);
  if (!provider) throw new Error('useAuth outside AuthProviderContext');
  return provider;
}

export function useSession(): Session | null {
  const provider = useAuth();
  return useSyncExternalStore(provider.subscribe, provider.session);
}

/** For screens behind RequireSession: the session is there. */
export function useSignedIn(): Session {
  const session = useSession();
  if (!session) throw new Error('useSignedIn outside RequireSession');
  return session;
}
