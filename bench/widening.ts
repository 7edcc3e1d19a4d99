/**
 * The widening schedule's punctuality with many open cases on one worker (issue 15: 1,000 and 10,000).
 * `count` cases are reported and approved; each one's first widening is due one EXPANSION_INTERVAL
 * after its first alert's `sentAt`. Measured per case: the widening's own `sentAt` (the workflow's
 * clock when its timer's task ran) and its arrival at the partner, each minus that due time, on the wall
 * clock the workflow's times are on. Also: the memory of all processes per open case, and the worker's
 * sticky cache hits and misses (a miss replays the case's history: many at once are an eviction storm).
 * Then reads: GET /cases/:id of open alerting cases (20 at a time), each a query of the live workflow,
 * timed, with the cache's hits and misses over them (a read of a case out of the cache replays it).
 * Every case is then reported found, and its Cancel awaited, so the next phase starts from none open.
 */
import { performance } from 'node:perf_hooks';
import type { BenchReceiver } from './receiver';
import type { caseCalls } from './case-calls';
import { round, summarized, type Row } from './rows';
import { pool } from './stats';

type Calls = ReturnType<typeof caseCalls>;
const CONCURRENCY = 20;

export interface WideningDeps {
  calls: Calls;
  receiver: BenchReceiver;
  intervalMs: number;
  /** PSS of every process of the service side (API + worker, Temporal, PostgreSQL), and of the API + worker alone, MB. */
  pssMb: () => { total: number; service: number };
  /** The worker's sticky cache counters so far (its Prometheus endpoint). */
  cache: () => Promise<{ hits: number; misses: number }>;
  log: (line: string) => void;
}

export interface WideningResult {
  count: number;
  intervalMs: number;
  /** From the first intake to the last approval (ms): under intervalMs, no widening came due meanwhile. */
  approvalsMs: number;
  /** Widening `sentAt` − due, per case (ms). */
  sentLate: number[];
  /** Arrival of the widening at the partner − due, per case (ms). */
  arrivalLate: number[];
  mbPerOpenCase: number;
  /** Of it, the API + worker process's (the worker's cache). */
  serviceMbPerOpenCase: number;
  cacheHits: number;
  cacheMisses: number;
  /** Commands of this phase answered 503 (no worker answered in time) and sent again. */
  retried: number;
  /** Commands of this phase answered 202 (taken in, not applied within API_TEMPORAL_TIMEOUT). */
  answeredLater: number;
  /** GET /cases/:id of open alerting cases: each one's latency (ms), and the cache over them. */
  reads: number[];
  /** Reads not answered 200 from the live workflow: their status (and source). */
  readsNotLive: string[];
  readCacheHits: number;
  readCacheMisses: number;
}

/** Reported cases not yet approved, at most (see measureWidening). */
const MAX_UNAPPROVED = 500;
/** No case newly awaiting approval for this long: the phase fails. */
const STALL_MS = 10 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many open cases are read, spread over all of them. */
const READS = 200;

