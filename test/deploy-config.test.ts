/**
 * Deployment configuration: worker tuning and role selection are validated with the variable named,
 * a bad role stops the container entry before it connects anywhere, and the committed env examples
 * list every variable the service and the compose file read, with no secret in the compose file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { envSchema, loadConfig } from '../config/env';
import { PROJECT_ROOT } from '../devtools/paths';
import { loadRoleConfig, resolveRole } from '../service/role-process';
import { configProblems } from './helpers/config-problems';


test('worker tuning: documented defaults, bad values named, concurrency within the cache', () => {
  expect(loadConfig({})).toMatchObject({ WORKER_MAX_CACHED_WORKFLOWS: 1000, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 40, WORKER_MAX_CONCURRENT_ACTIVITIES: 100 });
  expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500', WORKER_MAX_CONCURRENT_ACTIVITIES: '20' })).toMatchObject({ WORKER_MAX_CACHED_WORKFLOWS: 500, WORKER_MAX_CONCURRENT_ACTIVITIES: 20 });
  expect(configProblems(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'lots' }))[0]).toMatch(/^WORKER_MAX_CACHED_WORKFLOWS: /);
  expect(configProblems(() => loadConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: '0' }))[0]).toMatch(/^WORKER_MAX_CONCURRENT_ACTIVITIES: /);
  expect(configProblems(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '2.5' }))[0]).toMatch(/^WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: /);
  expect(configProblems(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '20', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '50' }))).toEqual([
    'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: must not exceed WORKER_MAX_CACHED_WORKFLOWS',
  ]);
});

test('role: the command argument or SERVICE_ROLE, validated, never guessed', () => {
  expect(resolveRole('worker', {})).toBe('worker');
  expect(resolveRole(undefined, { SERVICE_ROLE: 'api' })).toBe('api');
  expect(resolveRole('api', { SERVICE_ROLE: ' api ' })).toBe('api');
  expect(configProblems(() => resolveRole('web', {}))).toEqual(['role argument: "web" is not a role (api or worker)']);
  expect(configProblems(() => resolveRole(undefined, { SERVICE_ROLE: 'both' }))).toEqual(['SERVICE_ROLE: "both" is not a role (api or worker)']);
  expect(configProblems(() => resolveRole('api', { SERVICE_ROLE: 'worker' }))).toEqual(['SERVICE_ROLE: is "worker" but the role argument is "api"']);
  expect(configProblems(() => resolveRole(undefined, { SERVICE_ROLE: '' }))).toEqual(['SERVICE_ROLE: is required (api or worker), or give the role as the command argument']);
});

test('a single-role process needs its servers, and the API a way to verify tokens', () => {
  expect(configProblems(() => loadRoleConfig('worker', {}))).toEqual([
    'TEMPORAL_ADDRESS: is required for a worker-only process',
    'DATABASE_URL: is required for a worker-only process',
  ]);
  const servers = { TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgres://u:p@db:5432/alerts' };
  expect(configProblems(() => loadRoleConfig('api', servers))).toEqual(['AUTH_JWKS_URL: or AUTH_JWT_SECRET is required for an API-only process']);
  expect(configProblems(() => loadRoleConfig('api', { ...servers, AUTH_JWKS_URL: 'https://idp.example.org/jwks' }))).toEqual([]);
  expect(configProblems(() => loadRoleConfig('worker', servers))).toEqual([]);
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
  // Required (`:?`), or, for an optional feature's secret, empty unless the env file sets it (`-}`): never a value of its own.
  for (const line of secretLines) expect(line).toMatch(/\$\{[A-Z_]+(:\?[^}]+|-)\}/);
  expect(compose).toMatch(/DATABASE_URL: &app-database-url postgres:\/\/\$\{APP_DB_USER:-alerts_app\}:\$\{APP_DB_PASSWORD:\?/);
});

interface ComposeService {
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: unknown[];
}
/** The stack as docker-compose resolves it from the shipped examples (fails if the file is invalid). */
function resolvedCompose(): Record<string, ComposeService> {
  const run = spawnSync('docker-compose', ['--env-file', 'deploy/stack.env.example', '-f', 'docker-compose.yml', 'config'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, APP_ENV_FILE: 'deploy/.env.example' },
    encoding: 'utf8',
  });
  if (run.error || run.status !== 0) throw new Error(`docker-compose config failed (.ci/run installs Debian's docker-compose): ${run.error?.message ?? run.stderr}`);
  return (YAML.parse(run.stdout) as { services: Record<string, ComposeService> }).services;
}

