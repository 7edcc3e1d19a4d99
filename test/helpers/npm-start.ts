/**
 * `npm start` spawned as a person runs it (one process: `node --import tsx scripts/start.ts`), on free
 * ports and a private DATA_DIR, and the servers it started, found among its descendants.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../devtools/free-port';
import { TEST_SECRET } from '../api/harness';
import { descendants, startServiceProcess, type ServiceProcess } from './processes';

export interface NpmStart extends ServiceProcess {
  ports: Record<'api' | 'temporal' | 'ui' | 'pg', number>;
  dataDir: string;
  api(p: string, init?: RequestInit): Promise<Response>;
  /** The pid of the server `npm start` runs now: the Temporal dev server or the PostgreSQL postmaster. */
  serverPid(which: 'temporal' | 'postgresql'): number | undefined;
  /** How many times `text` is in the output. */
  count(text: string | RegExp): number;
}

const cmdline = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

export type NpmStartPorts = NpmStart['ports'];

export async function freeNpmStartPorts(): Promise<NpmStartPorts> {
  return { api: await freePort(), temporal: await freePort(), ui: await freePort(), pg: await freePort() };
}

export function privateDataDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-start-'));
  fs.chmodSync(dataDir, 0o755);
  return dataDir;
}

/** `at`: the data directory and ports of an earlier start (a restart on the same data); else fresh ones. */
export async function startNpmStart(env: NodeJS.ProcessEnv = {}, at?: { dataDir: string; ports: NpmStartPorts }): Promise<NpmStart> {
  const dataDir = at?.dataDir ?? privateDataDir();
  const ports = at?.ports ?? (await freeNpmStartPorts());
  const p = startServiceProcess('scripts/start.ts', {
    ...process.env,
    NODE_ENV: 'development',
    TEMPORAL_ADDRESS: '',
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    PORT: String(ports.api),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    EMBEDDED_PG_PORT: String(ports.pg),
    AUTH_JWT_SECRET: TEST_SECRET,
    ...env,
  });
  await p.waitFor('Ctrl-C stops everything', 90_000);
  return {
    ...p,
    ports,
    dataDir,
    api: (route, init) => fetch(`http://127.0.0.1:${ports.api}${route}`, init),
    serverPid: (which) =>
      descendants(p.child.pid!).find((pid) => {
        const cmd = cmdline(pid);
        return which === 'temporal' ? cmd.includes('start-dev') && cmd.includes(String(ports.temporal)) : cmd.includes('bin/postgres') && cmd.includes(String(ports.pg));
      }),
    count: (text) => (typeof text === 'string' ? p.output().split(text).length - 1 : (p.output().match(new RegExp(text.source, 'g')) ?? []).length),
  };
}
