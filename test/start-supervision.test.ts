/**
 * `npm start` keeps the servers it started running (devtools/supervisor.ts). Under a case that is
 * alerting, the Temporal dev server is killed with SIGKILL: one line names it and its signal, it is
 * back on the same database file and port, /readyz is ready again within 15 s with nobody doing
 * anything, and the case's next widenings go out, each once. Then the embedded PostgreSQL is killed:
 * intake answers 503 with Retry-After while it is down, /readyz is ready again within 15 s, and an
 * intake after it succeeds and its case proceeds. The SDK's retry warnings are not repeated line by line.
 * And a server that keeps dying (either of them, killed five times in a row) makes npm start give up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isPortOpen } from '../devtools/free-port';
import { bearer, tokenFor } from './api/harness';
import { partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { eventually } from './helpers/eventually';
import { makeReport } from './helpers/fixtures';
import { startNpmStart, type NpmStart } from './helpers/npm-start';
import { descendants, stillRunning } from './helpers/processes';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';
import { safeRuntimeLogger } from '../service/safe-logger';
import { watchDependencies } from '../api/health/dependency-watch';

jest.setTimeout(120_000);

const { names, secrets } = partnerChannels(['social'] as const);
let receiver: WebhookReceiver;
let service: NpmStart | null = null;
const giving: NpmStart[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
});

afterAll(async () => {
  for (const s of [service, ...giving]) {
    if (s && s.child.exitCode === null) s.child.kill('SIGKILL');
    if (s) fs.rmSync(s.dataDir, { recursive: true, force: true });
  }
  await receiver?.close();
});

test('the Temporal dev server and then PostgreSQL killed under npm start: both come back by themselves, the case carries on, nothing is lost or sent twice', async () => {
  service = await startNpmStart({
    EXPANSION_INTERVAL: '5s',
    EXPANSION_RADII_KM: '10,40',
    // A server stays down 3 s before its restart: the outage is long enough to be seen (503) every run.
    DEV_SERVER_RESTART_DELAY: '3s',
    REBROADCAST_INTERVAL: '1h',
    API_WRITE_RATE_LIMIT: '1000',
    ALERT_WEBHOOKS: JSON.stringify(webhooksFor(receiver, secrets)),
  });
  const s = service;
  const tree = new Set(descendants(s.child.pid!));
  const remember = () => descendants(s.child.pid!).forEach((pid) => tree.add(pid));
  const [intake, prosecutor, officer] = await Promise.all([tokenFor('intake_officer'), tokenFor('prosecutor'), tokenFor('officer')]);
  const call = async (route: string, token: string, body?: unknown) => {
    const res = await s.api(route, { method: body === undefined ? 'GET' : 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
  };
  const effects = (caseId: string) => receiver.effects.filter((e) => e.key.startsWith(`${caseId}:`)).map((e) => e.key);

  const created = await call('/cases', intake, makeReport());
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  await eventually(() => call(`/cases/${caseId}`, prosecutor), (r) => r.body.status === 'awaiting_approval');
  expect((await call(`/cases/${caseId}/approval`, prosecutor, { decision: 'approve' })).status).toBe(200);
  // The local alert is out to the partner: the widening timer (5 s) runs.
  await eventually(() => effects(caseId), (keys) => keys.length === 1);

  // 1. The Temporal dev server dies.
  const temporal = s.serverPid('temporal');
  expect(temporal).toBeDefined();
  process.kill(temporal!, 'SIGKILL');
  const killedAt = Date.now();
  await s.waitFor('[start] Temporal dev server exited unexpectedly (signal SIGKILL); restarting it in 3.0 s', 10_000);
  await eventually(() => s.api('/readyz'), (r) => r.status === 200, 15_000);
  expect(Date.now() - killedAt).toBeLessThan(15_000);
  await s.waitFor('[start] Temporal dev server is back, after', 5_000);
  remember();
  const restarted = s.serverPid('temporal');
  expect(restarted).toBeDefined();
  expect(restarted).not.toBe(temporal);

  // The case carries on: the widening to 40 km and the national tier go out, each once.
  await eventually(() => effects(caseId), (keys) => keys.length === 3, 40_000);
  const alerts = (await call(`/cases/${caseId}/alerts`, officer)).body.items as Array<Record<string, any>>;
  expect(alerts.map((a) => [a.step, a.kind, a.tierIndex, a.radiusKm])).toEqual([
    [1, 'alert', 0, 10],
    [2, 'widen', 1, 40],
    [3, 'widen', 2, null],
  ]);
  expect(effects(caseId).sort()).toEqual([1, 2, 3].map((step) => `${caseId}:${step}:${names.social}`));
  expect(receiver.posts.filter((p) => p.key.startsWith(`${caseId}:`) && p.status >= 300)).toEqual([]);
  // The SDK's per-retry warnings: the first of the outage at most, never one a line per retry.
  expect(s.count(/retried \d+ times/)).toBeLessThanOrEqual(1);
  expect(s.count('Temporal dev server exited unexpectedly')).toBe(1);

  // 2. The embedded PostgreSQL dies: intake answers 503 while it is down (it is restarted after 3 s).
  const postgres = s.serverPid('postgresql');
  expect(postgres).toBeDefined();
  process.kill(postgres!, 'SIGKILL');
  const pgKilledAt = Date.now();
  await eventually(() => s.api('/readyz').then((r) => r.json() as Promise<Record<string, any>>), (r) => r.checks?.postgresql === 'unreachable', 5_000);
  const during = await call('/cases', intake, makeReport());
  expect(during.status).toBe(503);
  expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(during.body).toMatchObject({ dependency: 'postgresql' });
  await eventually(() => s.api('/readyz'), (r) => r.status === 200, 15_000);
  expect(Date.now() - pgKilledAt).toBeLessThan(15_000);
  await s.waitFor('[start] embedded PostgreSQL is back, after', 5_000);
  expect(s.output()).toContain('[start] embedded PostgreSQL exited unexpectedly (signal SIGKILL)');
  remember();

  const after = await call('/cases', intake, makeReport());
  expect(after.status).toBe(201);
  const second = after.body.caseId as string;
  await eventually(() => call(`/cases/${second}`, prosecutor), (r) => r.body.status === 'awaiting_approval');
  expect(s.output()).not.toMatch(/\[ERROR\]|unexpected error/i);

  // Ctrl-C still stops everything, the restarted servers included.
  remember();
  s.child.kill('SIGINT');
  expect(await s.exited).toEqual({ code: 0, signal: null });
  expect(await stillRunning([...tree])).toEqual([]);
  for (const port of Object.values(s.ports)) expect(await isPortOpen(port)).toBe(false);
});

/**
 * Each of the first four deaths is one line and a restart after a longer pause (0.5, 1, 2, 4 s); the
 * fifth within the minute makes npm start give up: it says what to look at (the server's log and data
 * directory), drains the service, stops the Temporal dev server, exits 1 and leaves no process behind.
 */