test('database roles: a one-shot job sets up the owner and application roles and migrates; the api and workers get the application role only', () => {
  const services = resolvedCompose();
  const setup = services['app-db-setup'];
  expect(setup.entrypoint).toEqual(['node', '--import', 'tsx', 'scripts/setup-database.ts']);
  expect(setup.depends_on).toEqual({ 'app-db': { condition: 'service_healthy' } });
  const user = (url: string | undefined) => new URL(url!).username;
  expect([user(setup.environment!.DATABASE_ADMIN_URL), user(setup.environment!.DATABASE_MIGRATION_URL), user(setup.environment!.DATABASE_URL)]).toEqual(['postgres', 'alerts_owner', 'alerts_app']);
  expect(services['app-db'].environment!.POSTGRES_USER).toBe('postgres');
  for (const name of ['api', 'worker']) {
    const env = services[name].environment!;
    expect(env.DATABASE_URL).toBe(setup.environment!.DATABASE_URL);
    expect(Object.keys(env).filter((key) => /^DATABASE_(MIGRATION|ADMIN)_URL$/.test(key) || /ADMIN|OWNER/.test(key))).toEqual([]);
    expect(services[name].depends_on).toMatchObject({ 'app-db-setup': { condition: 'service_completed_successfully' } });
  }
});

