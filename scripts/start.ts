/**
 * `npm start`: the whole service on one machine. Starts what is missing (Temporal dev server with its
 * Web UI, embedded PostgreSQL, both persisting under DATA_DIR), applies migrations, runs the worker and
 * the API, and on Ctrl-C or SIGTERM shuts everything down like any role process (service/process-lifecycle.ts):
 * the API and the worker drain, then the servers it started stop; a second Ctrl-C exits at once.
 */
import { Runtime } from '@temporalio/worker';
import { safeRuntimeOptions } from '../service/safe-logger';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { ensureConsoleBuild } from '../devtools/console-build';
import { readOrCreateDevJwtSecret } from '../devtools/dev-secrets';
import { devPayloadKeyFile, devPayloadKeys } from '../devtools/dev-payload-keys';
import { runUntilStopped } from '../service/process-lifecycle';
import { startService } from '../service/service';
import { startStack, type Stack } from '../devtools/stack';

const log = (line: string) => console.log(`[start] ${line}`);

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // The SDK's INFO lines (bundle statistics, worker state) bury the URLs people need; debug shows them.
  Runtime.install(safeRuntimeOptions(config.LOG_LEVEL));
  const devAuth = !config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL;
  if (devAuth) config.AUTH_JWT_SECRET = readOrCreateDevJwtSecret(config.DATA_DIR);
  // Same for payload encryption: a local key, kept so that a restart still reads earlier cases.
  if (!config.payloadKeys) {
    config.payloadKeys = devPayloadKeys(config.DATA_DIR);
    log(`payload encryption key (development) in ${devPayloadKeyFile(config.DATA_DIR)}`);
  }

  // Before the servers: a stale console is rebuilt (a few seconds); a failed build leaves the API up.
  let consoleBuilt = true;
  await ensureConsoleBuild(log).catch((err: Error) => {
    consoleBuilt = false;
    console.error(`[start] the console could not be built; /console/ answers 503 until it is:\n${err.message}`);
  });

  let stack: Stack | null = null;
  const service = await runUntilStopped(log, 'npm start', async (defer, fail) => {
    // startStack stops what it had started when it fails; once up, the servers stop after the service.
    // A server that dies is restarted (devtools/supervisor.ts); one that keeps dying stops everything.
    const servers = await startStack(config, { persistent: true, devCodec: devAuth, log, supervise: { onGiveUp: fail } });
    stack = servers;
    defer(() => servers.stop());
    for (const line of servers.started) log(`started ${line}`);
    return startService(config, { temporalAddress: servers.temporalAddress, databaseUrl: servers.databaseUrl, migrationUrl: servers.migrationUrl, api: true, worker: true, devSignIn: devAuth, log,
      // The servers it started are supervised, which says when they die and return; the others are watched.
      watch: [...(config.TEMPORAL_ADDRESS ? (['temporal'] as const) : []), ...(config.DATABASE_URL ? (['postgresql'] as const) : [])] });
  });
  if (!service || !stack) return;
  const { temporalUiUrl, temporalAddress } = stack as Stack;

  log(`Console      ${service.apiUrl}/console/${consoleBuilt ? (devAuth ? '   (development sign-in: pick a role and a jurisdiction)' : '') : '   (not built, see above)'}`);
  log(`API          ${service.apiUrl}`);
  log(`API docs     ${service.apiUrl}/docs`);
  log(`Temporal UI  ${temporalUiUrl ?? `(external server at ${temporalAddress})`}`);
  if (devAuth) log('API token    npm run token -- --role intake_officer --jurisdiction MA-06   (roles: intake_officer, prosecutor, officer, admin)');
  log('Ctrl-C stops everything.');
}

void main();
