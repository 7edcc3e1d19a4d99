/**
 * With no worker answering (all workers down), requests that need the case workflow answer 503 with
 * Retry-After within API_TEMPORAL_TIMEOUT, instead of hanging; nothing is logged as an internal error.
 * Each call is tried again and again: the error a deadline produces takes several shapes depending
 * on where the call was when time ran out. Temporal unreachable altogether is the same 503, found and
 * close included (their durable signal cannot be sent either). Found and close without a worker are
 * 202 (test/api/commands.test.ts).
 */
import { Client, Connection } from '@temporalio/client';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../api/app';
import { isTemporalTimeout } from '../../api/temporal-deadline';
import { freePort } from '../../devtools/free-port';
import { testDataConverter } from '../helpers/env';
import { makeReport } from '../helpers/fixtures';
import { caseStateQuery, closeSignal, decideApprovalUpdate, workflowIdForCase } from '../../workflows/contract';
import { bearer, startApiHarness, tokenFor, type ApiHarness } from './harness';

/** Short, so that the many rounds stay quick; an answer must come well within a few of them. */
const DEADLINE_MS = 300;
const SLOW_MS = 3_000;
const UNAVAILABLE = { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the case workflow did not answer in time; try again shortly', dependency: 'temporal' };

let h: ApiHarness;
/** The same app with the short deadline. */
let quick: Express;
let caseId: string;
let prosecutor: Record<string, string>;
let officer: Record<string, string>;

beforeAll(async () => {
  // The case is started under the default deadline: a cold first start can take longer.
  h = await startApiHarness('no-worker', { worker: false });
  quick = createApp({ config: { ...h.config, API_TEMPORAL_TIMEOUT: DEADLINE_MS }, client: h.client, db: h.database.db, probes: [], logError: (err) => h.loggedErrors.push(err) });
  const created = await request(h.app).post('/cases').set(bearer(await tokenFor('intake_officer'))).send(makeReport());
  expect(created.status).toBe(201);
  caseId = (created.body as { caseId: string }).caseId;
  prosecutor = bearer(await tokenFor('prosecutor'));
  officer = bearer(await tokenFor('officer'));
});
afterAll(() => h?.close());

type Call = (app: Express) => request.Test;
const readCase: Call = (app) => request(app).get(`/cases/${caseId}`).set(prosecutor);
/** Updates that have no stand-in: they need the live workflow to answer. */
const updates: Call[] = [
  (app) => request(app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' }),
  (app) => request(app).post(`/cases/${caseId}/sightings`).set(officer).send({ location: { lat: 33.6, lon: -7.6 }, seenAt: new Date().toISOString() }),
];
/** Found and close fall back to a durable signal when no worker answers: that needs the server. */
const needServer: Call[] = [
  (app) => request(app).post(`/cases/${caseId}/found`).set(officer).send({ condition: 'unharmed' }),
  (app) => request(app).post(`/cases/${caseId}/close`).set(prosecutor).send({ reason: 'withdrawn' }),
];

async function expectAll503(app: Express, calls: Call[], rounds: number) {
  const answers: Array<{ status: number; retryAfter: string | undefined; type: string | undefined; body: unknown; ms: number }> = [];
  for (let round = 0; round < rounds; round++) {
    for (const call of calls.map((c) => () => c(app))) {
      const startedAt = Date.now();
      const res = await call();
      answers.push({ status: res.status, retryAfter: res.headers['retry-after'], type: res.headers['content-type'], body: res.body, ms: Date.now() - startedAt });
    }
  }
  // One comparison over every answer: a single 500 among them shows which call it was.
  expect(answers.map(({ ms, type, ...a }) => ({ ...a, problemJson: /^application\/problem\+json/.test(type ?? ''), slow: ms > SLOW_MS }))).toEqual(
    answers.map(() => ({ status: 503, retryAfter: '5', problemJson: true, body: UNAVAILABLE, slow: false })),
  );
}

test('a query and Updates answer 503 with Retry-After, every time, when no worker answers', async () => {
  // A query after an Update that timed out is the likeliest to be cancelled by the server first.
  await expectAll503(quick, updates.flatMap((update) => [update, readCase]), 10);
  expect(h.loggedErrors).toEqual([]);
});

test('Temporal unreachable: the same 503 with Retry-After, every time', async () => {
  // Nothing listens there. Without the client's retries (a deployment may tune them down) the
  // refusal surfaces as it is, UNAVAILABLE, long before the deadline; with them, as the deadline.
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] });
  const client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
  const loggedErrors: unknown[] = [];
  const app = createApp({ config: { ...h.config, API_TEMPORAL_TIMEOUT: DEADLINE_MS }, client, db: h.database.db, probes: [], logError: (err) => loggedErrors.push(err) });
  try {
    await expectAll503(app, [readCase, ...updates, ...needServer], 10);
  } finally {
    await connection.close();
  }
  expect(loggedErrors).toEqual([]);
});

test('a passed deadline is recognised whatever the call: query, Update, signal, describe', async () => {
  const connection = h.client.connection;
  const handle = h.client.workflow.getHandle(workflowIdForCase(caseId));
  const actor = { sub: 'timeout-test', role: 'prosecutor' };
  const calls: Record<string, { call: () => Promise<unknown>; waits: boolean }> = {
    query: { call: () => handle.query(caseStateQuery), waits: true },
    Update: { call: () => handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', decidedBy: actor }] }), waits: true },
    signal: { call: () => handle.signal(closeSignal, { reason: 'withdrawn', closedBy: actor }), waits: false },
    describe: { call: () => handle.describe(), waits: false },
  };
  const outcomes: Record<string, string> = {};
  for (const [name, { call, waits }] of Object.entries(calls)) {
    const ways: Record<string, () => Promise<unknown>> = {
      'deadline already passed': () => connection.withDeadline(Date.now() - 1, call),
      // Only a call that waits (no worker answers) is still under way when time runs out.
      ...(waits ? { 'deadline passing': () => connection.withDeadline(Date.now() + DEADLINE_MS, call) } : {}),
    };
    for (const [way, run] of Object.entries(ways)) {
      let timer: NodeJS.Timeout | undefined;
      // A call that never ends is an outcome too (a request that hangs): say so instead of timing out.
      const hung = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('hung'), SLOW_MS)));
      const ended = run().then(
        () => 'answered',
        (err: Error) => (isTemporalTimeout(err) ? '503' : `${err.name}: ${err.message} (cause: ${(err.cause as Error | undefined)?.message})`),
      );
      outcomes[`${name}, ${way}`] = await Promise.race([ended, hung]);
      clearTimeout(timer);
    }
  }
  expect(outcomes).toEqual({
    'query, deadline already passed': '503',
    'query, deadline passing': '503',
    'Update, deadline already passed': '503',
    'Update, deadline passing': '503',
    'signal, deadline already passed': '503',
    'describe, deadline already passed': '503',
  });
});
