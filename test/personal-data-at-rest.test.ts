/**
 * Personal data never reaches Temporal in clear. A dev server of our own persists to a SQLite file;
 * a case with canary name, phone, notes and free texts runs through the real API and worker (both with
 * the codec). Neither the database file nor `temporal workflow show` holds a canary, while the API
 * still returns them to an authorised caller. A control workflow started without the codec proves the
 * searches would find plain text; a workflow that fails proves failure messages are encoded too.
 */
import { startRecordedCase } from './helpers/cases';
import { eventually } from './helpers/eventually';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../api/app';
import { loadConfig } from '../config/env';
import { freePort } from '../devtools/free-port';
import { encryptedDataConverter } from '../temporal/payload-encryption/data-converter';
import { startDevServer, type DevServerHandle } from '../devtools/temporal-dev-server';
import { findOrInstallTool, TEMPORAL_CLI } from '../devtools/tools';
import { caseWorkflow } from '../workflows';
import { caseStateQuery, workflowIdForCase } from '../workflows/contract';
import { bearer, TEST_SECRET, tokenFor } from './api/harness';
import { useDevServerContext } from './helpers/dev-server';
import { defaultPolicy, makeReport } from './helpers/fixtures';
import { waitForState } from './helpers/worker';

jest.setTimeout(120_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-at-rest-'));
const dbFile = path.join(dir, 'temporal.db');
const cli = findOrInstallTool(TEMPORAL_CLI)!;
const unique = randomUUID().slice(0, 6);
const CANARY = {
  name: `Zoubidacanary${unique}`,
  guardian: `Guardiancanary${unique}`,
  phone: `+212699${String(Date.now()).slice(-6)}`,
  details: `Detailscanary${unique}`,
  sightingNote: `Sightingcanary${unique}`,
  foundNote: `Foundcanary${unique}`,
};
const CONTROL = `Controlcanary${unique}`;
let server: DevServerHandle;
beforeAll(async () => {
  server = await startDevServer({ cli, port: await freePort(), uiPort: null, namespace: 'default', dbFile, logFile: path.join(dir, 'temporal.log') });
});
const ctx = useDevServerContext('at-rest', () => server.address);
// Declared after the context: jest runs afterAll hooks in declaration order, so the worker stops first.
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const show = (workflowId: string, ...extra: string[]) =>
  execFileSync(cli, ['workflow', 'show', '--address', server.address, '--namespace', 'default', '-w', workflowId, ...extra], { encoding: 'utf8' });

/**
 * What `workflow show` lets anyone read: the detailed view (payloads it can decode shown as text) and
 * the JSON view with every base64 value decoded.
 */
function readableHistory(workflowId: string): string {
  const json = show(workflowId, '--output', 'json');
  const decoded = [...json.matchAll(/"([A-Za-z0-9+/]{4,}={0,2})"/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8'));
  return [show(workflowId, '--detailed'), json, ...decoded].join('\n');
}

/** Every file of the SQLite database (main file, write-ahead log), as bytes. */
const databaseBytes = () =>
  Buffer.concat(fs.readdirSync(dir).filter((f) => f.startsWith('temporal.db')).map((f) => fs.readFileSync(path.join(dir, f))));

test('canaries stay out of the server\'s SQLite file and of `temporal workflow show`; the API returns them to a prosecutor', async () => {
  const config = loadConfig({ ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: ctx.taskQueue, AUTH_JWT_SECRET: TEST_SECRET, RETENTION_AFTER_CLOSE: '2s' });
  const app = createApp({ config, client: ctx.client, db: ctx.database.db, probes: [] });
  const report = makeReport({
    child: { fullName: CANARY.name, photoUrls: [`https://photos.example.org/${CANARY.name}.jpg`] },
    circumstances: { details: CANARY.details },
    guardian: { fullName: CANARY.guardian, phone: CANARY.phone },
  });
  const created = await request(app).post('/cases').set(bearer(await tokenFor('intake_officer'))).send(report);
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  const handle = ctx.client.workflow.getHandle(workflowIdForCase(caseId));
  await waitForState(handle, (s) => s.status === 'awaiting_approval');

  const read = await request(app).get(`/cases/${caseId}`).set(bearer(await tokenFor('prosecutor')));
  expect([read.status, read.body.report.child.fullName, read.body.report.guardian.phone]).toEqual([200, CANARY.name, CANARY.phone]);

  const officer = bearer(await tokenFor('officer'));
  expect((await request(app).post(`/cases/${caseId}/approval`).set(bearer(await tokenFor('prosecutor'))).send({ decision: 'approve' })).status).toBe(200);
  const seenAt = new Date(Date.now() - 60_000).toISOString();
  expect((await request(app).post(`/cases/${caseId}/sightings`).set(officer).send({ location: { lat: 33.59, lon: -7.61 }, seenAt, note: CANARY.sightingNote })).status).toBe(200);
  await waitForState(handle, (s) => s.alerts.length === 2);
  expect((await request(app).post(`/cases/${caseId}/found`).set(officer).send({ condition: 'unharmed', note: CANARY.foundNote })).status).toBe(200);
  await handle.result();

  // Controls: plain text does show up where these searches look. One workflow started without the
  // codec (no worker polls its queue), and one that fails on its first task (no report).
  const controlId = `control-${unique}`;
  await new Client({ connection: ctx.connection, namespace: 'default' }).workflow.start('caseWorkflow', { workflowId: controlId, taskQueue: `${ctx.taskQueue}-idle`, args: [{ note: CONTROL }] });
  const brokenId = `broken-${unique}`;
  await ctx.client.workflow.start(caseWorkflow, { workflowId: brokenId, taskQueue: ctx.taskQueue, args: [{ caseId: randomUUID(), policy: defaultPolicy() }] });
  const failed = await eventually(async () => show(brokenId, '--output', 'json'), (out) => out.includes('workflowTaskFailedEventAttributes'), 30_000);
  expect(failed).toContain('Encoded failure');
  expect(failed).not.toContain('a new case needs its facts');
  await ctx.client.workflow.getHandle(brokenId).terminate('test over');

  const history = readableHistory(workflowIdForCase(caseId));
  expect(history).toContain('binary/encrypted');
  expect(readableHistory(controlId)).toContain(CONTROL);
  for (const canary of Object.values(CANARY)) expect([canary, history.includes(canary)]).toEqual([canary, false]);

  // The file: the server flushes as it goes; the control shows plain text would be found.
  const bytes = await eventually(async () => databaseBytes(), (b) => b.includes(CONTROL) && b.includes(workflowIdForCase(caseId)), 15_000);
  for (const canary of Object.values(CANARY)) expect([canary, bytes.includes(canary)]).toEqual([canary, false]);

  // The workflow's own state, queried after the purge (a replay of the encrypted history), holds none either.
  const state = await handle.query(caseStateQuery);
  expect(state.personalDataPurgedAt).not.toBeNull();
  const text = JSON.stringify(state);
  for (const canary of Object.values(CANARY)) expect([canary, text.includes(canary)]).toEqual([canary, false]);
});

test('a client without the key id a payload was sealed under fails naming that key id', async () => {
  const { handle } = await startRecordedCase(ctx.client, ctx.database.db, { taskQueue: ctx.taskQueue });
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  const stranger = new Client({ connection: ctx.connection, namespace: 'default', dataConverter: encryptedDataConverter([{ id: 'stranger-1', key: Buffer.alloc(32, 7) }]) });
  await expect(stranger.workflow.getHandle(handle.workflowId).query(caseStateQuery)).rejects.toThrow(
    'payload is sealed under encryption key id "test-1", which this process does not have (set it in PAYLOAD_ENCRYPTION_KEYS)',
  );
  await handle.terminate('test over');
});
