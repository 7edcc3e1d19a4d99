/**
 * Deployment configuration: worker tuning and role selection are validated with the variable named,
 * a bad role stops the container entry before it connects anywhere, and the committed env examples
 * list every variable the service and the compose file read, with no secret in the compose file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, envSchema, loadConfig } from '../config/env';
import { PROJECT_ROOT } from '../devtools/paths';
import { loadRoleConfig, resolveRole } from '../service/role-process';

const problems = (read: () => unknown): string[] => {
  try {
    read();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

test('worker tuning: documented defaults, bad values named, concurrency within the cache', () => {
  expect(loadConfig({})).toMatchObject({ WORKER_MAX_CACHED_WORKFLOWS: 200, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 40, WORKER_MAX_CONCURRENT_ACTIVITIES: 100 });
  expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500', WORKER_MAX_CONCURRENT_ACTIVITIES: '20' })).toMatchObject({ WORKER_MAX_CACHED_WORKFLOWS: 500, WORKER_MAX_CONCURRENT_ACTIVITIES: 20 });
  expect(problems(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'lots' }))[0]).toMatch(/^WORKER_MAX_CACHED_WORKFLOWS: /);
  expect(problems(() => loadConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: '0' }))[0]).toMatch(/^WORKER_MAX_CONCURRENT_ACTIVITIES: /);
  expect(problems(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '2.5' }))[0]).toMatch(/^WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: /);
  expect(problems(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '20', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '50' }))).toEqual([
    'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: must not exceed WORKER_MAX_CACHED_WORKFLOWS',
  ]);
});

test('role: the command argument or SERVICE_ROLE, validated, never guessed', () => {
  expect(resolveRole('worker', {})).toBe('worker');
  expect(resolveRole(undefined, { SERVICE_ROLE: 'api' })).toBe('api');
  expect(resolveRole('api', { SERVICE_ROLE: ' api ' })).toBe('api');
  expect(problems(() => resolveRole('web', {}))).toEqual(['role argument: "web" is not a role (api or worker)']);
  expect(problems(() => resolveRole(undefined, { SERVICE_ROLE: 'both' }))).toEqual(['SERVICE_ROLE: "both" is not a role (api or worker)']);
  expect(problems(() => resolveRole('api', { SERVICE_ROLE: 'worker' }))).toEqual(['SERVICE_ROLE: is "worker" but the role argument is "api"']);
  expect(problems(() => resolveRole(undefined, { SERVICE_ROLE: '' }))).toEqual(['SERVICE_ROLE: is required (api or worker), or give the role as the command argument']);
});

test('a single-role process needs its servers, and the API a way to verify tokens', () => {
  expect(problems(() => loadRoleConfig('worker', {}))).toEqual([
    'TEMPORAL_ADDRESS: is required for a worker-only process',
    'DATABASE_URL: is required for a worker-only process',
  ]);
  const servers = { TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgres://u:p@db:5432/alerts' };
  expect(problems(() => loadRoleConfig('api', servers))).toEqual(['AUTH_JWKS_URL: or AUTH_JWT_SECRET is required for an API-only process']);
  expect(problems(() => loadRoleConfig('api', { ...servers, AUTH_JWKS_URL: 'https://idp.example.org/jwks' }))).toEqual([]);
  expect(problems(() => loadRoleConfig('worker', servers))).toEqual([]);
});

test('the container entry refuses an unknown role or a bad tuning value before connecting anywhere', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, SERVICE_ROLE: '', TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
  const unknown = run(['scheduler'], {});
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toContain('role argument: "scheduler" is not a role (api or worker)');
  const badTuning = run([], { SERVICE_ROLE: 'worker', WORKER_MAX_CACHED_WORKFLOWS: 'many' });
  expect(badTuning.status).toBe(1);
  expect(badTuning.stderr).toMatch(/WORKER_MAX_CACHED_WORKFLOWS: /);
  expect(badTuning.stdout).not.toContain('polling');
});

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
/** `NAME=` lines of an env file, set or commented out (a commented line documents the default). */
const listed = (file: string) => new Set([...read(file).matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

test('deploy/.env.example lists every application variable; the stack example every compose variable', () => {
  const appExample = listed('deploy/.env.example');
  expect(Object.keys(envSchema.shape).filter((name) => !appExample.has(name))).toEqual([]);
  const compose = read('docker-compose.yml');
  const interpolated = new Set([...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
  const stackExample = listed('deploy/stack.env.example');
  expect([...interpolated].filter((name) => !stackExample.has(name))).toEqual([]);
});

test('docker-compose.yml holds no secret: every password comes from the env file and is required', () => {
  const compose = read('docker-compose.yml');
  const secretLines = compose.split('\n').filter((line) => /^\s*[A-Z_]*(PASSWORD|PWD|SECRET|API_KEY)[A-Z_]*:/.test(line));
  expect(secretLines.length).toBeGreaterThanOrEqual(4);
  for (const line of secretLines) expect(line).toMatch(/\$\{[A-Z_]+:\?[^}]+\}/);
  expect(compose).toMatch(/DATABASE_URL: postgres:\/\/\$\{APP_DB_USER:-alerts\}:\$\{APP_DB_PASSWORD:\?/);
});
