/** A row of the bench's table (BENCHMARKS.md, results.json), and the rounding its figures get. */
import { summarize, type Summary } from './stats';

export type Cell = Summary | number | null;
export interface Row {
  id: string;
  measure: string;
  unit: 'ms' | '/s' | 'MB' | 'count';
  bare: Cell;
  service: Cell;
  /** service / bare (p50 for latencies; for rows without a bare figure, over the bare floor of the same mode). */
  ratio: number | null;
  ratioP99?: number | null;
  note?: string;
}

export const summarized = (values: number[]): Summary => {
  const s = summarize(values);
  return { n: s.n, p50: round(s.p50, 1), p95: round(s.p95, 1), p99: round(s.p99, 1), max: round(s.max, 1) };
};

export const round = (n: number, digits: number) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null) as number;
