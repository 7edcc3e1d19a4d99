/**
 * The engine as a side door (issue 14 item 9): anyone who can reach Temporal could start, signal or
 * update a case in plaintext (`temporal workflow signal --name found ...`). The worker's codec hands
 * the workflow a stand-in for any payload the service did not seal; the workflow refuses it and
 * records the refusal. On the real dev server with the real worker, through a client without the key:
 * - found and close as signals: dropped (the case stays awaiting approval), each audited as refused;
 * - an Update (the approval): refused by its validator, nothing in history;
 * - a case started directly: fails at once (UnsealedInput), no case record;
 * and the same commands through the API still work.
 */
import { randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { auditLog, cases } from '../db/schema';
import { approvalDecisionSignal, closeSignal, decideApprovalUpdate, foundSignal, workflowIdForCase } from '../workflows/contract';
import { bearer, createCaseAwaitingApproval, startApiHarness, tokenFor, type ApiHarness } from './api/harness';
import { eventually } from './helpers/eventually';
import { waitForState } from './helpers/worker';

jest.setTimeout(60_000);

let h: ApiHarness;
let plain: Client;
beforeAll(async () => {
  h = await startApiHarness('unsealed');
  // No data converter: what the CLI or a script with Temporal access sends.
  plain = new Client({ connection: h.client.connection, namespace: h.client.options.namespace });
});
afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

const actor = { sub: 'intruder', role: 'officer' };

test('unsealed signals are dropped and recorded; an unsealed Update is refused; the API still commands the case', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  const raw = plain.workflow.getHandle(workflowIdForCase(caseId));
  await raw.signal(foundSignal, { condition: 'unharmed', reportedBy: actor });
  await raw.signal(closeSignal, { reason: 'withdrawn', closedBy: actor });
  await raw.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: actor });
  const refusals = await eventually(
    () => h.database.db.select({ action: auditLog.action, actor: auditLog.actorSub, outcome: auditLog.outcome }).from(auditLog).where(and(eq(auditLog.caseId, caseId), eq(auditLog.outcome, 'refused'))),
    (rows) => rows.length === 3,
  );
  expect(refusals.map((r) => r.action).sort()).toEqual(['approval.decide', 'case.close', 'found.report']);
  expect(refusals.every((r) => r.actor === 'temporal-direct')).toBe(true);
  const handle = h.client.workflow.getHandle(workflowIdForCase(caseId));
  expect((await handle.query('caseState') as { status: string }).status).toBe('awaiting_approval');

  // Refused by the validator; the refusal comes back sealed (the sender without the key cannot even read it).
  const update = await raw.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', decidedBy: actor }] }).catch((e: unknown) => e);
  expect(update).toBeInstanceOf(Error);
  const history = await handle.fetchHistory();
  expect(history.events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);

  // Through the API, sealed: applied.
  const approved = await request(h.app).post(`/cases/${caseId}/approval`).set(bearer(await tokenFor('prosecutor'))).send({ decision: 'approve' });
  expect([approved.status, approved.body.status]).toEqual([200, 'alerting']);
  await waitForState(handle, (s) => s.status === 'alerting');
});

test('a case started past the API fails at once and leaves no record', async () => {
  const caseId = randomUUID();
  const started = await plain.workflow.start('caseWorkflow', { taskQueue: h.taskQueue, workflowId: workflowIdForCase(caseId), args: [{ caseId, policy: {}, facts: {} }] });
  // Read with the key: the failure says why.
  const outcome = await h.client.workflow.getHandle(started.workflowId).result().catch((e: unknown) => e);
  expect(outcome).toBeInstanceOf(WorkflowFailedError);
  expect((outcome as WorkflowFailedError).cause).toMatchObject({ type: 'UnsealedInput' });
  expect(await h.database.db.select().from(cases).where(eq(cases.id, caseId))).toEqual([]);
});
