/**
 * `npm run bench [-- --quick]` (issue 15): the service side by side with bare Temporal on
 * the same dev server. Starts the embedded stack as `npm start` does (devtools/stack.ts; or uses
 * TEMPORAL_ADDRESS / DATABASE_URL), the service in a child process (bench/service-process.ts), a local
 * partner receiver (its only ALERT_WEBHOOKS channel) and a bare worker on its own task queue whose one
 * activity POSTs to the same receiver. Prints a table; writes BENCHMARKS.md and bench/results.json
 * (`--quick`: .data/bench-quick.md and .data/bench-quick.json, BENCHMARKS.md untouched).
 * Counts: `--single N` (one at a time; default 50, quick 5), `--load N` (20 in flight; default 200,
 * quick 20), `--steady SECONDS` (intake at 20/s; default 60, quick 5) and `--widening N,M` (open cases
 * per widening phase; default 1000, quick 10,30; `--widening 1000,10000` for the larger size;
 * the worker's cache is sized to the largest, and each phase's EXPANSION_INTERVAL to its own). Then the later phases (bench/later-phases.ts)
 * and the scale-out run (bench/scale-out.ts). BENCH_DATA_DIR (default /tmp/mca-bench) is the bench's
 * own and is emptied at every run.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { freePort } from '../devtools/free-port';
import { PROJECT_ROOT } from '../devtools/paths';
import { startStack, type Stack } from '../devtools/stack';
import { safeRuntimeLogger } from '../service/safe-logger';
import { bareClient, BARE_TASK_QUEUE } from './bare-worker';
import { cpuSecondsOf } from './cpu';
import { memoryOf, processTree } from './memory';
import { apiClient } from './api-client';
import { startChild } from './child-process';
import { CONCURRENCY, measure, totalPss, type Counts } from './first-phases';
import { measureLaterPhases, type LaterCounts } from './later-phases';
import { machineInfo, markdown, table } from './markdown';
import { scaleRows, startScaledService } from './scale-out';
import { startBenchReceiver } from './receiver';
import type { Cell, Row } from './rows';
import { writeTransactionCounter } from './work-counts';

export type { Cell, Row };

const CHANNEL = 'bench-partner';
const log = (line: string) => console.error(`[bench] ${line}`);

/** EXPANSION_INTERVAL of the phases before the widening ones (and of the scale-out run): a case there ends long before. */
const EXPANSION_INTERVAL_MS = { full: 120_000, quick: 20_000 };
/**
 * A widening phase's EXPANSION_INTERVAL, per case of it (and at least the above): 10,000 cases, 1,200 s.
 * This machine approves about 10 cases a second at 10,000 (16 minutes in the run of 2026-12-02), so every
 * case is approved before the first widening comes due, and every case is found before its second: the
 * widenings then come at the pace the approvals set. Shorter (50 ms a case until 2026-12-04), the
 * widenings of the first cases overlapped the approvals of the last and came due again every interval:
 * 10,000 open cases at 500 s ask 20 widenings a second, more than the ~14 alert steps a second this
 * machine sends, and the phase measured that overload, not the schedule (the default, 1 h, asks 2.8).
 */
const EXPANSION_INTERVAL_PER_CASE_MS = 120;
const STEADY_RATE = 20;

export async function runBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean', default: false }, single: { type: 'string' }, load: { type: 'string' }, steady: { type: 'string' }, widening: { type: 'string' } },
    strict: true,
  });
  const quick = values.quick ?? false;
  const counts: Counts = { single: Number(values.single ?? (quick ? 5 : 50)), load: Number(values.load ?? (quick ? 20 : 200)) };
  const baseIntervalMs = quick ? EXPANSION_INTERVAL_MS.quick : EXPANSION_INTERVAL_MS.full;
  const later: LaterCounts = {
    steadyRate: STEADY_RATE,
    steadySeconds: Number(values.steady ?? (quick ? 5 : 60)),
    widening: (values.widening ?? (quick ? '10,30' : '1000')).split(',').map(Number),
    intervalMs: (count: number) => Math.max(baseIntervalMs, count * EXPANSION_INTERVAL_PER_CASE_MS),
  };
  const largestWidening = Math.max(...later.widening);
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
    EXPANSION_INTERVAL: `${baseIntervalMs}ms`,
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
    const startService = (env: NodeJS.ProcessEnv) =>
      startChild('service-process.ts', {
        ...env,
        BENCH_METRICS_PORT: String(metricsPort),
        TEMPORAL_ADDRESS: stack.temporalAddress,
        DATABASE_URL: stack.databaseUrl,
        ...(stack.migrationUrl ? { DATABASE_MIGRATION_URL: stack.migrationUrl } : {}),
      });
    let service = await startService(serviceEnv);
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
          // The same port, so the API client goes on; a case's policy is the API's at its intake.
          restartService: async (intervalMs) => {
            log(`service restarted with EXPANSION_INTERVAL = ${intervalMs / 1000} s`);
            await service.stop();
            service = await startService({ ...serviceEnv, EXPANSION_INTERVAL: `${intervalMs}ms` });
          },
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
    const result = { quick, counts: { ...counts, concurrency: CONCURRENCY }, later, wideningIntervalsMs: later.widening.map(later.intervalMs), workerCache: Number(serviceEnv.WORKER_MAX_CACHED_WORKFLOWS), date: startedAt.toISOString(), durationSeconds: Math.round(seconds), machine, rows };
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
