/**
 * A sealed payload belongs to its case: copied from one case's history into a signal or a start of
 * another, it is refused by the worker there (the workflow task fails naming both workflow ids) and the
 * other case does not change. On a real dev server with the real worker; the raw gRPC calls are what
 * anyone who can reach Temporal could send, bypassing the API.
 */
import { randomUUID } from 'node:crypto';
import { decodeOptionalFailureToOptionalError, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { eq } from 'drizzle-orm';
import { cases } from '../db/schema';
import { closeSignal, workflowIdForCase } from '../workflows/contract';
import { startRecordedCase } from './helpers/cases';
import { useDevServerContext } from './helpers/dev-server';
import { testDataConverter, testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { waitForState } from './helpers/worker';

const ctx = useDevServerContext('payload-binding', () => testEnv.temporalAddress);
const prosecutor = { sub: 'binding-prosecutor', role: 'prosecutor' as const };
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const history = async (workflowId: string) => (await ctx.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
const awaitingCase = async () => {
  const started = await startRecordedCase(ctx.client, ctx.database.db, { taskQueue: ctx.taskQueue });
  await waitForState(started.handle, (s) => s.status === 'awaiting_approval');
  return started;
};
/** The failure the worker reported for a workflow task, once there is one (its message is sealed too). */
async function taskFailure(workflowId: string): Promise<string | undefined> {
  const failed = await eventually(
    async () => (await history(workflowId)).find((e: HistoryEvent) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure,
    (failure) => failure != null,
  );
  return (await decodeOptionalFailureToOptionalError(loadDataConverter(testDataConverter()), failed))?.message;
}

test("a case's sealed signal, replayed into another case, is refused there and changes nothing", async () => {
  const a = await awaitingCase();
  const b = await awaitingCase();
  await a.handle.signal(closeSignal, { reason: 'withdrawn', closedBy: prosecutor });
  await waitForState(a.handle, (s) => s.status === 'closed');
  const signalled = (await history(a.handle.workflowId)).find((e) => e.workflowExecutionSignaledEventAttributes)!.workflowExecutionSignaledEventAttributes!;

  await ctx.connection.workflowService.signalWorkflowExecution({
    namespace: testEnv.namespace,
    workflowExecution: { workflowId: b.handle.workflowId },
    signalName: 'close',
    input: signalled.input,
    identity: 'payload-binding-test',
    requestId: randomUUID(),
  });
  expect(await taskFailure(b.handle.workflowId)).toBe(
    `payload sealed for workflow "${a.handle.workflowId}" refused in workflow "${b.handle.workflowId}": a payload cannot be moved into another case`,
  );
  const [row] = await ctx.database.db.select({ status: cases.status }).from(cases).where(eq(cases.id, b.caseId));
  expect(row.status).toBe('awaiting_approval');
  expect((await ctx.client.workflow.getHandle(b.handle.workflowId).describe()).status.name).toBe('RUNNING');
  await ctx.client.workflow.getHandle(b.handle.workflowId).terminate('test over');
});

test("a case's sealed start input, used to start another case, is refused", async () => {
  const a = await awaitingCase();
  const started = (await history(a.handle.workflowId))[0].workflowExecutionStartedEventAttributes!;
  const moved = workflowIdForCase(randomUUID());
  await ctx.connection.workflowService.startWorkflowExecution({
    namespace: testEnv.namespace,
    workflowId: moved,
    workflowType: { name: 'caseWorkflow' },
    taskQueue: { name: ctx.taskQueue },
    input: started.input,
    identity: 'payload-binding-test',
    requestId: randomUUID(),
  });
  expect(await taskFailure(moved)).toBe(`payload sealed for workflow "${a.handle.workflowId}" refused in workflow "${moved}": a payload cannot be moved into another case`);
  // The case's own workflow was never touched.
  expect((await waitForState(a.handle, (s) => s.status === 'awaiting_approval')).caseId).toBe(a.caseId);
  for (const id of [moved, a.handle.workflowId]) await ctx.client.workflow.getHandle(id).terminate('test over');
});
