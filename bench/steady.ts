/**
 * Intake at a steady rate (issue 15: 20 requests/s for 60 s): open loop, one report sent every
 * 1000/rate ms whatever the answers before it, so a slow answer shows as its own latency and does not
 * slow the offered load down (a closed loop would hide it: coordinated omission). Latency is from the
 * moment a request was due to its 201. Every case is closed afterwards (withdrawn) so that it neither
 * sends approval reminders nor counts as open in the phases after this one.
 */
import { performance } from 'node:perf_hooks';
import type { caseCalls } from './case-calls';
import { round, summarized, type Row } from './rows';
import { pool } from './stats';

type Calls = ReturnType<typeof caseCalls>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SteadyResult {
  rate: number;
  seconds: number;
  latencies: number[];
  /** Requests per second the service answered over the window (sent / time to the last answer). */
  answeredPerSecond: number;
  /** The most requests waiting for their answer at any one moment. */
  maxInFlight: number;
  /** Closes answered 503 and sent again. */
  retried: number;
}

export async function steadyIntake(calls: Calls, rate: number, seconds: number): Promise<SteadyResult> {
  const count = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const caseIds: string[] = [];
  const pending: Array<Promise<void>> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const began = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = began + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    pending.push(
      calls.intake().then((caseId) => {
        inFlight -= 1;
        latencies.push(performance.now() - due);
        caseIds.push(caseId);
      }),
    );
  }
  await Promise.all(pending);
  const answeredPerSecond = count / ((performance.now() - began) / 1000);
  // Closed whatever it has reached (a close during validation ends it as closed): polling each case
  // until it awaits approval would put a query storm on the worker the next phases measure.
  const retriedBefore = calls.retries();
  await pool(caseIds.length, 20, async (i) => calls.close(caseIds[i]));
  return { rate, seconds, latencies, answeredPerSecond, maxInFlight, retried: calls.retries() - retriedBefore };
}

export function steadyRow(r: SteadyResult): Row {
  return {
    id: 'steady.intake',
    measure: `intake at a steady ${r.rate} requests/s for ${r.seconds} s (open loop): POST /cases due → 201`,
    unit: 'ms',
    bare: null,
    service: summarized(r.latencies),
    ratio: null,
    note: `answered ${round(r.answeredPerSecond, 1)} /s; at most ${r.maxInFlight} in flight; closing them after, ${r.retried} closes answered 503 and sent again`,
  };
}
