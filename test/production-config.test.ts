/**
 * Production refuses what the repository ships as an example (every secret of deploy/*.env.example,
 * or anything with change-me), names the variable and never echoes the value; an identity provider's
 * tokens need issuer and audience; URLs that receive personal data or give keys must be https.
 * Development and tests keep accepting loopback http and placeholder secrets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { envSchema, loadConfig } from '../config/env';
import { configProblems } from './helpers/config-problems';
import { EXAMPLE_SECRET_VALUES, isSecretVariable, NOT_SECRET_VARIABLES } from '../config/example-secrets';
import { PROJECT_ROOT } from '../devtools/paths';

const EXAMPLE_FILES = fs.readdirSync(path.join(PROJECT_ROOT, 'deploy')).filter((f) => f.endsWith('.example')).map((f) => `deploy/${f}`);

/** `NAME=value` lines of an env file, set or commented out. */
function entries(file: string): Array<[string, string]> {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  return [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2].trim()]);
}

/** Every secret value the example files give, partner webhook secrets included. */
function exampleSecrets(): string[] {
  const found = new Set<string>();
  for (const file of EXAMPLE_FILES) {
    for (const [name, value] of entries(file)) {
      if (value === '') continue;
      if (isSecretVariable(name)) found.add(value);
      if (name === 'ALERT_WEBHOOKS') for (const webhook of JSON.parse(value) as Array<{ secret: string }>) found.add(webhook.secret);
    }
  }
  return [...found].sort();
}

const problems = (env: Record<string, string | undefined>): string[] => configProblems(() => loadConfig(env));

const FRESH_SECRET = 'Zq3v9Jx1pL0sN8rT4wY6bC2dF5gH7kM9nQ1aS3eU';
const FRESH_KEY = Buffer.alloc(32, 7).toString('base64');
const production = (env: Record<string, string>) => ({ NODE_ENV: 'production', AUTH_JWT_SECRET: FRESH_SECRET, PAYLOAD_ENCRYPTION_KEY: FRESH_KEY, FINGERPRINT_KEYS: `fp-1:${FRESH_KEY}`, ...env });

test('config/example-secrets.ts lists exactly the secrets of the example files', () => {
  expect(EXAMPLE_FILES).toEqual(expect.arrayContaining(['deploy/.env.example', 'deploy/stack.env.example']));
  expect([...EXAMPLE_SECRET_VALUES].sort()).toEqual(exampleSecrets());
});

test('every variable named like a secret is classified: a secret, or a path', () => {
  const named = Object.keys(envSchema.shape).filter((name) => /KEY|SECRET|PASSWORD|TOKEN/.test(name));
  expect(named.filter((name) => !isSecretVariable(name) && !NOT_SECRET_VARIABLES.includes(name))).toEqual([]);
});

test('production refuses the example application env file as shipped, naming each variable, never the value', () => {
  const shipped = Object.fromEntries(entries('deploy/.env.example').filter(([, v]) => v !== ''));
  const found = problems({ ...shipped, NODE_ENV: 'production' });
  expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^PAYLOAD_ENCRYPTION_KEY: is an example value/), expect.stringMatching(/^AUTH_JWT_SECRET: is an example value/)]));
  for (const value of EXAMPLE_SECRET_VALUES) expect(found.join('\n')).not.toContain(value);
  // The same file is a development configuration that loads (the HS256 secret is long enough; the
  // example keys are placeholders that are no base64 key at all, so real ones stand in for them).
  expect(problems({ ...shipped, NODE_ENV: 'development', PAYLOAD_ENCRYPTION_KEY: FRESH_KEY, FINGERPRINT_KEYS: `fp-1:${FRESH_KEY}` })).toEqual([]);
});

