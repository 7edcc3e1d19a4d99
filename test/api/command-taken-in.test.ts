/**
 * A command the case has taken in but not yet applied when the request's time runs out is answered
 * 202 (the case applies it, once), not 503: a 503 says "send it again", and a decision sent again is
 * refused as already being applied.
 * The case is held in the middle of the approval: its first alert step waits for the test. The step
 * is a local activity, so the workflow task that accepts the Update stays open while it runs; the
 * worker reports the acceptance when it heartbeats that task (at 80 % of the 10 s task timeout), and
 * API_TEMPORAL_TIMEOUT (12 s) runs out after that and before the step is let go.
 */
import request from 'supertest';
import { workflowIdForCase } from '../../workflows/contract';
import { realActivities, runTestWorker, waitForState, type RunningWorker } from '../helpers/worker';
import { bearer, createCaseAwaitingApproval, startApiHarness, tokenFor, type ApiHarness } from './harness';

jest.setTimeout(90_000);

let h: ApiHarness;
let worker: RunningWorker | null = null;
/** Every alert step waits for this before it is recorded. */
let alertStepsHeld: Promise<void> = Promise.resolve();

beforeAll(async () => {
  h = await startApiHarness('command-taken-in', { worker: false, env: { API_TEMPORAL_TIMEOUT: '12s', EXPANSION_INTERVAL: '1h' } });
  const real = realActivities(h.database.db);
  worker = await runTestWorker(h.taskQueue, { ...real, broadcastAlertStep: async (input) => (await alertStepsHeld, real.broadcastAlertStep(input)) });
});
afterAll(async () => {
  await worker?.stop();
  await h?.close();
});

async function auditOf(caseId: string) {
  const { rows } = await h.database.pool.query<{ action: string; outcome: string }>(
    "select action, outcome from audit_log where case_id = $1 and action = 'approval.decide' order by id",
    [caseId],
  );
  return rows.map((r) => [r.action, r.outcome]);
}

test('a decision taken in but not applied within the request\'s time: 202, applied once; sent again after, refused with the reason', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  let release!: () => void;
  alertStepsHeld = new Promise<void>((resolve) => (release = resolve));
  const prosecutor = bearer(await tokenFor('prosecutor'));
  let approved;
  try {
    approved = await request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' });
  } finally {
    release();
    alertStepsHeld = Promise.resolve();
  }
  expect([approved.status, approved.body.accepted, approved.body.status, approved.body.state]).toEqual([202, 'approval', null, null]);

  const state = await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.status === 'alerting', 30_000);
  expect(state.alerts.map((a) => a.msgType)).toEqual(['Alert']);
  const again = await request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' });
  expect([again.status, again.body.detail]).toEqual([409, 'case is not awaiting approval (status: alerting)']);
  expect(await auditOf(caseId)).toEqual([
    ['approval.decide', 'accepted'],
    ['approval.decide', 'refused'],
  ]);
  expect(h.loggedErrors).toEqual([]);
});
