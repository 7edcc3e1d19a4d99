/**
 * Nothing personal in the engine: with the payload codec switched off (plain JSON payloads, readable
 * by anyone with access to Temporal), a whole case driven through the API — a report with a canary
 * in every personal field, a decline with a reason, a sighting note, a found note — leaves no canary
 * in `temporal workflow show`. The workflow carries ids, points, times and enums; the texts stay in
 * PostgreSQL, where the API still returns them to authorised staff.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../api/app';
import { loadConfig } from '../config/env';
import type { DatabaseHandle } from '../db/client';
import { findOrInstallTool, TEMPORAL_CLI } from '../devtools/tools';
import { workflowIdForCase, type CaseState } from '../workflows/contract';
import { bearer, TEST_SECRET, tokenFor } from './api/harness';
import { openTestDatabase, testEnv } from './helpers/env';
import { makeReport } from './helpers/fixtures';
import { realActivities, runTestWorker, uniqueTaskQueue, waitForState, type RunningWorker } from './helpers/worker';

jest.setTimeout(90_000);

const u = randomUUID().slice(0, 6);
const c = (field: string) => `Canary${field}${u}`;
const REPORT = makeReport({
  child: {
    fullName: c('Name'),
    description: { build: c('Build'), hair: c('Hair'), eyes: c('Eyes'), clothing: c('Clothing'), distinguishingMarks: c('Marks') },
    photoUrls: [`https://photos.example.org/${c('Photo')}.jpg`],
    medicalNeeds: c('Medical'),
  },
  lastSeen: { address: c('Address') },
  circumstances: { type: 'abduction', details: c('Details'), suspect: { description: c('Suspect'), vehicle: c('Vehicle') } },
  background: { hobbies: [c('Hobby')], personalProblems: [c('Problem')], frequentedPlaces: [{ name: c('Place') }] },
  guardian: { fullName: c('Guardian'), relationship: c('Relationship'), phone: `+212688${String(Date.now()).slice(-6)}` },
});
const NOTES = { decline: c('DeclineReason'), sighting: c('SightingNote'), found: c('FoundNote') };
const CANARIES = [
  ...[...JSON.stringify(REPORT).matchAll(/Canary[A-Za-z]+[0-9a-f]{6}/g)].map((m) => m[0]),
  REPORT.guardian.phone,
  ...Object.values(NOTES),
];

const taskQueue = uniqueTaskQueue('plain-payloads');
let connection: Connection;
let client: Client;
let worker: RunningWorker;
let database: DatabaseHandle;
beforeAll(async () => {
  connection = await Connection.connect({ address: testEnv.temporalAddress });
  // No data converter: payloads are plain JSON, so anything personal would be in clear.
  client = new Client({ connection, namespace: testEnv.namespace });
  database = openTestDatabase();
  worker = await runTestWorker(taskQueue, realActivities(database.db), { plainPayloads: true });
});
afterAll(async () => {
  await worker?.stop();
  await connection?.close();
  await database?.close();
});

function readableHistory(workflowId: string): string {
  const cli = findOrInstallTool(TEMPORAL_CLI)!;
  const json = execFileSync(cli, ['workflow', 'show', '--address', testEnv.temporalAddress, '--namespace', testEnv.namespace, '-w', workflowId, '--output', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const decoded = [...json.matchAll(/"([A-Za-z0-9+/]{4,}={0,2})"/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8'));
  return [json, ...decoded].join('\n');
}

test('a whole case with the codec switched off leaves no canary from any personal field or note in the history', async () => {
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, AUTH_JWT_SECRET: TEST_SECRET, API_WRITE_RATE_LIMIT: '100000' });
  const app = createApp({ config, client, db: database.db, probes: [] });
  const as = async (role: 'intake_officer' | 'prosecutor' | 'officer') => bearer(await tokenFor(role));

  const created = await request(app).post('/cases').set(await as('intake_officer')).send(REPORT);
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  const handle = client.workflow.getHandle(workflowIdForCase(caseId));
  await waitForState(handle, (s) => s.status === 'awaiting_approval' && s.approvals.length === 1);

  const declined = await request(app).post(`/cases/${caseId}/approval`).set(await as('prosecutor')).send({ decision: 'decline', reason: NOTES.decline });
  expect([declined.status, declined.body.status]).toEqual([200, 'investigating']);
  const seenAt = new Date(Date.now() - 60_000).toISOString();
  const sighting = await request(app).post(`/cases/${caseId}/sightings`).set(await as('officer')).send({ location: { lat: 33.6, lon: -7.6 }, seenAt, note: NOTES.sighting });
  expect([sighting.status, sighting.body.state.sightings.length, sighting.body.state.sightings[0].noteId]).toEqual([200, 1, expect.any(String)]);
  await waitForState(handle, (s) => s.status === 'awaiting_approval' && s.approvals.length === 2);
  const approved = await request(app).post(`/cases/${caseId}/approval`).set(await as('prosecutor')).send({ decision: 'approve' });
  expect([approved.status, approved.body.status]).toEqual([200, 'alerting']);
  const found = await request(app).post(`/cases/${caseId}/found`).set(await as('officer')).send({ condition: 'unharmed', note: NOTES.found });
  expect([found.status, found.body.status]).toEqual([200, 'found']);
  await waitForState(handle, (s: CaseState) => s.timeline.some((t) => t.event === 'alerts_cancelled'));

  const history = readableHistory(workflowIdForCase(caseId));
  // The history is readable (the control): the case id and the decline's note id are in it in clear.
  expect(history).toContain(caseId);
  expect(CANARIES.length).toBeGreaterThanOrEqual(20);
  expect(CANARIES.filter((canary) => history.includes(canary))).toEqual([]);

  // The texts are where staff read them: the database, through the API.
  const view = await request(app).get(`/cases/${caseId}`).set(await as('prosecutor'));
  expect([view.status, view.body.report.child.medicalNeeds, view.body.report.guardian.relationship]).toEqual([200, c('Medical'), c('Relationship')]);
  const { rows } = await database.pool.query<{ kind: string; text: string }>('select kind, text from case_notes where case_id = $1 order by created_at', [caseId]);
  expect(rows).toEqual([
    { kind: 'decline', text: NOTES.decline },
    { kind: 'sighting', text: NOTES.sighting },
    { kind: 'found', text: NOTES.found },
  ]);
  await handle.terminate('test over');
});
