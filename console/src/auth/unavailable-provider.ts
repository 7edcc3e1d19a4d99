/** No sign-in this console can do (production before OpenID Connect is wired): the page says so. */
import type { AuthProvider } from './types';

export function createUnavailableProvider(): AuthProvider {
  return {
    kind: 'unavailable',
    ready: Promise.resolve(),
    session: () => null,
    subscribe: () => () => undefined,
    signOut: async () => undefined,
  };
}
