/**
 * `npm run start:worker`: a worker-only process (the API and the servers run elsewhere). Needs
 * TEMPORAL_ADDRESS and DATABASE_URL; everything else comes from the environment as for `npm start`.
 * On SIGTERM or SIGINT it drains: in-flight activities get the worker's grace time, then it exits.
 * A second signal exits at once.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { startService, type RunningService } from '../infra/service';

const log = (line: string) => console.log(`[worker] ${line}`);

function configOrExit(): Config & { TEMPORAL_ADDRESS: string; DATABASE_URL: string } {
  try {
    const config = loadConfig();
    const missing = (['TEMPORAL_ADDRESS', 'DATABASE_URL'] as const).filter((name) => !config[name]);
    if (missing.length > 0) throw new ConfigError(missing.map((name) => `${name}: is required for a worker-only process`));
    return config as Config & { TEMPORAL_ADDRESS: string; DATABASE_URL: string };
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = configOrExit();
  // Our own handler drains in order; the SDK's default handlers would race it.
  Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'INFO' : 'WARN'), shutdownSignals: [] });

  let service: RunningService | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    stopping = true;
    log('draining ...');
    await service?.stop().catch((err) => log(`stop: ${(err as Error).message}`));
    log('stopped');
    process.exit(code);
  };
  const onSignal = () => {
    if (!stopping) return void shutdown(0);
    log('second signal: exiting without draining');
    process.exit(1);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    service = await startService(config, { temporalAddress: config.TEMPORAL_ADDRESS, databaseUrl: config.DATABASE_URL, api: false, worker: true, log });
  } catch (err) {
    console.error(`worker start-up failed: ${(err as Error).message}`);
    await shutdown(1);
    return;
  }
  // The worker ending by itself (not drained by us) is fatal: exit non-zero so a supervisor restarts it.
  service.workerDone.then(
    () => (stopping ? undefined : void shutdown(1)),
    (err) => {
      if (stopping) return;
      console.error(`worker stopped: ${(err as Error).message}`);
      void shutdown(1);
    },
  );
  log(`polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS} (${config.ALERT_WEBHOOKS.length} partner webhook(s))`);
}

void main();
