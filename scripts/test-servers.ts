/**
 * The real servers a test run needs: a Temporal dev server and PostgreSQL (or the ones TEMPORAL_ADDRESS
 * and DATABASE_URL name, the latter an administrator's), the owner and application roles set up,
 * migrations applied as the owner, the run's one time-skipping server started, the workflow bundle
 * built once. Used by `npm test` (scripts/test.ts) and, for a bare `npx jest test/x.test.ts`, by jest's
 * global setup (test/global-setup.js), which runs this file as a process: it prints one line
 * `READY <json env>` and stops what it started on SIGTERM, SIGINT or when its stdin closes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/env';
import { openDatabase, prepareSchema } from '../db/client';
import { ensureConsoleBuild } from '../devtools/console-build';
import { resolveDataDir } from '../devtools/paths';
import { startStack } from '../devtools/stack';
import { startTimeSkippingServer, type TimeSkippingServer } from '../devtools/time-skipping-server';
import { findOrInstallTool, TEMPORAL_TEST_SERVER } from '../devtools/tools';
import { writeWorkflowBundle } from '../temporal/workflow-bundle';

/**
 * The suite's payload key: fixed (test only, never used elsewhere), because the recorded histories in
 * test/histories are sealed under it and the replay test must read them.
 */
const TEST_PAYLOAD_ENCRYPTION_KEYS = 'test-1:xNSOuHfuUIcHBMEE0t0hu8NxWV9TfTRNk9GB1XhkZps=';

export interface TestServers {
  /** What the test processes need in their environment. */
  env: Record<string, string>;
  started: string[];
  stop(): Promise<void>;
}

export async function startTestServers(log: (line: string) => void): Promise<TestServers> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const dataDir = resolveDataDir(config.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const testServerPath = findOrInstallTool(TEMPORAL_TEST_SERVER);
  if (!testServerPath) throw new Error('the time-skipping test server could not be found or installed (TEMPORAL_TEST_SERVER)');
  // startStack stops whatever it had started when it fails.
  // The API and workers under test connect as the application role, as in production (db/database-roles.ts).
  const stack = await startStack(config, { persistent: false, log, rolesOnGivenDatabase: true });
  let timeSkipping: TimeSkippingServer | undefined;
  const stop = async () => {
    await timeSkipping?.stop();
    await stack.stop();
  };
  try {
    timeSkipping = await startTimeSkippingServer(testServerPath);
    const database = openDatabase(stack.databaseUrl, 1);
    await prepareSchema(database, stack.migrationUrl).finally(() => database.close());
    // The same bundle the container image runs, built the same way.
    const { file: bundlePath } = await writeWorkflowBundle(path.join(dataDir, 'workflow-bundle.js'));
    // Once, before jest: the console tests serve it (a failed build fails those tests, not the run).
    await ensureConsoleBuild(log).catch((err: Error) => log(`the console could not be built: ${err.message}`));
    const env = {
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
      DATABASE_URL: stack.databaseUrl,
      DATABASE_MIGRATION_URL: stack.migrationUrl ?? '',
      // Only for tests that inspect or tamper on purpose (test/helpers/env.ts openAdminTestDatabase).
      DATABASE_ADMIN_URL: stack.adminDatabaseUrl,
      TEMPORAL_TIME_SKIPPING_ADDRESS: timeSkipping.address,
      TEMPORAL_TEST_SERVER: testServerPath,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      PAYLOAD_ENCRYPTION_KEY: '',
      PAYLOAD_ENCRYPTION_KEY_FILE: '',
      PAYLOAD_ENCRYPTION_KEYS: TEST_PAYLOAD_ENCRYPTION_KEYS,
      // The fixtures' photo links (test/helpers/fixtures.ts) are on this host.
      PHOTO_URL_HOSTS: 'photos.example.org',
    };
    return { env, started: [...stack.started, `the time-skipping server on ${timeSkipping.address}`], stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

if (require.main === module) {
  startTestServers((line) => process.stderr.write(`[test-servers] ${line}\n`)).then(
    (servers) => {
      process.stdout.write(`READY ${JSON.stringify(servers.env)}\n`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        void servers.stop().finally(() => process.exit(0));
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      // The parent (jest) gone without a word: stop all the same.
      process.stdin.on('end', stop).on('close', stop).resume();
    },
    (err) => {
      process.stderr.write(`[test-servers] could not start the servers: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
