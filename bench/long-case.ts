/**
 * The bench's long case: one 90-day case at the default policy on a time-skipping server, measured in wall
 * time (bench/long-case-process.ts does it, in a child process so that its server, worker and clock are
 * its own). `measureLongCase` runs the child and returns its figures; `longCaseRow` makes the table row.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../devtools/paths';
import type { Row } from './run';

export interface LongCaseResult {
  days: number;
  /** Approval → day 90 of workflow time (the server skipping from timer to timer). */
  wallMs90d: number;
  /** Workflow start → result, with the close, the retention period and the purge. */
  wallMsTotal: number;
  wallMsCloseToResult: number;
  /** Continue-as-new count at day 90 (state.runs: 0 for a case still in its first run). */
  runs: number;
  /** Alert steps at day 90 (state.alerts.length), and alerts sent in all (the summary's, with the Cancel). */
  alertSteps: number;
  alertsSent: number;
  /** Events in the history of the last run. */
  historyLength: number;
  partnerChannels: number;
  partnerPostsAtDay90: number;
  partnerPosts: number;
  purged: boolean;
  status: string;
}

const RESULT_LINE = /^LONG_CASE_RESULT (\{.*\})$/m;
const TIMEOUT_MS = 10 * 60_000;

/**
 * Runs bench/long-case-process.ts with `env` (the service's: DATABASE_URL of a migrated database,
 * ALERT_WEBHOOKS, AUTH_JWT_SECRET, DATA_DIR ...) and resolves with its result once it has exited 0.
 */
export function measureLongCase(env: NodeJS.ProcessEnv, timeoutMs = TIMEOUT_MS): Promise<LongCaseResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'long-case-process.ts')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<LongCaseResult>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      reject(new Error(`bench/long-case-process.ts gave no result within ${Math.round(timeoutMs / 1000)} s`));
      // SIGTERM lets it stop its worker and its server; SIGKILL if it cannot.
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 20_000).unref();
    }, timeoutMs);
    child.once('error', (err) => (clearTimeout(timer), reject(err)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = RESULT_LINE.exec(out);
      if (code === 0 && line) resolve(JSON.parse(line[1]) as LongCaseResult);
      else reject(new Error(`bench/long-case-process.ts exited (${code ?? signal}) ${line ? 'after its result' : 'without a result'}`));
    });
  });
}

export function longCaseRow(result: LongCaseResult): Row {
  const s = (n: number) => (n === 1 ? '' : 's');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const posts = result.partnerChannels === 0
    ? 'no partner channel'
    : `${result.partnerPosts} partner POST${s(result.partnerPosts)} to ${result.partnerChannels} channel${s(result.partnerChannels)} (${result.partnerPostsAtDay90} by day ${result.days})`;
  return {
    id: 'long.case_90d',
    measure: `one ${result.days}-day case at the default policy on the time-skipping server: approval → day ${result.days}, wall time`,
    unit: 'ms',
    bare: null,
    service: result.wallMs90d,
    ratio: null,
    note: [
      `whole case ${seconds(result.wallMsTotal)} (close → retention → purge → result ${seconds(result.wallMsCloseToResult)}${result.purged ? '' : ', NOT purged'})`,
      `${result.alertSteps} alert steps by day ${result.days}`,
      `${result.runs} continue-as-new (${result.runs + 1} run${s(result.runs + 1)})`,
      `last run's history ${result.historyLength} events`,
      posts,
    ].join('; '),
  };
}
