/**
 * The Temporal Web UI's codec endpoint on the real API: it decrypts a payload taken from a real case
 * history, encrypts and round-trips, answers the UI's CORS preflight for allowed origins only, refuses
 * another namespace and names an unknown key id; every accepted call leaves one audit row. The
 * development path (`/codec/dev`, npm start's UI without sign-in) works without a token and does not
 * exist in production or with an identity provider.
 */
import { payloadToJSON } from '@temporalio/common/lib/proto-utils';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { workflowIdForCase } from '../../workflows/contract';
import { makeReport } from '../helpers/fixtures';
import { createApp } from '../../api/app';
import { DEV_CODEC_PRINCIPAL } from '../../api/codec/router';
import { bearer, createCaseAwaitingApproval, startApiHarness, tokenFor, type ApiHarness } from './harness';

let h: ApiHarness;
const UI = 'http://127.0.0.1:8233';
const SUB = `codec-prosecutor-${Date.now()}`;
/** A national prosecutor: the codec serves the report's roles, national (an admin may not read a report). */
const staff = () => tokenFor('prosecutor', '*', SUB).then(bearer);

beforeAll(async () => {
  h = await startApiHarness('codec');
});
afterAll(async () => {
  expect(h.loggedErrors).toEqual([]);
  await h?.close();
});

const auditCount = async () => {
  const { rows } = await h.database.db.execute<{ action: string; n: number }>(sql`select action, count(*)::int as n from audit_log where actor_sub = ${SUB} group by 1 order by 1`);
  return rows;
};

test('decodes the encrypted input of a real case for national staff who may read a report, with CORS for the UI', async () => {
  const report = makeReport();
  const { caseId } = await createCaseAwaitingApproval(h, report);
  const history = await h.client.workflow.getHandle(workflowIdForCase(caseId)).fetchHistory();
  const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  expect(Buffer.from(input.data!).includes(report.child.fullName)).toBe(false);

  const res = await request(h.app).post('/codec/decode').set(await staff()).set({ Origin: UI, 'X-Namespace': 'default' }).send({ payloads: [payloadToJSON(input)] });
  expect(res.status).toBe(200);
  expect(res.headers['access-control-allow-origin']).toBe(UI);
  const decoded = res.body.payloads[0];
  expect(Buffer.from(decoded.metadata.encoding, 'base64').toString()).toBe('json/plain');
  const args = JSON.parse(Buffer.from(decoded.data, 'base64').toString());
  // The input is the case id and its non-personal facts: the report itself never enters Temporal.
  expect([args.caseId, args.facts.jurisdiction, args.facts.consentToPublish, args.report]).toEqual([caseId, report.reportingUnit.jurisdiction, true, undefined]);

  const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hello"').toString('base64') };
  const encoded = await request(h.app).post('/codec/encode').set(await staff()).send({ payloads: [plain] });
  expect(Buffer.from(encoded.body.payloads[0].metadata['encryption-key-id'], 'base64').toString()).toBe('test-1');
  const back = await request(h.app).post('/codec/decode').set(await staff()).send({ payloads: encoded.body.payloads });
  expect(back.body.payloads).toEqual([plain]);
  expect(await auditCount()).toEqual([{ action: 'codec.decode', n: 2 }, { action: 'codec.encode', n: 1 }]);
  await h.client.workflow.getHandle(workflowIdForCase(caseId)).terminate('test over');
});

