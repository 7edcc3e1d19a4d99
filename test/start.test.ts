/**
 * `npm start` as a person uses it: a process that starts its own Temporal dev server and embedded
 * PostgreSQL, answers health and readiness, keeps cases across a restart, reports a missing
 * dependency by name, and leaves no process behind on Ctrl-C.
 */
import { eventually } from './helpers/eventually';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Client } from 'pg';
import { isPortOpen } from '../devtools/free-port';
import { makeReport } from './helpers/fixtures';
import { freeNpmStartPorts, privateDataDir, startNpmStart, type NpmStartPorts } from './helpers/npm-start';
import { alive, descendants } from './helpers/processes';
import { bearer, tokenFor } from './api/harness';

jest.setTimeout(120_000);

const dataDir = privateDataDir();
let ports: NpmStartPorts;
let running: ChildProcess | null = null;

beforeAll(async () => {
  ports = await freeNpmStartPorts();
});

afterAll(async () => {
  if (running && running.exitCode === null) running.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const describe = (pid: number) => {
  try {
    return `${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')} ${fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]}`;
  } catch {
    return `${pid} (gone)`;
  }
};

async function startService(): Promise<{ child: ChildProcess; output: () => string }> {
  // A killed server stays down 3 s before npm start restarts it: long enough for /readyz to say so.
  const service = await startNpmStart({ DEV_SERVER_RESTART_DELAY: '3s' }, { dataDir, ports });
  running = service.child;
  return service;
}

async function stopWithCtrlC(child: ChildProcess, serversRunning: number): Promise<number | null> {
  const tree = descendants(child.pid!);
  expect(tree.length).toBeGreaterThanOrEqual(serversRunning);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  const code = await exited;
  // Children of the servers finish their own shutdown a moment after the parent: give them 5 s.
  for (let i = 0; i < 50 && tree.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  expect(tree.filter(alive).map(describe)).toEqual([]);
  for (const port of Object.values(ports)) expect(await isPortOpen(port)).toBe(false);
  return code;
}

const api = (p: string, init?: RequestInit) => fetch(`http://127.0.0.1:${ports.api}${p}`, init);

test('npm start serves, keeps cases across a restart, names a missing dependency, and leaves nothing running', async () => {
  const first = await startService();
  expect(first.output()).toContain(`API          http://127.0.0.1:${ports.api}`);
  expect(first.output()).toContain(`Temporal UI  http://127.0.0.1:${ports.ui}`);
  expect((await api('/healthz')).status).toBe(200);
  expect(await (await api('/readyz')).json()).toEqual({ status: 'ready', checks: { temporal: 'ok', postgresql: 'ok' } });
  // The embedded PostgreSQL has the two roles: the service connects as the application role only,
  // and the audit log belongs to the owner role (README "Database roles").
  const superuser = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${ports.pg}/missing_child_alerts` });
  await superuser.connect();
  try {
    const sessions = () =>
      superuser.query(`select array_agg(distinct usename::text) as users from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`);
    expect((await eventually(sessions, (r) => r.rows[0].users?.length === 1)).rows[0].users).toEqual(['mca_app']);
    expect((await superuser.query(`select tableowner from pg_tables where tablename = 'audit_log'`)).rows).toEqual([{ tableowner: 'mca_owner' }]);
  } finally {
    await superuser.end();
  }

  const intake = await tokenFor('intake_officer');
  const created = await api('/cases', {
    method: 'POST',
    headers: { ...bearer(intake), 'content-type': 'application/json' },
    body: JSON.stringify(makeReport()),
  });
  expect(created.status).toBe(201);
  const { caseId } = (await created.json()) as { caseId: string };
  expect(await stopWithCtrlC(first.child, 2)).toBe(0); // the Temporal dev server and PostgreSQL
  expect(first.output()).toContain('[start] stopped');

  const second = await startService();
  const reader = await tokenFor('prosecutor');
  const again = await api(`/cases/${caseId}`, { headers: bearer(reader) });
  expect(again.status).toBe(200);
  // The case was stopped mid-flight; after the restart it carries on where it was.
  const resumed = await eventually(
    async () => (await (await api(`/cases/${caseId}`, { headers: bearer(reader) })).json()) as { status: string },
    (body) => body.status === 'awaiting_approval',
  );
  expect(resumed).toMatchObject({ caseId, status: 'awaiting_approval' });

  // PostgreSQL gone: liveness still answers, readiness names what is missing.
  const postgres = descendants(second.child.pid!).find((pid) => {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('bin/postgres') && cmd.includes(String(ports.pg));
  });
  expect(postgres).toBeDefined();
  process.kill(postgres!, 'SIGKILL');
  const notReady = await eventually(() => api('/readyz'), (r) => r.status === 503);
  expect((await api('/healthz')).status).toBe(200);
  expect(await notReady.json()).toMatchObject({ status: 'unavailable', missing: ['postgresql'], checks: { temporal: 'ok', postgresql: 'unreachable' } });
  expect(await stopWithCtrlC(second.child, 1)).toBe(0);
});

test('a second Ctrl-C exits at once, as every role process does, and still leaves no server running', async () => {
  const service = await startService();
  const tree = descendants(service.child.pid!);
  const exited = new Promise<number | null>((resolve) => service.child.once('exit', (code) => resolve(code)));
  service.child.kill('SIGINT');
  await eventually(() => service.output(), (out) => out.includes('[start] draining'));
  service.child.kill('SIGINT');
  expect(await exited).toBe(1);
  expect(service.output()).toContain('[start] second signal: exiting without draining');
  // The servers' own exit hooks take them down with the process.
  for (let i = 0; i < 100 && tree.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  expect(tree.filter(alive).map(describe)).toEqual([]);
});