export async function measureWidening(deps: WideningDeps, count: number): Promise<WideningResult> {
  const { calls, receiver, intervalMs, log } = deps;
  const pssBefore = deps.pssMb();
  const retriedBefore = calls.retries();
  const answeredLaterBefore = calls.answeredLater();
  const began = performance.now();
  log(`widening with ${count} open cases: intakes and approvals`);
  const cases: string[] = new Array(count);
  // Reported and not yet approved. Intake waits while there are MAX_UNAPPROVED of them: reports taken
  // as fast as the API answers queue more first workflow tasks than the worker runs, and a case whose
  // task times out then waits behind that backlog for many minutes (seen at 10,000: 7,537 tasks queued).
  const unapproved = new Set<string>();
  let intakesDone = false;
  let progressAt = Date.now();
  const stalled = () => Date.now() - progressAt > STALL_MS;
  const stallError = () => new Error(`${unapproved.size} reported cases and none awaiting approval for ${STALL_MS / 60_000} minutes`);
  // Those awaiting approval, from the database's list, approved as they appear: a GET /cases/:id per
  // case would query each one, and with more cases open than the worker caches, replay each.
  const approving = (async () => {
    while (!intakesDone || unapproved.size > 0) {
      if (stalled()) throw stallError();
      const ready = unapproved.size === 0 ? [] : await calls.listAwaiting(unapproved);
      for (const caseId of ready) unapproved.delete(caseId);
      if (ready.length > 0 || unapproved.size === 0) progressAt = Date.now();
      if (ready.length === 0) await sleep(250);
      await pool(ready.length, CONCURRENCY, async (i) => calls.approve(ready[i]));
    }
  })();
  // A failed approval loop must not leave the intake lanes waiting on it.
  let approvalsFailed: unknown = null;
  approving.catch((err: unknown) => void (approvalsFailed = err));
  await pool(count, CONCURRENCY, async (i) => {
    while (unapproved.size >= MAX_UNAPPROVED) {
      if (approvalsFailed) throw approvalsFailed;
      if (stalled()) throw stallError();
      await sleep(100);
    }
    const caseId = await calls.intake();
    cases[i] = caseId;
    unapproved.add(caseId);
  }).finally(() => (intakesDone = true));
  await approving;
  const approvalsMs = performance.now() - began;
  const cacheBefore = await deps.cache();
  log(`widening with ${count} open cases: waiting for every first widening (due ${intervalMs / 1000} s after each first alert)`);
  const sentLate: number[] = [];
  const arrivalLate: number[] = [];
  const timeoutMs = intervalMs + 600_000;
  await Promise.all(
    cases.map(async (caseId) => {
      const first = await receiver.step(caseId, 1, timeoutMs);
      const widening = await receiver.step(caseId, 2, timeoutMs);
      const due = first.sentAt + intervalMs;
      sentLate.push(widening.sentAt - due);
      arrivalLate.push(widening.arrivedAt - due);
    }),
  );
  const cacheAfter = await deps.cache();
  const pssOpen = deps.pssMb();
  log(`widening with ${count} open cases: reads`);
  const reads: number[] = [];
  const readsNotLive: string[] = [];
  const toRead = Array.from({ length: Math.min(READS, count) }, (_, i) => cases[Math.floor((i * count) / Math.min(READS, count))]);
  await pool(toRead.length, CONCURRENCY, async (i) => {
    const t0 = performance.now();
    const res = await calls.readCase(toRead[i]);
    reads.push(performance.now() - t0);
    // Counted, not thrown: a phase of an hour is not lost to one slow read.
    if (res.status !== 200 || res.body.source !== 'workflow') readsNotLive.push(`${res.status}${res.status === 200 ? ` from the ${res.body.source}` : ''}`);
  });
  const cacheRead = await deps.cache();
  log(`widening with ${count} open cases: found`);
  await pool(count, CONCURRENCY, async (i) => calls.found(cases[i]));
  await Promise.all(cases.map((caseId) => receiver.arrival(`${caseId}:Cancel`, 600_000)));
  return {
    count,
    intervalMs,
    approvalsMs,
    sentLate,
    arrivalLate,
    mbPerOpenCase: (pssOpen.total - pssBefore.total) / count,
    serviceMbPerOpenCase: (pssOpen.service - pssBefore.service) / count,
    cacheHits: cacheAfter.hits - cacheBefore.hits,
    cacheMisses: cacheAfter.misses - cacheBefore.misses,
    retried: calls.retries() - retriedBefore,
    answeredLater: calls.answeredLater() - answeredLaterBefore,
    reads,
    readsNotLive,
    readCacheHits: cacheRead.hits - cacheAfter.hits,
    readCacheMisses: cacheRead.misses - cacheAfter.misses,
  };
}

const hitRateOf = (hits: number, misses: number) =>
  hits + misses === 0 ? 'no lookups' : `${round((hits / (hits + misses)) * 100, 1)} % hits (${hits} hits, ${misses} misses)`;

export function wideningRows(r: WideningResult): Row[] {
  const hitRate = hitRateOf(r.cacheHits, r.cacheMisses);
  const maxLate = Math.max(...r.arrivalLate);
  return [
    {
      id: `widening.${r.count}.sent`,
      measure: `${r.count} open cases on one worker: each first widening's sentAt − its due time`,
      unit: 'ms',
      bare: null,
      service: summarized(r.sentLate),
      ratio: null,
    },
    {
      id: `widening.${r.count}.arrival`,
      measure: `${r.count} open cases on one worker: each first widening at the partner − its due time`,
      unit: 'ms',
      bare: null,
      service: summarized(r.arrivalLate),
      ratio: null,
      note: `EXPANSION_INTERVAL ${r.intervalMs / 1000} s, every case reported and approved in ${Math.round(r.approvalsMs / 1000)} s; latest ${round(maxLate / 1000, 2)} s; worker sticky cache over the widenings: ${hitRate}; ${r.retried} approvals or founds answered 503 and sent again, ${r.answeredLater} answered 202 (taken in, applied after the answer)`,
    },
    {
      id: `widening.${r.count}.memory`,
      measure: `${r.count} open alerting cases: memory per open case (PSS of all three, open minus before, / ${r.count})`,
      unit: 'MB',
      bare: null,
      service: round(r.mbPerOpenCase, 3),
      ratio: null,
      note: `of it the API + worker process ${round(r.serviceMbPerOpenCase, 3)} MB`,
    },
    {
      id: `widening.${r.count}.reads`,
      measure: `${r.count} open cases: GET /cases/:id of an alerting case, a query of its workflow (${r.reads.length} cases, ${CONCURRENCY} at a time)`,
      unit: 'ms',
      bare: null,
      service: summarized(r.reads),
      ratio: null,
      note: `worker sticky cache over the reads: ${hitRateOf(r.readCacheHits, r.readCacheMisses)}; ${r.readsNotLive.length === 0 ? 'every one answered 200 from the workflow' : `not answered 200 from the workflow: ${r.readsNotLive.join(', ')}`}`,
    },
  ];
}
