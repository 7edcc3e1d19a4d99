/**
 * Commands through the API on the real servers: one Update each, the state after the command in the
 * answer, refusals with the workflow's reason (409, audited as refused, no effect), the audit entry
 * written by the workflow with the effect, and found never lost when no worker runs.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { reportFoundUpdate, workflowIdForCase } from '../../workflows/contract';
import { eventually } from '../helpers/eventually';
import { recordHistory } from '../helpers/time-skipping';
import { realActivities, runTestWorker, waitForState, type RunningWorker } from '../helpers/worker';
import { bearer, createCaseAwaitingApproval, JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';

jest.setTimeout(90_000);

let h: ApiHarness;
let worker: RunningWorker | null = null;

async function startWorker() {
  worker = await runTestWorker(h.taskQueue, realActivities(h.database.db));
}
async function stopWorker() {
  await worker?.stop();
  worker = null;
}

beforeAll(async () => {
  h = await startApiHarness('commands', { worker: false, env: { API_TEMPORAL_TIMEOUT: '3s', EXPANSION_INTERVAL: '1h' } });
  await startWorker();
});
afterAll(async () => {
  await stopWorker();
  await h?.close();
});

const as = {
  prosecutor: async () => bearer(await tokenFor('prosecutor')),
  officer: async () => bearer(await tokenFor('officer')),
};

async function auditOf(caseId: string) {
  const { rows } = await h.database.pool.query<{ action: string; outcome: string; actor_sub: string; command: boolean }>(
    "select action, outcome, actor_sub, command_id is not null as command from audit_log where case_id = $1 and action <> 'case.create' order by id",
    [caseId],
  );
  return rows.map((r) => [r.action, r.outcome, r.command]);
}

const noteCount = async (caseId: string) =>
  (await h.database.pool.query<{ n: number }>('select count(*)::int as n from case_notes where case_id = $1', [caseId])).rows[0].n;

test('each command answers the state after it; a command on an ended case is refused with the reason and changes nothing', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  const approved = await request(h.app).post(`/cases/${caseId}/approval`).set(await as.prosecutor()).send({ decision: 'approve' });
  expect([approved.status, approved.body.accepted, approved.body.status, approved.body.state.alerts.length]).toEqual([200, 'approval', 'alerting', 1]);

  const seenAt = new Date(Date.now() - 60_000).toISOString();
  const sighting = await request(h.app).post(`/cases/${caseId}/sightings`).set(await as.officer()).send({ location: { lat: 33.61, lon: -7.62 }, seenAt, note: 'near the station' });
  expect([sighting.status, sighting.body.state.searchCentre, sighting.body.state.sightingsTotal]).toEqual([200, { lat: 33.61, lon: -7.62 }, 1]);

  const found = await request(h.app).post(`/cases/${caseId}/found`).set(await as.officer()).send({ condition: 'unharmed', note: 'with her aunt' });
  expect([found.status, found.body.status, found.body.state.outcome.kind, found.body.state.outcome.note, typeof found.body.state.outcome.noteId]).toEqual([
    200, 'found', 'found', null, 'string',
  ]);

  // Found just before: the close is refused by the workflow itself, with its reason, and takes no effect.
  const close = await request(h.app).post(`/cases/${caseId}/close`).set(await as.prosecutor()).send({ reason: 'withdrawn', note: 'family withdrew' });
  expect([close.status, close.body.detail]).toEqual([409, 'the case has ended (found)']);
  const again = await request(h.app).post(`/cases/${caseId}/found`).set(await as.officer()).send({});
  expect([again.status, again.body.detail]).toEqual([409, 'the case has ended (found)']);
  const late = await request(h.app).post(`/cases/${caseId}/sightings`).set(await as.officer()).send({ location: { lat: 33.6, lon: -7.6 }, seenAt });
  expect(late.status).toBe(409);

  const state = await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
  expect([state.status, state.outcome?.kind, state.sightings.length]).toEqual(['found', 'found', 1]);
  await recordHistory(h.client.workflow.getHandle(workflowIdForCase(caseId)), 'v2-commands-refused-after-found');
  // One entry per effective command, written by the workflow (with its command id); refusals by the API.
  expect(await auditOf(caseId)).toEqual([
    ['approval.decide', 'accepted', true],
    ['sighting.report', 'accepted', true],
    ['found.report', 'accepted', true],
    ['case.close', 'refused', false],
    ['found.report', 'refused', false],
    ['sighting.report', 'refused', false],
  ]);
  // The refused close's note went with it: the sighting's and the found's notes stay.
  expect(await noteCount(caseId)).toBe(2);
  const { rows: status } = await h.database.pool.query('select status, outcome from cases where id = $1', [caseId]);
  expect(status).toEqual([{ status: 'found', outcome: 'found' }]);
});

test('the audit entry exists the moment the Temporal call returns, whatever the caller does next', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  const commandId = randomUUID();
  // The API's own call, made directly: nothing runs after it returns (as if the API process died there).
  const state = await h.client.workflow
    .getHandle(workflowIdForCase(caseId))
    .executeUpdate(reportFoundUpdate, { args: [{ commandId, reportedBy: { sub: 'officer-9', role: 'officer', jurisdiction: JURISDICTION } }] });
  expect(state.status).toBe('found');
  const { rows } = await h.database.pool.query('select action, outcome, actor_sub, case_id from audit_log where command_id = $1', [commandId]);
  expect(rows).toEqual([{ action: 'found.report', outcome: 'accepted', actor_sub: 'officer-9', case_id: caseId }]);
});

test('found is never lost: with no worker it is accepted durably (202), and takes effect once a worker runs', async () => {
  const { caseId } = await createCaseAwaitingApproval(h);
  const approved = await request(h.app).post(`/cases/${caseId}/approval`).set(await as.prosecutor()).send({ decision: 'approve' });
  expect(approved.body.status).toBe('alerting');
  await stopWorker();

  const found = await request(h.app).post(`/cases/${caseId}/found`).set(await as.officer()).send({ condition: 'unharmed' });
  expect([found.status, found.body.accepted, found.body.status]).toEqual([202, 'found', null]);
  // A decision or a sighting needs the live case: without a worker it is a 503 to retry.
  const sighting = await request(h.app).post(`/cases/${caseId}/sightings`).set(await as.officer()).send({ location: { lat: 33.6, lon: -7.6 }, seenAt: new Date().toISOString() });
  expect([sighting.status, sighting.headers['retry-after']]).toEqual([503, '5']);

  await startWorker();
  const handle = h.client.workflow.getHandle(workflowIdForCase(caseId));
  const ended = await waitForState(handle, (s) => s.timeline.some((t) => t.event === 'alerts_cancelled'), 30_000);
  expect([ended.status, ended.alerts.map((a) => a.msgType)]).toEqual(['found', ['Alert', 'Cancel']]);
  await recordHistory(handle, 'v2-found-signal-without-worker');
  await eventually(() => auditOf(caseId), (rows) => rows.length === 2);
  expect(await auditOf(caseId)).toEqual([
    ['approval.decide', 'accepted', true],
    ['found.report', 'accepted', true],
  ]);
  const { rows } = await h.database.pool.query("select msg_type from alert_steps where case_id = $1 order by step", [caseId]);
  expect(rows).toEqual([{ msg_type: 'Alert' }, { msg_type: 'Cancel' }]);
  expect(h.loggedErrors).toEqual([]);
});