const givingUp = {
  postgresql: { name: 'embedded PostgreSQL', lookAt: (d: string) => `its log ${path.join(d, 'postgres.log')} and its data directory ${path.join(d, 'postgres')}` },
  temporal: { name: 'Temporal dev server', lookAt: (d: string) => `its log ${path.join(d, 'temporal.log')} and its database ${path.join(d, 'temporal.db')}` },
} as const;

test.each(['postgresql', 'temporal'] as const)('%s killed five times in a row: npm start gives up with its message, exits 1 and leaves nothing running', async (which) => {
  const { name, lookAt } = givingUp[which];
  const s = await startNpmStart();
  giving.push(s);
  const tree = new Set(descendants(s.child.pid!));
  const back = `[start] ${name} is back, after`;
  for (let death = 1; death <= 5; death++) {
    const pid = s.serverPid(which);
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    if (death === 5) break;
    await eventually(() => s.count(back), (n) => n === death, 30_000);
    descendants(s.child.pid!).forEach((p) => tree.add(p));
  }
  expect(await s.exited).toEqual({ code: 1, signal: null });
  const out = s.output();
  expect(s.count(`[start] ${name} exited unexpectedly (signal SIGKILL); restarting it in`)).toBe(4);
  for (const pause of ['0.5', '1.0', '2.0', '4.0']) expect(out).toContain(`restarting it in ${pause} s`);
  expect(out).toContain(`npm start: ${name} exited unexpectedly (signal SIGKILL), the 5th time within 60.0 s: giving up. Look at ${lookAt(s.dataDir)}. Stopping everything.`);
  // It stopped as on Ctrl-C: the service drained, then the other server stopped.
  expect(out).toContain('[start] worker: draining in-flight tasks');
  expect(out).toContain('[start] stopped');
  if (which === 'postgresql') expect(fs.readFileSync(path.join(s.dataDir, 'postgres.log'), 'utf8')).toContain('database system is ready to accept connections');
  expect(await stillRunning([...tree])).toEqual([]);
  for (const port of Object.values(s.ports)) expect(await isPortOpen(port)).toBe(false);
});

/** The runtime logger (service/safe-logger.ts): one retry warning per outage, then a count. */
test('the SDK retry warnings of an outage are printed once, then counted; LOG_LEVEL=debug prints each', async () => {
  const lines: string[] = [];
  const logger = safeRuntimeLogger('WARN', { quietMs: 100, write: (l) => void lines.push(l) });
  for (let n = 1; n <= 30; n++) logger.warn(`gRPC call poll_workflow_task_queue retried ${n} times`, { sdkComponent: 'core', error: 'transport error' });
  logger.warn('something else');
  expect(lines.filter((l) => /retried \d+ times/.test(l))).toHaveLength(1);
  expect(lines.some((l) => l.includes('something else'))).toBe(true);
  await eventually(() => lines.join(''), (all) => all.includes('29 more retry warnings not printed'), 2_000);
  // The next outage is announced again.
  logger.warn('gRPC call poll_activity_task_queue retried 1 times');
  expect(lines.filter((l) => /retried \d+ times/.test(l))).toHaveLength(2);

  const all: string[] = [];
  const debug = safeRuntimeLogger('INFO', { collapseRetries: false, write: (l) => void all.push(l) });
  for (let n = 1; n <= 5; n++) debug.warn(`gRPC call poll_workflow_task_queue retried ${n} times`);
  expect(all).toHaveLength(5);
});

/** Outside npm start's own servers (role processes, npm start on a given DATABASE_URL): one line down, one back. */
test('a dependency outage is one line when it starts and one, with its duration, when it ends', async () => {
  let up = true;
  const lines: string[] = [];
  const watch = watchDependencies([{ name: 'postgresql', check: async () => void (up || (await Promise.reject(new Error('ECONNREFUSED')))) }], (l) => void lines.push(l), 20);
  try {
    await new Promise((r) => setImmediate(r));
    up = false;
    await eventually(() => lines.length, (n) => n === 1, 2_000);
    expect(lines[0]).toBe('postgresql: unreachable; the routes that need it answer 503 until it is back');
    up = true;
    await eventually(() => lines.length, (n) => n === 2, 2_000);
    expect(lines[1]).toMatch(/^postgresql: reachable again, after \d+\.\d s$/);
  } finally {
    watch.stop();
  }
});
