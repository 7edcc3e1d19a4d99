/**
 * Scale-out, measured (issue 15): two API processes and two worker processes (bench/service-process.ts
 * with BENCH_ROLES) against the same Temporal dev server and PostgreSQL, in place of the one process
 * that runs both. The bench's client sends each request to the next API in turn; the workers share the
 * task queue. `scaleRows` sets the same measures side by side: one process of each kind, then two.
 */
import { freePort } from '../devtools/free-port';
import { startChild, type ChildRun } from './child-process';
import { round, type Row } from './rows';

export interface ScaledService {
  apiUrls: string[];
  pids(): number[];
  stop(): Promise<void>;
}

export async function startScaledService(env: NodeJS.ProcessEnv): Promise<ScaledService> {
  const children: ChildRun[] = [];
  const stop = async () => void (await Promise.all(children.splice(0).map((c) => c.stop())));
  try {
    // Workers first: the APIs' first commands find a poller.
    for (let i = 0; i < 2; i += 1) children.push(await startChild('service-process.ts', { ...env, BENCH_ROLES: 'worker', PORT: String(await freePort()), BENCH_METRICS_PORT: '' }));
    for (let i = 0; i < 2; i += 1) children.push(await startChild('service-process.ts', { ...env, BENCH_ROLES: 'api', PORT: String(await freePort()), BENCH_METRICS_PORT: '' }));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    apiUrls: children.filter((c) => c.ready !== 'worker').map((c) => c.ready),
    pids: () => children.flatMap((c) => (c.child.pid ? [c.child.pid] : [])),
    stop,
  };
}

/** The rows measured again, as two of each: "bare" holds the figure with one process, ratio two / one. */
const SCALED = ['single.approval', 'single.found', 'load.throughput', 'load.report', 'load.approval', 'load.found', 'cpu.per_case'];

export function scaleRows(one: Row[], two: Row[]): Row[] {
  return SCALED.flatMap((id) => {
    const a = one.find((r) => r.id === id);
    const b = two.find((r) => r.id === id);
    if (!a || !b) return [];
    const p50 = (c: Row['service']) => (c === null ? null : typeof c === 'number' ? c : c.p50);
    const p99 = (c: Row['service']) => (c === null || typeof c === 'number' ? null : c.p99);
    const ratio = (x: number | null, y: number | null) => (x === null || y === null || y === 0 ? null : round(x / y, 2));
    return [{
      id: `scale.${id}`,
      measure: `scale-out, 2 API + 2 worker processes (bare column: 1 process running both): ${a.measure}`,
      unit: a.unit,
      bare: a.service,
      service: b.service,
      ratio: ratio(p50(b.service), p50(a.service)),
      ...(p99(a.service) !== null ? { ratioP99: ratio(p99(b.service), p99(a.service)) } : {}),
      ...(b.note ? { note: b.note } : {}),
    }];
  });
}
