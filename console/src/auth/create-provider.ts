/** The provider for this installation, from /console/config.json. */
import type { ConsoleConfig } from '../api/console-config';
import { createDevelopmentProvider } from './dev-provider';
import { createOidcProvider } from './oidc-provider';
import type { AuthProvider } from './types';
import { createUnavailableProvider } from './unavailable-provider';

// One provider per configuration: the OpenID one processes the provider's return once, even when React
// renders twice (StrictMode in development).
const providers = new WeakMap<ConsoleConfig, AuthProvider>();

export function createAuthProvider(config: ConsoleConfig): AuthProvider {
  let provider = providers.get(config);
  if (!provider) {
    provider = make(config);
    providers.set(config, provider);
  }
  return provider;
}

function make(config: ConsoleConfig): AuthProvider {
  switch (config.auth.mode) {
    case 'development':
      return createDevelopmentProvider(config.auth);
    case 'oidc':
      return createOidcProvider(config.auth);
    case 'unavailable':
      return createUnavailableProvider();
  }
}
