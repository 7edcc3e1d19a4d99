/**
 * The foundation on the real Temporal dev server and real PostgreSQL: a case started and read by query,
 * the approval Update (refused unless awaiting approval), search attributes without personal data,
 * the migrated schema with its append-only audit table.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { eq, sql } from 'drizzle-orm';
import { auditLog, cases } from '../db/schema';
import { caseStateQuery, decideApprovalUpdate, foundSignal, workflowIdForCase } from '../workflows/contract';
import { startRecordedCase } from './helpers/cases';
import { useDevServerContext } from './helpers/dev-server';
import { openAdminTestDatabase, testEnv } from './helpers/env';
import { recordHistory } from './helpers/time-skipping';
import { makeReport, officer, prosecutor } from './helpers/fixtures';
import { waitForState } from './helpers/worker';

const ctx = useDevServerContext('dev-server', () => testEnv.temporalAddress, testEnv.namespace);

const startCase = (report = makeReport()) => startRecordedCase(ctx.client, ctx.database.db, { taskQueue: ctx.taskQueue, report });

test('a case workflow starts on the dev server and its live state is read by query', async () => {
  const { caseId, handle } = await startCase();
  expect(handle.workflowId).toBe(`case-${caseId}`);
  const state = await waitForState(handle, (s) => s.status === 'awaiting_approval');
  expect(state).toMatchObject({ caseId, risk: 'high', jurisdiction: 'MA-06', tier: null, alerts: [] });
  expect(state.approvals).toHaveLength(1);
  await handle.signal(foundSignal, { reportedBy: officer });
  await waitForState(handle, (s) => s.status === 'found');
});

test('the approval Update answers with the new state, and is refused once the case is not awaiting approval', async () => {
  const { handle } = await startCase();
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  const after = await handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', decidedBy: prosecutor }] });
  expect(after.status).toBe('alerting');
  expect(after.alerts.map((a) => a.kind)).toEqual(['alert']);
  expect(after.approvals[0]).toMatchObject({ decision: 'approve', decidedBy: prosecutor });

  const refused = handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'decline', reason: 'again', decidedBy: prosecutor }] });
  await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(refused).rejects.toMatchObject({ cause: { message: 'case is not awaiting approval (status: alerting)' } });
  const state = await handle.query(caseStateQuery);
  expect(state.approvals).toHaveLength(1);
  expect(state.timeline.filter((t) => t.event === 'declined')).toHaveLength(0);
  await handle.signal(foundSignal, { reportedBy: officer });
  await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
  await recordHistory(handle, 'local-database-steps-update-approve-found');
});

test('the Update is refused for a case without consent (investigating), and a malformed decision is refused', async () => {
  const { handle } = await startCase(makeReport({ guardian: { consentToPublish: false } }));
  await waitForState(handle, (s) => s.status === 'investigating');
  await expect(handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', decidedBy: prosecutor }] })).rejects.toMatchObject({
    cause: { message: 'case is not awaiting approval (status: investigating)' },
  });
  const { handle: waiting } = await startCase();
  await waitForState(waiting, (s) => s.status === 'awaiting_approval');
  await expect(waiting.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'decline', decidedBy: prosecutor }] })).rejects.toMatchObject({
    cause: { message: 'a reason is required to decline' },
  });
  expect((await waiting.query(caseStateQuery)).status).toBe('awaiting_approval');
  await handle.signal(foundSignal, { reportedBy: officer });
  await waiting.signal(foundSignal, { reportedBy: officer });
});

test('search attributes list cases by status and jurisdiction, and carry nothing personal', async () => {
  const report = makeReport();
  const { caseId, handle } = await startCase(report);
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  const query = `WorkflowId = "${workflowIdForCase(caseId)}" AND CaseStatus = "awaiting_approval" AND CaseJurisdiction = "MA-06"`;
  let found = 0;
  for (let i = 0; i < 50 && found === 0; i++) {
    for await (const _ of ctx.client.workflow.list({ query })) found += 1;
    if (found === 0) await new Promise((r) => setTimeout(r, 100));
  }
  expect(found).toBe(1);
  const description = await handle.describe();
  const attributes = JSON.stringify(description.searchAttributes);
  expect(attributes).not.toContain(report.child.fullName);
  expect(attributes).not.toContain(report.guardian.phone);
  await handle.signal(foundSignal, { reportedBy: officer });
});

test('drizzle writes and reads PostgreSQL; the audit log refuses UPDATE and DELETE: the application role has no right to, and its trigger stops even a superuser', async () => {
  const id = randomUUID();
  await ctx.database.db.insert(cases).values({ id, status: 'validating', jurisdiction: 'MA-01', reportingUnitId: 'RBT-1', receivedAt: new Date() });
  const [row] = await ctx.database.db.select().from(cases).where(eq(cases.id, id));
  expect(row).toMatchObject({ id, status: 'validating', jurisdiction: 'MA-01', nationalReached: false });

  const [entry] = await ctx.database.db.insert(auditLog).values({ actorSub: 'admin-1', actorRole: 'admin', action: 'test.write', caseId: id, outcome: 'accepted' }).returning();
  const denied = { cause: { code: '42501', message: 'permission denied for table audit_log' } };
  await expect(ctx.database.db.update(auditLog).set({ outcome: 'forged' }).where(eq(auditLog.id, entry.id))).rejects.toMatchObject(denied);
  await expect(ctx.database.db.delete(auditLog).where(eq(auditLog.id, entry.id))).rejects.toMatchObject(denied);
  await expect(ctx.database.db.execute(sql`truncate audit_log`)).rejects.toMatchObject(denied);
  const admin = openAdminTestDatabase();
  try {
    await expect(admin.db.update(auditLog).set({ outcome: 'forged' }).where(eq(auditLog.id, entry.id))).rejects.toMatchObject({
      cause: { code: '42501', message: 'audit_log is append-only: UPDATE refused' },
    });
    await expect(admin.db.delete(auditLog).where(eq(auditLog.id, entry.id))).rejects.toMatchObject({ cause: { code: '42501', message: 'audit_log is append-only: DELETE refused' } });
  } finally {
    await admin.close();
  }
  const [kept] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.id, entry.id));
  expect(kept.outcome).toBe('accepted');
});