test('mTLS to Temporal: a one-shot job makes the certificates on one volume per holder; the frontend requires client certificates; the service, the UI and the namespace job present theirs; the UI is read-only', () => {
  const services = resolvedCompose();
  /** target -> `source` or `source:ro` (docker-compose 1.29 prints `source:target:mode`). */
  const volumesOf = (name: string) =>
    Object.fromEntries(
      (services[name].volumes ?? []).map((v) => {
        const [source, target, mode] = String(v).split(':');
        return [target, mode === 'ro' ? `${source}:ro` : source];
      }),
    );
  const mounts = (name: string) => Object.values(volumesOf(name)).map((source) => source.replace(/:ro$/, ''));
  const certs = services['temporal-certs'];
  expect(certs.entrypoint).toEqual(['/bin/sh', '/deploy/make-certs.sh']);
  expect(volumesOf('temporal-certs')).toMatchObject({ '/tls/ca': 'temporal-tls-ca', '/tls/server': 'temporal-tls-server', '/tls/service': 'temporal-tls-service', '/tls/ui': 'temporal-tls-ui', '/tls/admin': 'temporal-tls-admin' });
  // The CA's key reaches no other container.
  const holders = Object.keys(services).filter((name) => mounts(name).includes('temporal-tls-ca'));
  expect(holders).toEqual(['temporal-certs']);

  const temporal = services.temporal;
  expect(temporal.depends_on).toMatchObject({ 'temporal-certs': { condition: 'service_completed_successfully' } });
  expect(volumesOf('temporal')['/etc/temporal/tls']).toBe('temporal-tls-server:ro');
  expect(temporal.environment).toMatchObject({
    TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true',
    TEMPORAL_TLS_FRONTEND_CERT: '/etc/temporal/tls/tls.pem',
    TEMPORAL_TLS_FRONTEND_KEY: '/etc/temporal/tls/tls.key',
    TEMPORAL_TLS_CLIENT1_CA_CERT: '/etc/temporal/tls/ca.pem',
    TEMPORAL_TLS_SERVER_CERT: '/etc/temporal/tls/tls.pem',
    TEMPORAL_TLS_SERVER_CA_CERT: '/etc/temporal/tls/ca.pem',
    TEMPORAL_TLS_FRONTEND_SERVER_NAME: 'temporal',
  });
  for (const name of ['api', 'worker']) {
    expect(volumesOf(name)['/run/temporal-tls']).toBe('temporal-tls-service:ro');
    expect(services[name].environment).toMatchObject({ TEMPORAL_TLS_CERT: '/run/temporal-tls/tls.pem', TEMPORAL_TLS_KEY: '/run/temporal-tls/tls.key', TEMPORAL_TLS_CA: '/run/temporal-tls/ca.pem', TEMPORAL_TLS_SERVER_NAME: 'temporal' });
  }
  expect(volumesOf('app-db-setup')).toEqual({});
  const ui = services['temporal-ui'];
  expect(volumesOf('temporal-ui')['/etc/temporal-tls']).toBe('temporal-tls-ui:ro');
  expect(ui.environment).toMatchObject({ TEMPORAL_DISABLE_WRITE_ACTIONS: 'true', TEMPORAL_TLS_CERT: '/etc/temporal-tls/tls.pem', TEMPORAL_TLS_KEY: '/etc/temporal-tls/tls.key', TEMPORAL_TLS_CA: '/etc/temporal-tls/ca.pem', TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true' });
  expect(volumesOf('temporal-namespace')['/etc/temporal-tls']).toBe('temporal-tls-admin:ro');
  expect(services['temporal-namespace'].environment).toMatchObject({ TEMPORAL_TLS_DIR: '/etc/temporal-tls' });
  expect(read('deploy/temporal/setup-namespace.sh')).toContain('--tls-cert-path $TEMPORAL_TLS_DIR/tls.pem');
});

test('the certificate job makes a CA, the frontend\'s certificate (named temporal) and the three client certificates, and keeps them on a second run', () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mca-certs-'));
  try {
    const run = () => spawnSync('sh', ['deploy/temporal/make-certs.sh'], { cwd: PROJECT_ROOT, env: { ...process.env, TLS_DIR: dir }, encoding: 'utf8' });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual(['CA: issued', 'server (temporal): issued', 'service (missing-child-alerts): issued', 'ui (temporal-ui): issued', 'admin (temporal-admin): issued']);
    const openssl = (...args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });
    for (const holder of ['server', 'service', 'ui', 'admin']) {
      expect(openssl('verify', '-CAfile', path.join(dir, 'ca', 'ca.pem'), path.join(dir, holder, 'tls.pem')).stdout).toContain(': OK');
      expect(fs.readFileSync(path.join(dir, holder, 'ca.pem'))).toEqual(fs.readFileSync(path.join(dir, 'ca', 'ca.pem')));
      expect(fs.existsSync(path.join(dir, holder, 'ca.key'))).toBe(false);
    }
    const server = openssl('x509', '-noout', '-ext', 'subjectAltName,extendedKeyUsage', '-in', path.join(dir, 'server', 'tls.pem')).stdout;
    expect(server).toContain('DNS:temporal');
    expect(server).toContain('TLS Web Server Authentication');
    expect(openssl('x509', '-noout', '-ext', 'extendedKeyUsage', '-in', path.join(dir, 'service', 'tls.pem')).stdout).not.toContain('Server Authentication');
    expect(fs.statSync(path.join(dir, 'ca', 'ca.key')).mode & 0o077).toBe(0);
    expect(run().stdout).not.toContain('issued');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the runtime image carries the system CA store (the native Temporal connection reads it for TLS)', () => {
  const runtime = read('Dockerfile').split(/^FROM /m).find((stage) => / AS runtime\b/.test(stage))!;
  expect(runtime).toMatch(/apt-get install -y --no-install-recommends ca-certificates/);
});

test('the Temporal server\'s dynamic config sets only keys of the pinned version, each with its reason', () => {
  const file = 'deploy/temporal/dynamicconfig/production-sql.yaml';
  const keys = Object.keys(YAML.parse(read(file)) as Record<string, unknown>);
  // frontend.enableClientVersionCheck was removed from the server in 2022 (it only logged "unregistered key").
  expect(keys).toEqual(['frontend.enableUpdateWorkflowExecution', 'limit.maxIDLength']);
  const lines = read(file).split('\n');
  for (const key of keys) expect([key, lines[lines.indexOf(`${key}:`) - 1]?.startsWith('#')]).toEqual([key, true]);
});

describe('the Temporal schema job (deploy/temporal/setup-schema.sh, run with a stand-in temporal-sql-tool)', () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mca-schema-'));
  const stub = path.join(dir, 'bin', 'temporal-sql-tool');
  const calls = path.join(dir, 'calls');
  fs.mkdirSync(path.dirname(stub), { recursive: true });
  // Answers `create` as the real tool would for an existing database, or as a refused connection.
  fs.writeFileSync(stub, `#!/bin/sh\necho "$*" >> ${calls}\ncase "$*" in *create*) [ "$STUB_CREATE" = refused ] && { echo "dial tcp: connect: connection refused"; exit 1; }; echo "pq: database already exists"; exit 1;; esac\nexit 0\n`, { mode: 0o755 });
  const run = (version: string, env: Record<string, string> = {}) => {
    fs.rmSync(calls, { force: true });
    const r = spawnSync('sh', [path.join(PROJECT_ROOT, 'deploy/temporal/setup-schema.sh')], {
      env: { PATH: `${path.dirname(stub)}:/usr/bin:/bin`, TEMPORAL_VERSION: version, SCHEMA_STATE_FILE: path.join(dir, 'state'), SQL_HOST: 'db', SQL_PORT: '5432', SQL_USER: 'temporal', ...env },
      encoding: 'utf8',
    });
    return { status: r.status, err: r.stderr, toolRan: fs.existsSync(calls) };
  };

  test('applies and records a version; then one minor at a time, never back, never two at once', () => {
    expect(run('1.31.2')).toMatchObject({ status: 0, toolRan: true });
    expect(fs.readFileSync(path.join(dir, 'state'), 'utf8').trim()).toBe('1.31.2');
    const jump = run('1.33.0');
    expect(jump).toMatchObject({ status: 1, toolRan: false });
    expect(jump.err).toContain('refusing to jump from 1.31.2 to 1.33.0: upgrade one minor version at a time (the latest patch of each), next 1.32.x');
    expect(run('1.30.5')).toMatchObject({ status: 1, toolRan: false, err: expect.stringContaining('refusing a downgrade from 1.31.2 to 1.30.5') });
    expect(run('1.32.4')).toMatchObject({ status: 0, toolRan: true });
    expect(fs.readFileSync(path.join(dir, 'state'), 'utf8').trim()).toBe('1.32.4');
    expect(run('latest')).toMatchObject({ status: 1, err: expect.stringContaining('is not a version like 1.31.2') });
  });

  test('a refused connection fails the job loudly (an existing database does not)', () => {
    const refused = run('1.32.4', { STUB_CREATE: 'refused' });
    expect(refused.status).toBe(1);
    expect(refused.err).toContain('creating database temporal failed');
    expect(refused.err).toContain('connection refused');
  });

  test('the database healthchecks ask over TCP, not the socket that answers first during initialisation', () => {
    const compose = YAML.parse(read('docker-compose.yml')) as { services: Record<string, { healthcheck?: { test?: string[] } }> };
    for (const name of ['app-db', 'temporal-db']) expect([name, compose.services[name].healthcheck?.test?.[1]]).toEqual([name, expect.stringContaining('pg_isready -h 127.0.0.1 -p 5432')]);
  });
});

