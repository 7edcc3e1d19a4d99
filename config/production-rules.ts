/**
 * What production demands beyond a well-formed value: no secret copied from an example file, an
 * identity provider's tokens checked for issuer and audience, and every URL the service sends
 * personal data or trusts keys from on https. Outside production the same values are accepted, so a
 * development machine and the tests can use plain-HTTP receivers on loopback.
 */
import type { AlertWebhook } from './env-values';
import { isExampleSecret, isSecretVariable } from './example-secrets';

export interface ConfigProblem {
  path: string;
  message: string;
}

interface ProductionEnv {
  NODE_ENV: string;
  DATABASE_URL?: string;
  DATABASE_MIGRATION_URL?: string;
  DATABASE_ADMIN_URL?: string;
  AUTH_JWKS_URL?: string;
  AUTH_JWT_ISSUER?: string;
  AUTH_JWT_AUDIENCE?: string;
  AUTH_OIDC_ISSUER?: string;
  NOTIFY_WEBHOOK_URL?: string;
  ALERT_WEBHOOKS: readonly AlertWebhook[];
}

const EXAMPLE = 'is an example value from the repository (deploy/*.env.example); set a secret of your own, e.g. `openssl rand -base64 32`';
const HTTPS = 'must be an https URL in production';

const isHttps = (url: string) => new URL(url).protocol === 'https:';

function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

function exampleSecrets(env: ProductionEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (isSecretVariable(name) && typeof value === 'string' && isExampleSecret(value)) problems.push({ path: name, message: EXAMPLE });
  }
  for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_ADMIN_URL'] as const) {
    const dbPassword = databasePassword(env[name]);
    if (dbPassword && isExampleSecret(dbPassword)) problems.push({ path: name, message: `its password ${EXAMPLE}` });
  }
  env.ALERT_WEBHOOKS.forEach((webhook, i) => {
    if (isExampleSecret(webhook.secret)) problems.push({ path: 'ALERT_WEBHOOKS', message: `${i}.secret (channel ${webhook.name}) ${EXAMPLE}` });
  });
  return problems;
}

function plainUrls(env: ProductionEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const name of ['AUTH_JWKS_URL', 'AUTH_OIDC_ISSUER', 'NOTIFY_WEBHOOK_URL'] as const) {
    const url = env[name];
    if (url && !isHttps(url)) problems.push({ path: name, message: HTTPS });
  }
  env.ALERT_WEBHOOKS.forEach((webhook, i) => {
    if (!isHttps(webhook.url)) problems.push({ path: 'ALERT_WEBHOOKS', message: `${i}.url (channel ${webhook.name}) ${HTTPS}` });
  });
  return problems;
}

/** Every problem of a production configuration; none outside production. */
export function productionProblems(env: ProductionEnv): ConfigProblem[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems = [...exampleSecrets(env), ...plainUrls(env)];
  if (env.AUTH_JWKS_URL) {
    for (const name of ['AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE'] as const) {
      if (!env[name]) problems.push({ path: name, message: 'is required in production with AUTH_JWKS_URL (the identity provider\'s tokens must be meant for this service)' });
    }
  }
  return problems;
}
