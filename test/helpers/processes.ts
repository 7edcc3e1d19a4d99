/**
 * Service processes as a deployment runs them: `node --import tsx <entry>` (one process, so the pid
 * is the service's own and SIGTERM reaches its handler directly), their output, their exit, and what
 * they leave behind.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../devtools/paths';

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output contains `text`; rejects if the process exits first or time runs out. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startServiceProcess(entry: string, env: NodeJS.ProcessEnv, args: string[] = []): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = async (text: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${entry} exited before "${text}":\n${output}`);
      if (Date.now() > deadline) throw new Error(`${entry}: no "${text}" in ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, output: () => output, waitFor, exited };
}

/** Every process below `pid`, however deep. */
export function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of out.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const all: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (all.push(c), walk(c)));
  walk(pid);
  return all;
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls for up to `ms` until none of `pids` runs; returns those still running. */
export async function stillRunning(pids: number[], ms = 5_000): Promise<number[]> {
  for (let waited = 0; waited < ms && pids.some(alive); waited += 100) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(alive);
}