test('preflight: the UI origin is allowed, another origin is not; refusals are not audited', async () => {
  const ok = await request(h.app).options('/codec/decode').set({ Origin: UI, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' });
  expect([ok.status, ok.headers['access-control-allow-origin'], ok.headers['access-control-allow-headers'], ok.headers['access-control-allow-credentials']]).toEqual([
    204, UI, 'Authorization, Content-Type, X-Namespace', 'true',
  ]);
  const evil = await request(h.app).options('/codec/decode').set({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' });
  expect([evil.status, evil.headers['access-control-allow-origin']]).toEqual([204, undefined]);

  const before = await auditCount();
  const other = await request(h.app).post('/codec/decode').set(await staff()).set('X-Namespace', 'elsewhere').send({ payloads: [] });
  expect([other.status, other.body.detail]).toEqual([403, 'this codec serves the namespace default only']);
  const regional = await request(h.app).post('/codec/decode').set(bearer(await tokenFor('prosecutor', 'MA-06'))).send({ payloads: [] });
  expect(regional.status).toBe(403);
  const stranger = {
    metadata: { encoding: Buffer.from('binary/encrypted').toString('base64'), 'encryption-key-id': Buffer.from('retired-9').toString('base64') },
    data: Buffer.alloc(40).toString('base64'),
  };
  const unknown = await request(h.app).post('/codec/decode').set(await staff()).send({ payloads: [stranger] });
  expect([unknown.status, unknown.body.errors]).toEqual([
    422,
    [{ field: 'payloads', reason: 'payload is sealed under encryption key id "retired-9", which this process does not have (set it in PAYLOAD_ENCRYPTION_KEYS)' }],
  ]);
  expect(await auditCount()).toEqual(before);
});

describe('the development path of npm start\'s own Temporal UI (no sign-in, so no token to pass)', () => {
  const devApp = (config: Partial<ApiHarness['config']>) =>
    createApp({ config: { ...h.config, ...config }, client: h.client, db: h.database.db, probes: [], logError: (err) => h.loggedErrors.push(err), devSignIn: true });
  const devAudits = async () => {
    const { rows } = await h.database.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where actor_sub = ${DEV_CODEC_PRINCIPAL.sub} and action = 'codec.decode'`);
    return rows[0].n;
  };

  test('decodes a real case input without a token, for the UI origin (preflight included), audited as the dev UI', async () => {
    const app = devApp({ NODE_ENV: 'development' });
    const { caseId } = await createCaseAwaitingApproval(h, makeReport());
    const history = await h.client.workflow.getHandle(workflowIdForCase(caseId)).fetchHistory();
    const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    const preflight = await request(app).options('/codec/dev/decode').set({ Origin: UI, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' });
    expect([preflight.status, preflight.headers['access-control-allow-origin'], preflight.headers['access-control-allow-headers']]).toEqual([204, UI, 'Authorization, Content-Type, X-Namespace']);
    const before = await devAudits();
    const res = await request(app).post('/codec/dev/decode').set({ Origin: UI, 'X-Namespace': 'default' }).send({ payloads: [payloadToJSON(input)] });
    expect([res.status, res.headers['access-control-allow-origin'], res.headers['cache-control'], res.headers.pragma]).toEqual([200, UI, 'no-store', 'no-cache']);
    expect(JSON.parse(Buffer.from(res.body.payloads[0].data, 'base64').toString()).caseId).toBe(caseId);
    expect(await devAudits()).toBe(before + 1);
    // Another namespace is refused there too; the token path still wants its token.
    expect((await request(app).post('/codec/dev/decode').set('X-Namespace', 'elsewhere').send({ payloads: [] })).status).toBe(403);
    expect((await request(app).post('/codec/decode').send({ payloads: [] })).status).toBe(401);
    await h.client.workflow.getHandle(workflowIdForCase(caseId)).terminate('test over');
  });

  test('refused in production and with an identity provider: the path does not exist (404); /codec takes the user\'s token', async () => {
    for (const config of [{ NODE_ENV: 'production' as const }, { NODE_ENV: 'development' as const, AUTH_JWKS_URL: 'https://idp.example/jwks' }]) {
      const app = devApp(config);
      const res = await request(app).post('/codec/dev/decode').set({ Origin: UI }).send({ payloads: [] });
      expect(res.status).toBe(404);
    }
    const production = devApp({ NODE_ENV: 'production' });
    expect((await request(production).post('/codec/decode').set({ Origin: UI }).send({ payloads: [] })).status).toBe(401);
    // passAccessToken: the UI forwards the signed-in user's bearer token.
    const withToken = await request(production).post('/codec/decode').set(await staff()).set({ Origin: UI }).send({ payloads: [] });
    expect([withToken.status, withToken.headers['access-control-allow-origin']]).toEqual([200, UI]);
  });
});

test('an administrator may not decrypt a payload, as it may not read the report (403, nothing audited as decoded)', async () => {
  const res = await request(h.app).post('/codec/decode').set(bearer(await tokenFor('admin', '*', `${SUB}-admin`))).send({ payloads: [] });
  expect(res.status).toBe(403);
  const { rows } = await h.database.db.execute(sql`select count(*)::int as n from audit_log where actor_sub = ${`${SUB}-admin`} and action = 'codec.decode'`);
  expect(rows[0]).toEqual({ n: 0 });
});
