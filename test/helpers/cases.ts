/**
 * Starts a case the way intake does: its rows written first (the report stays in PostgreSQL), then
 * the workflow with the non-personal facts only.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { caseFactsOf, insertCaseRecords } from '../../db/case-intake';
import type { Database } from '../../db/client';
import type { caseWorkflow } from '../../workflows';
import { workflowIdForCase, type CasePolicy, type CaseReport } from '../../workflows/contract';
import { testFingerprintKeys } from './env';
import { defaultPolicy, makeReport } from './fixtures';

export interface RecordedCaseOptions {
  taskQueue: string;
  report?: CaseReport;
  policy?: Partial<CasePolicy>;
  caseId?: string;
}

/** Writes the case's rows as intake does; returns the id and the arguments its workflow starts with. */
export async function recordCase(db: Database, options: Omit<RecordedCaseOptions, 'taskQueue'> = {}) {
  const caseId = options.caseId ?? randomUUID();
  const report = options.report ?? makeReport();
  const receivedAt = new Date();
  await db.transaction((tx) => insertCaseRecords(tx, { caseId, report, receivedAt, recordedBy: { sub: 'intake-test', role: 'intake_officer' }, fingerprintKey: testFingerprintKeys[0] }));
  return { caseId, report, args: [{ caseId, policy: defaultPolicy(options.policy), facts: caseFactsOf(report, receivedAt) }] as [Parameters<typeof caseWorkflow>[0]] };
}

export async function startRecordedCase(client: Client, db: Database, options: RecordedCaseOptions) {
  const { caseId, report, args } = await recordCase(db, options);
  const handle = await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: workflowIdForCase(caseId),
    taskQueue: options.taskQueue,
    args,
  });
  return { caseId, report, handle };
}
