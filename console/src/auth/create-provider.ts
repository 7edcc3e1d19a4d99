/** The provider for this installation, from /console/config.json. OpenID Connect plugs in here. */
import type { ConsoleConfig } from '../api/console-config';
import { createDevelopmentProvider } from './dev-provider';
import type { AuthProvider } from './types';
import { createUnavailableProvider } from './unavailable-provider';

export function createAuthProvider(config: ConsoleConfig): AuthProvider {
  switch (config.auth.mode) {
    case 'development':
      return createDevelopmentProvider(config.auth);
    case 'unavailable':
      return createUnavailableProvider();
  }
}
