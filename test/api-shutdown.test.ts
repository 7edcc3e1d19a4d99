/**
 * `api/main.ts` on SIGTERM, as an orchestrator stops a replica: a request already in flight (its body
 * still arriving) completes, new connections are refused at once, and the process exits 0. The
 * image's HEALTHCHECK script answers for the API while it serves and fails once it is gone.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { freePort, isPortOpen } from '../devtools/free-port';
import { PROJECT_ROOT } from '../devtools/paths';
import { bearer, TEST_SECRET, tokenFor } from './api/harness';
import { testEnv } from './helpers/env';
import { makeReport } from './helpers/fixtures';
import { startServiceProcess, type ServiceProcess } from './helpers/processes';
import { uniqueTaskQueue } from './helpers/worker';

jest.setTimeout(90_000);

let apiProcess: ServiceProcess | null = null;
afterAll(() => {
  if (apiProcess && apiProcess.child.exitCode === null) apiProcess.child.kill('SIGKILL');
});

const healthcheck = (port: number, role: string) =>
  spawnSync(process.execPath, ['deploy/healthcheck.js'], { cwd: PROJECT_ROOT, env: { ...process.env, PORT: String(port), SERVICE_ROLE: role }, timeout: 10_000 }).status;

/**
 * A POST whose body is sent in two halves: the second only when `finish()` is called. `accepted`
 * resolves when the server has read the headers: it answers `Expect: 100-continue` with 100 Continue.
 */
function slowPost(port: number, path: string, headers: Record<string, string>, body: string) {
  const raw = Buffer.from(body);
  const req = http.request({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    agent: false,
    headers: { ...headers, 'content-type': 'application/json', 'content-length': raw.length, connection: 'close', expect: '100-continue' },
  });
  const accepted = new Promise<void>((resolve) => req.once('continue', resolve));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  void accepted.then(() => req.write(raw.subarray(0, raw.length >> 1)));
  return { response, accepted, finish: () => req.end(raw.subarray(raw.length >> 1)) };
}

test('SIGTERM: the in-flight request completes, new connections are refused, exit code 0', async () => {
  const port = await freePort();
  apiProcess = startServiceProcess('api/main.ts', {
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: testEnv.temporalAddress,
    DATABASE_URL: testEnv.databaseUrl,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('api-shutdown'),
    HOST: '127.0.0.1',
    PORT: String(port),
    AUTH_JWT_SECRET: TEST_SECRET,
  });
  await apiProcess.waitFor('[api] listening on');
  expect(healthcheck(port, 'api')).toBe(0);
  // A worker container has no port: alive is healthy.
  expect(healthcheck(port, 'worker')).toBe(0);

  const inFlight = slowPost(port, '/cases', bearer(await tokenFor('intake_officer')), JSON.stringify(makeReport()));
  await inFlight.accepted; // the server has the headers and waits for the body
  apiProcess.child.kill('SIGTERM');
  await apiProcess.waitFor('[api] API: no longer accepting requests');
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  expect(apiProcess.child.exitCode).toBeNull();

  inFlight.finish();
  const answered = await inFlight.response;
  expect(answered.status).toBe(201);
  expect(JSON.parse(answered.body)).toMatchObject({ status: 'validating' });
  expect(await apiProcess.exited).toEqual({ code: 0, signal: null });
  expect(apiProcess.output()).toContain('[api] stopped');
  expect(await isPortOpen(port)).toBe(false);
  expect(healthcheck(port, 'api')).toBe(1);
});
