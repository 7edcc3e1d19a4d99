/** A bench process of its own (tsx): started, awaited until it prints `BENCH_READY <what>`, stopped. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../devtools/paths';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChildRun {
  child: ChildProcess;
  /** What the child printed after BENCH_READY. */
  ready: string;
  stop(): Promise<void>;
}

/** BENCH_NODE_ARGS: extra Node flags for every bench child (e.g. `--cpu-prof --cpu-prof-dir=DIR` to see where a phase's CPU goes). */
const nodeArgs = () => (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** Runs bench/<file> in a Node process of its own (tsx), and waits for its `BENCH_READY` line. */
export async function startChild(file: string, env: NodeJS.ProcessEnv): Promise<ChildRun> {
  const child = spawn(process.execPath, [...nodeArgs(), '--import', 'tsx', path.join(__dirname, file)], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /BENCH_READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`bench/${file} exited (${code}) before it was ready`)));
    setTimeout(() => reject(new Error(`bench/${file} was not ready within 120 s`)), 120_000).unref();
  });
  return {
    child,
    ready,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
      if (done === 'timeout') child.kill('SIGKILL');
    },
  };
}
