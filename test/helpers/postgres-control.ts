/**
 * Runs test/helpers/postgres-process.ts (a PostgreSQL of its own, on a given folder and port) as a
 * process group, for the tests that kill the database: start, stop, and what is left running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../devtools/paths';
import { eventually } from './eventually';

const HELPER = path.join('test', 'helpers', 'postgres-process.ts');

export interface PostgresProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The helper in a process group of its own (the postmaster is its child, in the same group). */
export async function startPostgresProcess(dataDir: string, port: number, started: PostgresProcess[]): Promise<PostgresProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HELPER, dataDir, String(port)], {
    cwd: PROJECT_ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const proc: PostgresProcess = { child, url: '', output: () => output, exited };
  started.push(proc);
  const seen = await eventually(() => ({ out: output, ended: child.exitCode !== null || child.signalCode !== null }), ({ out, ended }) => /^ready \S+$/m.test(out) || ended, 90_000);
  const ready = /^ready (\S+)$/m.exec(seen.out);
  if (!ready) throw new Error(`postgres-process.ts did not start:\n${seen.out}`);
  proc.url = ready[1];
  return proc;
}

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Stops the helper (SIGTERM: it stops PostgreSQL and exits); its whole group is killed if it hangs. */
export async function stopPostgresProcess(proc: PostgresProcess, graceMs = 30_000) {
  if (gone(proc.child)) return proc.exited;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => killGroup(proc.child), graceMs);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

/** Running, not a zombie (this machine's PID 1 does not reap orphans: dead backends stay `Z`). */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Processes whose command line names our data folder: the postmaster and the helper, never a backend. */
export function processesOnDataDir(dataDir: string): string {
  const result = spawnSync('pgrep', ['-af', dataDir], { encoding: 'utf8' });
  return result.stdout.trim();
}

export const postmasterPid = (dataDir: string) => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
