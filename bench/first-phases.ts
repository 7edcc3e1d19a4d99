/**
 * The bench's first phases (bench/run.ts), and their rows: one at a time (bench/one-at-a-time.ts), then
 * the same number at once, 20 in flight (bench/at-once.ts). The scale-out run (bench/scale-out.ts) runs
 * them again on its four processes.
 */
import type { Api } from './api-client';
import { atOnce, CONCURRENCY, totalPss, type AtOnce, type CpuSnapshot, type MemorySnapshot } from './at-once';
import type { BareClient } from './bare-worker';
import { caseCalls } from './case-calls';
import type { ProcessMemory } from './memory';
import { oneAtATime, warmUp, type OneAtATime } from './one-at-a-time';
import type { BenchReceiver } from './receiver';
import { round, summarized, type Row } from './rows';
import type { Summary } from './stats';

export { CONCURRENCY, totalPss, type CpuSnapshot, type MemorySnapshot };

export interface Counts {
  single: number;
  load: number;
}

/** `transactions`: PostgreSQL's counter of writing transactions, to count the work of the one-at-a-time cases (bench/work-counts.ts). */
export async function measure(api: Api, bare: BareClient, receiver: BenchReceiver, counts: Counts, memory: () => MemorySnapshot, cpu: () => CpuSnapshot, transactions?: () => Promise<number>): Promise<Row[]> {
  const calls = caseCalls(api);
  await warmUp(bare, receiver, calls);
  const single = await oneAtATime(bare, receiver, calls, counts.single, transactions);
  const load = await atOnce(bare, receiver, calls, counts.load, memory, cpu);
  return [...firstPhaseRows(single, load, counts.load), ...single.work];
}

const latency = (id: string, measure: string, service: number[], floorOf: Summary, bareCell: Summary | null): Row => {
  const s = summarized(service);
  return { id, measure, unit: 'ms', bare: bareCell, service: s, ratio: round(s.p50 / floorOf.p50, 2), ratioP99: round(s.p99 / floorOf.p99, 2) };
};

const mem = (id: string, measure: string, m: ProcessMemory, bareOf?: ProcessMemory): Row =>
  m.pids.length === 0
    ? { id, measure, unit: 'MB', bare: null, service: null, ratio: null, note: 'not started by the bench (TEMPORAL_ADDRESS / DATABASE_URL)' }
    : {
        id,
        measure,
        unit: 'MB',
        bare: bareOf ? round(bareOf.rssMb, 1) : null,
        service: round(m.rssMb, 1),
        ratio: bareOf ? round(m.rssMb / bareOf.rssMb, 2) : null,
        note: `PSS ${round(m.pssMb, 1)} MB over ${m.pids.length} process${m.pids.length === 1 ? '' : 'es'}`,
      };

function firstPhaseRows(single: OneAtATime, load: AtOnce, n: number): Row[] {
  const floor = summarized(single.bare);
  const loadFloor = summarized(load.bare);
  const { before, alerting, after } = load.memory;
  const { beforeBare, beforeCases, afterCases } = load.cpu;
  // Bare: its worker and the server (it touches no database); service: the API + worker, the server and PostgreSQL.
  const bareCpu = (beforeCases.bare - beforeBare.bare + beforeCases.temporal - beforeBare.temporal) / n;
  const caseCpu = (['service', 'temporal', 'postgres'] as const).map((k) => afterCases[k] - beforeCases[k]);
  const perCaseMs = ((caseCpu[0] + caseCpu[1] + caseCpu[2]) / n) * 1000;
  return [
    latency('single.approval', 'one at a time: start → activity POST (bare) / approval → first partner delivery (service)', single.approval, floor, floor),
    latency('single.sighting', 'one at a time: sighting → re-centred Update at the partner (ratio over the bare start → activity)', single.sighting, floor, null),
    latency('single.found', 'one at a time: found → Cancel at the partner (ratio over the bare start → activity)', single.found, floor, null),
    latency('single.report', 'one at a time: report → awaiting approval (polled GET /cases/:id every 5 ms)', single.report, floor, null),
    { id: 'load.throughput', measure: `${n} at once (${CONCURRENCY} concurrent): starts per second (bare) / intakes per second (service)`, unit: '/s', bare: round(load.bareStartsPerSecond, 1), service: round(load.intakesPerSecond, 1), ratio: round(load.intakesPerSecond / load.bareStartsPerSecond, 2) },
    { id: 'load.bare', measure: `${n} at once (${CONCURRENCY} concurrent): start → activity POST (bare; the floor of the rows below)`, unit: 'ms', bare: loadFloor, service: null, ratio: null },
    latency('load.report', `${n} at once: report → awaiting approval (polled GET /cases list every 50 ms; ratio over the bare start → activity under load)`, load.report, loadFloor, null),
    latency('load.approval', `${n} at once: approval → first partner delivery (ratio over the bare start → activity under load)`, load.approval, loadFloor, null),
    latency('load.found', `${n} at once: found → Cancel at the partner (ratio over the bare start → activity under load)`, load.found, loadFloor, null),
    {
      id: 'cpu.per_case',
      measure: `CPU per case at ${n} at once: bare workflow (its worker + the server) / whole case, report → alert → found → Cancel (API + worker, server, PostgreSQL)`,
      unit: 'ms',
      bare: round(bareCpu * 1000, 1),
      service: round(perCaseMs, 1),
      ratio: round(perCaseMs / (bareCpu * 1000), 2),
      note: `of it API + worker ${round((caseCpu[0] / n) * 1000, 1)} ms, Temporal ${round((caseCpu[1] / n) * 1000, 1)} ms, PostgreSQL ${round((caseCpu[2] / n) * 1000, 1)} ms`,
    },
    mem('rss.service', 'RSS after the run: bare worker process / API + worker process', after.service, after.bare),
    mem('rss.temporal', 'RSS after the run: Temporal dev server', after.temporal),
    mem('rss.postgres', 'RSS after the run: PostgreSQL (postmaster and its backends)', after.postgres),
    {
      id: 'memory.per_open_case',
      measure: `memory per open alerting case (PSS of all three, with ${n} alerting minus before they were reported, / ${n})`,
      unit: 'MB',
      bare: null,
      service: round((totalPss(alerting) - totalPss(before)) / n, 3),
      ratio: null,
      note: `PSS total ${round(totalPss(before), 1)} MB before, ${round(totalPss(alerting), 1)} MB with them alerting, ${round(totalPss(after), 1)} MB after found`,
    },
  ];
}