test('the Web UI signs operators in at the identity provider (off by default) and passes their token to /codec', () => {
  const ui = (YAML.parse(read('docker-compose.yml')) as { services: Record<string, { environment: Record<string, string> }> }).services['temporal-ui'].environment;
  expect(ui).toMatchObject({
    TEMPORAL_AUTH_ENABLED: '${TEMPORAL_UI_OIDC_ENABLED:-false}',
    TEMPORAL_AUTH_TYPE: 'oidc',
    TEMPORAL_AUTH_PROVIDER_URL: '${TEMPORAL_UI_OIDC_ISSUER-}',
    TEMPORAL_AUTH_CLIENT_ID: '${TEMPORAL_UI_OIDC_CLIENT_ID-}',
    TEMPORAL_AUTH_CLIENT_SECRET: '${TEMPORAL_UI_OIDC_CLIENT_SECRET-}',
    TEMPORAL_AUTH_CALLBACK_URL: '${TEMPORAL_UI_OIDC_CALLBACK_URL-}',
    TEMPORAL_CODEC_PASS_ACCESS_TOKEN: 'true',
  });
  const example = read('deploy/stack.env.example');
  for (const name of ['ENABLED', 'ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'CALLBACK_URL', 'SCOPES']) expect(example).toMatch(new RegExp(`^TEMPORAL_UI_OIDC_${name}=`, 'm'));
});

test('one published door: the Caddy proxy in front of every API replica (no fixed API port, so --scale api=N works), SSE unbuffered', () => {
  const compose = YAML.parse(read('docker-compose.yml')) as { services: Record<string, { ports?: string[]; image?: string; volumes?: string[]; environment?: Record<string, string> }> };
  const published = Object.entries(compose.services).filter(([, s]) => s.ports).map(([name]) => name).sort();
  // Besides the proxy, only loopback: the UI and the optional monitoring profile (checked rendered below).
  expect(published).toEqual(['grafana', 'prometheus', 'proxy', 'temporal-ui']);
  expect(compose.services.proxy.image).toMatch(/^caddy:/);
  expect(compose.services.proxy.volumes).toContain('./deploy/proxy/Caddyfile:/etc/caddy/Caddyfile:ro');
  expect(compose.services.api.environment?.TRUST_PROXY).toBe('uniquelocal');
  const caddyfile = read('deploy/proxy/Caddyfile');
  expect(caddyfile).toMatch(/reverse_proxy \{\$API_UPSTREAMS:api:3000\} \{[^}]*flush_interval -1/s);
  expect(caddyfile).toMatch(/health_uri \/healthz/);
});

test('TRUST_PROXY: loopback by default; the forms Express understands, nothing else', () => {
  expect(loadConfig({}).TRUST_PROXY).toBe('loopback');
  expect(loadConfig({ TRUST_PROXY: 'uniquelocal' }).TRUST_PROXY).toBe('uniquelocal');
  expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
  expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  expect(() => loadConfig({ TRUST_PROXY: '0.0.0.0/0' })).toThrow(/TRUST_PROXY/);
});

test('the Temporal server says it runs without an authorizer (mTLS decides who connects), as 1.31 asks', () => {
  const temporal = (YAML.parse(read('docker-compose.yml')) as { services: Record<string, { environment: Record<string, string> }> }).services.temporal.environment;
  expect([temporal.TEMPORAL_ALLOW_NO_AUTH, temporal.TEMPORAL_TLS_REQUIRE_CLIENT_AUTH]).toEqual(['true', 'true']);
});

describe('the rendered compose configuration (docker-compose config, every profile)', () => {
  const rendered = () => {
    const r = spawnSync('docker-compose', ['--env-file', 'deploy/stack.env.example', '--profile', 'monitoring', '-f', 'docker-compose.yml', 'config'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, APP_ENV_FILE: 'deploy/.env.example' },
      encoding: 'utf8',
    });
    if (r.error) throw new Error(`docker-compose is needed (.ci/run installs it): ${r.error.message}`);
    expect(r.status).toBe(0);
    return (YAML.parse(r.stdout) as { services: Record<string, Record<string, unknown>> }).services;
  };

  test('app containers hardened; every service logs rotated and has a memory ceiling; only the proxy is public', () => {
    const services = rendered();
    for (const name of ['api', 'worker', 'app-db-setup']) {
      expect([name, services[name]]).toEqual([name, expect.objectContaining({ cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'], read_only: true, tmpfs: ['/tmp:size=64m'] })]);
    }
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.logging]).toEqual([name, { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '5' } }]);
      if (!['app-db-setup'].includes(name)) expect([name, typeof service.mem_limit]).toEqual([name, expect.stringMatching(/string|number/)]);
    }
    // docker-compose 1.29 renders a port as `ip:host:container`, `host:container` or {host_ip, published}.
    const hostSide = (p: string | { host_ip?: string; published: string | number }) => {
      if (typeof p !== 'string') return `${p.host_ip ?? '0.0.0.0'}:${p.published}`;
      const parts = p.split(':');
      return parts.length === 3 ? `${parts[0]}:${parts[1]}` : `0.0.0.0:${parts[0]}`;
    };
    const published = Object.fromEntries(Object.entries(services).filter(([, s]) => s.ports).map(([name, s]) => [name, (s.ports as Array<Parameters<typeof hostSide>[0]>).map(hostSide)]));
    expect(published).toEqual({
      proxy: ['0.0.0.0:443', '0.0.0.0:80'],
      'temporal-ui': ['127.0.0.1:8080'],
      prometheus: ['127.0.0.1:9091'],
      grafana: ['127.0.0.1:3001'],
    });
    expect((services.temporal.environment as Record<string, string>).PROMETHEUS_ENDPOINT).toBe('0.0.0.0:9090');
  });
});

test('the namespace job sets the retention of a namespace that already exists (stand-in temporal CLI)', () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mca-ns-'));
  const calls = path.join(dir, 'calls');
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'temporal'), `#!/bin/sh\necho "$*" >> ${calls}\ncase "$*" in *"cluster health"*) echo SERVING;; *"search-attribute list"*) echo "CaseStatus CaseRisk CaseJurisdiction CaseTier";; esac\nexit 0\n`, { mode: 0o755 });
  const r = spawnSync('sh', [path.join(PROJECT_ROOT, 'deploy/temporal/setup-namespace.sh')], {
    env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'cases', TEMPORAL_NAMESPACE_RETENTION: '336h' },
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  const ran = fs.readFileSync(calls, 'utf8').split('\n');
  expect(ran).toContain('operator namespace update --namespace cases --retention 336h');
  expect(ran.some((c) => c.includes('namespace create'))).toBe(false);
});
