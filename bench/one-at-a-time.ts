/**
 * The bench's one-at-a-time phase (bench/first-phases.ts): a warm-up, then N bare workflows (start →
 * activity POST: the floor) and N cases in sequence, each reported, approved, sighted and found, timed to
 * what the partner receives; with PostgreSQL's writing transactions counted over them (bench/work-counts.ts).
 */
import { performance } from 'node:perf_hooks';
import { bareWorkflowId, type BareClient } from './bare-worker';
import type { caseCalls } from './case-calls';
import type { BenchReceiver } from './receiver';
import type { Row } from './rows';
import { transactionsPerRead, workOfWorkflows, workRows } from './work-counts';
import { workflowIdForCase } from '../workflows/contract';

const log = (line: string) => console.error(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type CaseCalls = ReturnType<typeof caseCalls>;

export interface OneAtATime {
  bare: number[];
  report: number[];
  approval: number[];
  sighting: number[];
  found: number[];
  /** The work counts' rows (none without a transaction counter). */
  work: Row[];
}

/** A few of each first, so that neither side pays for its first connections and compilations in the figures. */
export async function warmUp(bare: BareClient, receiver: BenchReceiver, calls: CaseCalls): Promise<void> {
  const bareUrl = receiver.url('/bare');
  log('warm-up');
  for (let i = 0; i < 3; i += 1) {
    const id = `warm-${i}`;
    await bare.start(bareUrl, id);
    await receiver.arrival(`bare:${id}`);
  }
  for (let i = 0; i < 2; i += 1) {
    const caseId = await calls.intake();
    await calls.awaitingOne(caseId);
    await calls.approve(caseId);
    await receiver.arrival(`${caseId}:first`);
    await calls.found(caseId);
    await receiver.arrival(`${caseId}:Cancel`);
  }
}

/** `transactions`: PostgreSQL's counter of writing transactions, to count the work of the cases. */
export async function oneAtATime(bare: BareClient, receiver: BenchReceiver, calls: CaseCalls, count: number, transactions?: () => Promise<number>): Promise<OneAtATime> {
  const bareUrl = receiver.url('/bare');
  const { intake, readCase, caseReads, awaitingOne, approve, sighting, found, close } = calls;
  log(`one at a time: ${count} bare workflows, ${count} cases`);
  const single: OneAtATime = { bare: [], report: [], approval: [], sighting: [], found: [], work: [] };
  for (let i = 0; i < count; i += 1) {
    const id = `single-${i}`;
    const t0 = performance.now();
    await bare.start(bareUrl, id);
    single.bare.push((await receiver.arrival(`bare:${id}`)) - t0);
    await sleep(20);
  }
  const counting = transactions ? await transactionsPerRead(transactions, { intake, awaitingOne, readCase }) : null;
  const readsBefore = caseReads();
  const cases: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const reported = performance.now();
    const caseId = await intake();
    cases.push(caseId);
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
  if (transactions && counting) {
    // Less the bench's polls of the cases (each writes the audit entry of a personal-data read).
    const total = (await transactions()) - counting.before - (caseReads() - readsBefore) * counting.perRead;
    await close(counting.caseId);
    const bareWork = await workOfWorkflows(bare.client, Array.from({ length: count }, (_, i) => bareWorkflowId(`single-${i}`)));
    single.work = workRows(bareWork, await workOfWorkflows(bare.client, cases.map(workflowIdForCase)), total / count, counting.perRead);
  }
  return single;
}