test('production refuses each example secret in every secret variable, and anything with change-me', () => {
  expect(problems(production({}))).toEqual([]);
  for (const value of EXAMPLE_SECRET_VALUES) {
    // Some are also too short for it: the example rule is said whatever else is.
    expect(problems(production({ AUTH_JWT_SECRET: value }))).toContainEqual(expect.stringMatching(/^AUTH_JWT_SECRET: is an example value/));
    expect(problems(production({ NOTIFY_WEBHOOK_URL: 'https://notify.police.example/hook', NOTIFY_WEBHOOK_SECRET: value }))).toEqual([expect.stringMatching(/^NOTIFY_WEBHOOK_SECRET: is an example value/)]);
    expect(problems(production({ TEMPORAL_API_KEY: value }))).toEqual([expect.stringMatching(/^TEMPORAL_API_KEY: is an example value/)]);
    // The compose file builds DATABASE_URL from the stack file's APP_DB_PASSWORD.
    expect(problems(production({ DATABASE_URL: `postgres://alerts:${value}@postgres:5432/alerts` }))).toEqual([expect.stringMatching(/^DATABASE_URL: its password is an example value/)]);
    const webhooks = JSON.stringify([{ name: 'radio', url: 'https://radio.example/cap', secret: value }]);
    expect(problems(production({ ALERT_WEBHOOKS: webhooks }))).toEqual(['ALERT_WEBHOOKS: 0.secret (channel radio) is an example value from the repository (deploy/*.env.example); set a secret of your own, e.g. `openssl rand -base64 32`']);
  }
  expect(problems(production({ AUTH_JWT_SECRET: 'a-long-secret-that-says-change-me-somewhere-0123' }))).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET: is an example value/)]);
  expect(problems(production({ PAYLOAD_ENCRYPTION_KEY: '', PAYLOAD_ENCRYPTION_KEYS: `new:${FRESH_KEY},old:change-me-old-key` }))).toEqual([expect.stringMatching(/^PAYLOAD_ENCRYPTION_KEYS: is an example value/)]);
  // Outside production the placeholders work, so a development copy of the example file starts.
  expect(problems({ AUTH_JWT_SECRET: EXAMPLE_SECRET_VALUES[1] })).toEqual([]);
});

test('production with a JWKS requires the issuer and the audience', () => {
  const jwks = { AUTH_JWT_SECRET: '', AUTH_JWKS_URL: 'https://idp.police.example/certs' };
  expect(problems(production(jwks))).toEqual([
    expect.stringMatching(/^AUTH_JWT_ISSUER: is required in production with AUTH_JWKS_URL/),
    expect.stringMatching(/^AUTH_JWT_AUDIENCE: is required in production with AUTH_JWKS_URL/),
  ]);
  expect(problems(production({ ...jwks, AUTH_JWT_ISSUER: 'https://idp.police.example' }))).toEqual([expect.stringMatching(/^AUTH_JWT_AUDIENCE: is required/)]);
  expect(problems(production({ ...jwks, AUTH_JWT_ISSUER: 'https://idp.police.example', AUTH_JWT_AUDIENCE: 'missing-child-alerts' }))).toEqual([]);
  expect(problems({ ...jwks, NODE_ENV: 'development' })).toEqual([]);
});

test('production requires https for the JWKS, the OpenID issuer, the notification webhook and every partner; loopback http works elsewhere', () => {
  const plain = {
    AUTH_JWT_SECRET: '',
    AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs',
    AUTH_JWT_ISSUER: 'http://127.0.0.1:8080',
    AUTH_JWT_AUDIENCE: 'missing-child-alerts',
    AUTH_OIDC_ISSUER: 'http://127.0.0.1:8080',
    AUTH_OIDC_CLIENT_ID: 'console',
    NOTIFY_WEBHOOK_URL: 'http://localhost:9000/notify',
    NOTIFY_WEBHOOK_SECRET: FRESH_SECRET,
    ALERT_WEBHOOKS: JSON.stringify([
      { name: 'radio', url: 'https://radio.example/cap', secret: FRESH_SECRET },
      { name: 'tv', url: 'http://tv.example/cap', secret: FRESH_SECRET },
    ]),
  };
  expect(problems(production(plain))).toEqual([
    'AUTH_JWKS_URL: must be an https URL in production',
    'AUTH_OIDC_ISSUER: must be an https URL in production',
    'NOTIFY_WEBHOOK_URL: must be an https URL in production',
    'ALERT_WEBHOOKS: 1.url (channel tv) must be an https URL in production',
  ]);
  expect(problems({ ...plain, NODE_ENV: 'test' })).toEqual([]);
  expect(problems({ ...plain, NODE_ENV: 'development' })).toEqual([]);
});
