/**
 * A sealed payload belongs to its case: copied from one case's history into a signal or a start of
 * another, it is refused by the worker there and the other case does not change: the signal is
 * dropped and audited as refused (the case runs on: no workflow task fails, which would freeze it),
 * the start fails at once (UnsealedInput). A client without the worker's rule still gets the binding
 * error naming both workflow ids (test/payload-encryption.test.ts). On a real dev server with the real worker; the raw gRPC calls are what
 * anyone who can reach Temporal could send, bypassing the API.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { auditLog, cases } from '../db/schema';
import { closeSignal, workflowIdForCase } from '../workflows/contract';
import { startRecordedCase } from './helpers/cases';
import { useDevServerContext } from './helpers/dev-server';
import { testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { waitForState } from './helpers/worker';

const ctx = useDevServerContext('payload-binding', () => testEnv.temporalAddress);
const prosecutor = { sub: 'binding-prosecutor', role: 'prosecutor' as const };

const history = async (workflowId: string) => (await ctx.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
const awaitingCase = async () => {
  const started = await startRecordedCase(ctx.client, ctx.database.db, { taskQueue: ctx.taskQueue });
  await waitForState(started.handle, (s) => s.status === 'awaiting_approval');
  return started;
};
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
  const refused = await eventually(
    () => ctx.database.db.select({ action: auditLog.action, actor: auditLog.actorSub }).from(auditLog).where(and(eq(auditLog.caseId, b.caseId), eq(auditLog.outcome, 'refused'))),
    (rows) => rows.length === 1,
  );
  expect(refused).toEqual([{ action: 'case.close', actor: 'temporal-direct' }]);
  expect((await history(b.handle.workflowId)).some((e) => e.workflowTaskFailedEventAttributes)).toBe(false);
  expect((await waitForState(b.handle, (s) => s.status === 'awaiting_approval')).outcome).toBeNull();
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
  const outcome = await ctx.client.workflow.getHandle(moved).result().catch((e: unknown) => e);
  expect(outcome).toBeInstanceOf(WorkflowFailedError);
  expect((outcome as WorkflowFailedError).cause).toMatchObject({ type: 'UnsealedInput' });
  // The case's own workflow was never touched.
  expect((await waitForState(a.handle, (s) => s.status === 'awaiting_approval')).caseId).toBe(a.caseId);
  await ctx.client.workflow.getHandle(a.handle.workflowId).terminate('test over');
});
