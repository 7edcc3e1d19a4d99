/**
 * The bench's phases after the latency and load rows (bench/run.ts): intake at a steady rate
 * (bench/steady.ts), the widening schedule's punctuality with many open cases (bench/widening.ts, at
 * each size asked) and one 90-day case on a time-skipping server (bench/long-case.ts).
 */
import type { Api } from './api-client';
import { caseCalls } from './case-calls';
import { longCaseRow, measureLongCase } from './long-case';
import type { BenchReceiver } from './receiver';
import type { Row } from './rows';
import { steadyIntake, steadyRow } from './steady';
import { measureWidening, wideningRows } from './widening';
import { stickyCacheCounters } from './worker-metrics';

export interface LaterCounts {
  /** Requests per second and seconds of the steady intake. */
  steadyRate: number;
  steadySeconds: number;
  /** Open case counts of the widening phases, in order. */
  widening: number[];
  /** A widening phase's EXPANSION_INTERVAL (its widenings are due one of it after each first alert). */
  intervalMs: (count: number) => number;
}

export interface LaterDeps {
  api: Api;
  receiver: BenchReceiver;
  pssMb: () => { total: number; service: number };
  metricsUrl: string;
  /** The service (API + worker) stopped and started again with this EXPANSION_INTERVAL, before each widening phase. */
  restartService: (intervalMs: number) => Promise<void>;
  /** The environment of the 90-day case's child: the service's, with the default policy. */
  longCaseEnv: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export async function measureLaterPhases(deps: LaterDeps, counts: LaterCounts): Promise<Row[]> {
  const { log } = deps;
  const calls = caseCalls(deps.api);
  const rows: Row[] = [];
  log(`steady intake: ${counts.steadyRate} requests/s for ${counts.steadySeconds} s`);
  rows.push(steadyRow(await steadyIntake(calls, counts.steadyRate, counts.steadySeconds)));
  for (const count of counts.widening) {
    const intervalMs = counts.intervalMs(count);
    await deps.restartService(intervalMs);
    const result = await measureWidening(
      { calls, receiver: deps.receiver, intervalMs, pssMb: deps.pssMb, cache: () => stickyCacheCounters(deps.metricsUrl), log },
      count,
    );
    rows.push(...wideningRows(result));
  }
  log('one 90-day case on a time-skipping server');
  rows.push(longCaseRow(await measureLongCase(deps.longCaseEnv)));
  return rows;
}
