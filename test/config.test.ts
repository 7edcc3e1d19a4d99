import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, envSchema, loadConfig } from '../config/env';
import { PROJECT_ROOT } from '../devtools/paths';

const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

test('the defaults are the documented ones', () => {
  const config = loadConfig({});
  expect(config.policy).toEqual({
    approvalReminderAfterMs: 15 * 60_000,
    approvalEscalateAfterMs: 3_600_000,
    expansionIntervalMs: 3_600_000,
    expansionRadiiKm: [10, 40, 160],
    rebroadcastIntervalMs: 24 * 3_600_000,
    retentionAfterCloseMs: 30 * 24 * 3_600_000,
    historyEventLimit: 2_000,
    alertChannels: [],
    alertDeliveryRetryMaxIntervalMs: 30_000,
    stateSightingsMax: 50,
    notifyMaxAttempts: 5,
  });
  expect(config).toMatchObject({ PORT: 3000, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'missing-child-cases', COUNTRY: 'MA' });
  expect(config.country.name).toBe('Morocco');
});

test('durations and tiers are overridable so a demo runs a case in seconds', () => {
  const config = loadConfig({ EXPANSION_INTERVAL: '3s', EXPANSION_RADII_KM: '5, 20', APPROVAL_REMINDER_AFTER: '500ms', APPROVAL_ESCALATE_AFTER: '2s' });
  expect(config.policy).toMatchObject({ expansionIntervalMs: 3_000, expansionRadiiKm: [5, 20], approvalReminderAfterMs: 500, approvalEscalateAfterMs: 2_000 });
});

test('each wrong value is reported with the name of its variable', () => {
  expect(problems({ EXPANSION_INTERVAL: 'hourly' })).toEqual(['EXPANSION_INTERVAL: "hourly" is not a duration like 3s, 15m, 1h or 30d']);
  expect(problems({ EXPANSION_RADII_KM: '40,10' })).toEqual(['EXPANSION_RADII_KM: "40,10" must be increasing positive kilometres, e.g. 10,40,160']);
  expect(problems({ PORT: '70000' })[0]).toMatch(/^PORT: /);
  expect(problems({ APPROVAL_REMINDER_AFTER: '2h' })).toEqual(['APPROVAL_ESCALATE_AFTER: must be longer than APPROVAL_REMINDER_AFTER']);
  // A notification attempt is given 30 s: its POST must end well before.
  expect(problems({ NOTIFY_TIMEOUT: '25s' })).toEqual(['NOTIFY_TIMEOUT: must be at most 20s (a notification attempt is given 30s)']);
  expect(problems({ NOTIFY_MAX_ATTEMPTS: '0' })).toEqual([expect.stringMatching(/^NOTIFY_MAX_ATTEMPTS: /)]);
  expect(problems({ NOTIFY_WEBHOOK_URL: 'https://notify.example.org/hook' })).toEqual([
    'NOTIFY_WEBHOOK_SECRET: is required when NOTIFY_WEBHOOK_URL is set (requests are signed)',
  ]);
  expect(problems({ COUNTRY: 'FR' })[0]).toMatch(/^COUNTRY: has no built-in area/);
  expect(problems({ AUTH_JWT_SECRET: 'short' })).toEqual(['AUTH_JWT_SECRET: must be at least 32 characters']);
});

test('npm start refuses to start on a wrong value, naming the variable, before starting anything', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, REBROADCAST_INTERVAL: 'daily' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('REBROADCAST_INTERVAL: "daily" is not a duration');
  expect(result.stdout).not.toContain('started Temporal dev server');
});

test('the README documents every configuration variable', () => {
  const variables = Object.keys(envSchema.shape);
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  expect(variables.filter((name) => !readme.includes(`| \`${name}\``) && !readme.includes(` / \`${name}\``))).toEqual([]);
});

test('the console sign-in settings: issuer and client id together, with a JWKS; the scope includes openid', () => {
  const base = { ...process.env, AUTH_JWT_SECRET: undefined, AUTH_OIDC_ISSUER: undefined, AUTH_OIDC_CLIENT_ID: undefined, AUTH_JWKS_URL: undefined, AUTH_OIDC_SCOPE: undefined };
  expect(loadConfig(base).AUTH_OIDC_SCOPE).toBe('openid profile');
  const problems = (env: Record<string, string | undefined>) => {
    try {
      loadConfig({ ...base, ...env });
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };
  expect(problems({ AUTH_OIDC_ISSUER: 'https://idp.example', AUTH_JWKS_URL: 'https://idp.example/jwks' })).toEqual([expect.stringContaining('AUTH_OIDC_CLIENT_ID: AUTH_OIDC_ISSUER and AUTH_OIDC_CLIENT_ID go together')]);
  expect(problems({ AUTH_OIDC_ISSUER: 'https://idp.example', AUTH_OIDC_CLIENT_ID: 'console' })).toEqual([expect.stringContaining('AUTH_JWKS_URL: is required with AUTH_OIDC_ISSUER')]);
  expect(problems({ AUTH_OIDC_ISSUER: 'not a url', AUTH_OIDC_CLIENT_ID: 'console', AUTH_JWKS_URL: 'https://idp.example/jwks' })).toEqual([expect.stringMatching(/^AUTH_OIDC_ISSUER: /)]);
  expect(problems({ AUTH_OIDC_ISSUER: 'https://idp.example', AUTH_OIDC_CLIENT_ID: 'console', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_OIDC_SCOPE: 'profile' })).toEqual(['AUTH_OIDC_SCOPE: must include openid']);
  expect(problems({ AUTH_OIDC_ISSUER: 'https://idp.example', AUTH_OIDC_CLIENT_ID: 'console', AUTH_JWKS_URL: 'https://idp.example/jwks' })).toEqual([]);
});
