/** Development sign-in: POST /dev/sign-in mints a short-lived token for the chosen role and jurisdiction. */
import { apiRequest } from '../api/client';
import type { DevelopmentAuthConfig } from '../api/console-config';
import { SessionStore } from './session-store';
import type { DevelopmentAuthProvider, DevSignInChoice, Principal, Role, Session } from './types';

interface DevSignInAnswer {
  token: string;
  expiresAt: string;
  principal: Principal;
}

export function createDevelopmentProvider(config: DevelopmentAuthConfig): DevelopmentAuthProvider {
  const store = new SessionStore();
  return {
    kind: 'development',
    ready: Promise.resolve(),
    roles: config.roles as readonly Role[],
    national: config.national,
    suggestedJurisdictions: config.suggestedJurisdictions,
    session: () => store.get(),
    subscribe: (listener) => store.subscribe(listener),
    async signIn(choice: DevSignInChoice): Promise<Session> {
      const answer = await apiRequest<DevSignInAnswer>(config.signInPath, { method: 'POST', body: choice });
      const session = { accessToken: answer.token, principal: answer.principal, expiresAt: new Date(answer.expiresAt) };
      store.set(session);
      return session;
    },
    async signOut() {
      store.set(null);
    },
  };
}
