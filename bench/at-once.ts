/**
 * The bench's at-once phase (bench/first-phases.ts): N bare starts with 20 in flight (the floor under
 * load), then N cases reported, approved and found, each burst with 20 in flight, timed to what the
 * partner receives; with the processes' memory and CPU before, between and after.
 */
import { performance } from 'node:perf_hooks';
import type { BareClient } from './bare-worker';
import type { caseCalls } from './case-calls';
import type { ProcessMemory } from './memory';
import type { BenchReceiver } from './receiver';
import { pool } from './stats';

export const CONCURRENCY = 20;
const log = (line: string) => console.error(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type MemorySnapshot = { service: ProcessMemory; bare: ProcessMemory; temporal: ProcessMemory; postgres: ProcessMemory };
export const totalPss = (m: MemorySnapshot) => m.service.pssMb + m.temporal.pssMb + m.postgres.pssMb;
export type CpuSnapshot = { service: number; bare: number; temporal: number; postgres: number };

export interface AtOnce {
  bare: number[];
  report: number[];
  approval: number[];
  found: number[];
  bareStartsPerSecond: number;
  intakesPerSecond: number;
  /** Before the cases were reported, with them alerting, after they were found. */
  memory: { before: MemorySnapshot; alerting: MemorySnapshot; after: MemorySnapshot };
  /** Before the bare starts, before the cases (after the bare ones ended), after the cases. */
  cpu: { beforeBare: CpuSnapshot; beforeCases: CpuSnapshot; afterCases: CpuSnapshot };
}

export async function atOnce(bare: BareClient, receiver: BenchReceiver, calls: ReturnType<typeof caseCalls>, count: number, memory: () => MemorySnapshot, cpu: () => CpuSnapshot): Promise<AtOnce> {
  const bareUrl = receiver.url('/bare');
  const { intake, listAwaiting, approve, found } = calls;
  const before = memory();
  const cpuBeforeBare = cpu();
  log(`${count} at once (${CONCURRENCY} concurrent): bare starts`);
  const load = { bare: [] as number[], report: [] as number[], approval: [] as number[], found: [] as number[] };
  const arrivals: Array<Promise<void>> = [];
  let t = performance.now();
  await pool(count, CONCURRENCY, async (i) => {
    const id = `load-${i}`;
    const t0 = performance.now();
    await bare.start(bareUrl, id);
    arrivals.push(receiver.arrival(`bare:${id}`, 120_000).then((at) => void load.bare.push(at - t0)));
  });
  const bareStartsPerSecond = count / ((performance.now() - t) / 1000);
  await Promise.all(arrivals);
  await sleep(1_000);
  const cpuBeforeCases = cpu();

  log(`${count} at once: intakes`);
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
  await pool(count, CONCURRENCY, async () => {
    const t0 = performance.now();
    const caseId = await intake();
    reportedAt.set(caseId, t0);
    cases.push(caseId);
  });
  const intakesPerSecond = count / ((performance.now() - t) / 1000);
  const deadline = Date.now() + 180_000;
  while (awaitingAt.size < cases.length && Date.now() < deadline) await sleep(50);
  polling = false;
  await poller;
  if (awaitingAt.size < cases.length) throw new Error(`${cases.length - awaitingAt.size} of ${cases.length} cases did not reach awaiting_approval within 180 s`);
  for (const id of cases) load.report.push(awaitingAt.get(id)! - reportedAt.get(id)!);

  // A burst of one command per case, 20 in flight: each timed from its call to what the partner receives.
  const burst = async (what: string, command: (caseId: string) => Promise<unknown>, arrival: string, samples: number[]) => {
    log(`${count} at once: ${what}`);
    const received: Array<Promise<void>> = [];
    await pool(cases.length, CONCURRENCY, async (i) => {
      const t0 = performance.now();
      await command(cases[i]);
      received.push(receiver.arrival(`${cases[i]}:${arrival}`, 180_000).then((at) => void samples.push(at - t0)));
    });
    await Promise.all(received);
    await sleep(1_000);
  };
  await burst('approvals', approve, 'first', load.approval);
  const alerting = memory();
  await burst('found', found, 'Cancel', load.found);
  return {
    ...load,
    bareStartsPerSecond,
    intakesPerSecond,
    memory: { before, alerting, after: memory() },
    cpu: { beforeBare: cpuBeforeBare, beforeCases: cpuBeforeCases, afterCases: cpu() },
  };
}
