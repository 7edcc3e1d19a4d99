/**
 * What a case costs in counted work, not in time: history events, workflow tasks, activity tasks,
 * local activities, timers and search-attribute upserts per workflow (from the histories), and
 * PostgreSQL's writing transactions per case (transaction ids). Unlike the timings these hardly move from run
 * to run on a shared machine, so a change shows in them even where the timings' noise hides it.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Pool } from 'pg';
import type { caseCalls } from './case-calls';
import { round, type Row } from './rows';

type Event = temporal.api.history.v1.IHistoryEvent;
const TYPE = temporal.api.enums.v1.EventType;

export interface WorkflowWork {
  events: number;
  workflowTasks: number;
  activityTasks: number;
  localActivities: number;
  timers: number;
  upserts: number;
}

/** The SDK's marker of a local activity's result (core's name for it). */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

export function workOf(events: Event[]): WorkflowWork {
  const count = (type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type).length;
  return {
    events: events.length,
    workflowTasks: count(TYPE.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
    activityTasks: count(TYPE.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    localActivities: events.filter((e) => e.eventType === TYPE.EVENT_TYPE_MARKER_RECORDED && e.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER).length,
    timers: count(TYPE.EVENT_TYPE_TIMER_STARTED),
    upserts: count(TYPE.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
  };
}

/** Each workflow's counts (read with any client of the server: the events' types need no payload codec). */
export async function workOfWorkflows(client: Client, workflowIds: string[]): Promise<WorkflowWork[]> {
  const out: WorkflowWork[] = [];
  for (const id of workflowIds) out.push(workOf((await client.workflow.getHandle(id).fetchHistory()).events ?? []));
  return out;
}

/**
 * PostgreSQL's next transaction id: every transaction that writes is given one, and nothing else is
 * (reading it takes none), so the difference between two readings counts the writing transactions
 * between them, at once and exactly (the statistics' counters of all transactions lag up to 10 s).
 */
export function writeTransactionCounter(databaseUrl: string): { read(): Promise<number>; close(): Promise<void> } {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  return {
    async read() {
      const { rows } = await pool.query<{ n: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as n');
      return Number(rows[0].n);
    },
    close: () => pool.end(),
  };
}

const CALIBRATION_READS = 20;

/**
 * What one GET /cases/:id of a case awaiting approval costs in writing transactions (the one-at-a-time
 * cases are polled with it), from reads of a case of its own; and the counter's reading after them,
 * from which the cases' transactions are counted. The case is closed once they are.
 */
export async function transactionsPerRead(
  transactions: () => Promise<number>,
  calls: Pick<ReturnType<typeof caseCalls>, 'intake' | 'awaitingOne' | 'readCase'>,
): Promise<{ caseId: string; perRead: number; before: number }> {
  const caseId = await calls.intake();
  await calls.awaitingOne(caseId);
  const start = await transactions();
  for (let i = 0; i < CALIBRATION_READS; i += 1) await calls.readCase(caseId);
  const before = await transactions();
  return { caseId, perRead: (before - start) / CALIBRATION_READS, before };
}

const FIELDS: Array<[keyof WorkflowWork, string]> = [
  ['events', 'history events'],
  ['workflowTasks', 'workflow tasks'],
  ['activityTasks', 'activity tasks'],
  ['localActivities', 'local activities'],
  ['timers', 'timers started'],
  ['upserts', 'search-attribute upserts'],
];

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One row per count: the bare workflow's against a whole case's (mean, with its range over the cases). */
export function workRows(bare: WorkflowWork[], cases: WorkflowWork[], transactionsPerCase: number, transactionsPerRead: number): Row[] {
  const rows: Row[] = FIELDS.map(([key, name]) => {
    const b = mean(bare.map((w) => w[key]));
    const s = cases.map((w) => w[key]);
    const m = mean(s);
    return {
      id: `work.${key}`,
      measure: `work per workflow, one at a time: ${name} (bare workflow / whole case, report → alert → sighting → found → Cancel)`,
      unit: 'count',
      bare: round(b, 1),
      service: round(m, 1),
      ratio: b > 0 ? round(m / b, 2) : null,
      note: `${Math.min(...s)}–${Math.max(...s)} over ${s.length} cases`,
    };
  });
  rows.push({
    id: 'work.pg_transactions',
    measure: 'work per case, one at a time: PostgreSQL transactions that write (ids assigned, less the bench\'s polls of the case; the bare workflow has no database)',
    unit: 'count',
    bare: null,
    service: round(transactionsPerCase, 1),
    ratio: null,
    note: `a poll, GET /cases/:id of a case awaiting approval: ${round(transactionsPerRead, 1)}`,
  });
  return rows;
}
