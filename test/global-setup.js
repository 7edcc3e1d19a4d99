/**
 * jest's global setup: under `npm test` (scripts/test.ts) the servers already run and their addresses
 * are in the environment, so nothing starts here. A bare `npx jest test/x.test.ts` gets its own:
 * scripts/test-servers.ts runs as a child process until the global teardown stops it.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const NEEDED = ['TEMPORAL_ADDRESS', 'TEMPORAL_TIME_SKIPPING_ADDRESS', 'DATABASE_URL', 'DATABASE_ADMIN_URL', 'WORKFLOW_BUNDLE_PATH', 'PAYLOAD_ENCRYPTION_KEYS'];

module.exports = async function globalSetup() {
  if (NEEDED.every((name) => process.env[name])) return;
  const root = path.join(__dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'test-servers.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  globalThis.__TEST_SERVERS__ = child;
  const env = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve(JSON.parse(line.slice('READY '.length)));
    });
    child.once('exit', (code) => reject(new Error(`the test servers did not start (exit ${code}); see the lines above`)));
  });
  // Test workers are started after this and inherit it.
  Object.assign(process.env, env);
};
