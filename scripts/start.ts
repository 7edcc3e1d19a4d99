/**
 * `npm start`: the whole service on one machine. Starts what is missing (Temporal dev server with its
 * Web UI, embedded PostgreSQL, both persisting under DATA_DIR), applies migrations, runs the worker and
 * the API, and on Ctrl-C or SIGTERM shuts everything down: the worker drains, the servers it started
 * stop, nothing is left running.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { readOrCreateDevJwtSecret } from '../infra/dev-secrets';
import { devPayloadKeyFile, devPayloadKeys } from '../infra/payload-encryption/keys';
import { startService, type RunningService } from '../infra/service';
import { startStack, type Stack } from '../infra/stack';

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
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'INFO' : 'WARN'), shutdownSignals: [] });
  const devAuth = !config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL;
  if (devAuth) config.AUTH_JWT_SECRET = readOrCreateDevJwtSecret(config.DATA_DIR);
  // Same for payload encryption: a local key, kept so that a restart still reads earlier cases.
  if (!config.payloadKeys) {
    config.payloadKeys = devPayloadKeys(config.DATA_DIR);
    log(`payload encryption key (development) in ${devPayloadKeyFile(config.DATA_DIR)}`);
  }

  let stack: Stack | null = null;
  let service: RunningService | null = null;
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log('shutting down ...');
    await service?.stop().catch((err) => log(`service: ${(err as Error).message}`));
    await stack?.stop();
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    stack = await startStack(config, { persistent: true, log });
    for (const line of stack.started) log(`started ${line}`);
    service = await startService(config, { temporalAddress: stack.temporalAddress, databaseUrl: stack.databaseUrl, api: true, worker: true, log });
  } catch (err) {
    // startStack has stopped what it had started; shutdown stops the rest.
    console.error(`start-up failed: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
    return;
  }
  service.workerDone.catch(async (err) => {
    console.error(`worker stopped: ${(err as Error).message}`);
    await shutdown(1);
  });

  log(`API          ${service.apiUrl}`);
  log(`API docs     ${service.apiUrl}/docs`);
  log(`Temporal UI  ${stack.temporalUiUrl ?? `(external server at ${stack.temporalAddress})`}`);
  if (devAuth) log('API token    npm run token -- --role intake_officer --jurisdiction MA-06   (roles: intake_officer, prosecutor, officer, admin)');
  log('Ctrl-C stops everything.');
}

void main();
