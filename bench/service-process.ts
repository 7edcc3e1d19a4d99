/**
 * The service as `npm start` runs it (API and worker in one process, service/service.ts), in a child
 * process of the bench so that its memory is its own. Everything comes through the environment the
 * bench gives it (config/env.ts): TEMPORAL_ADDRESS, DATABASE_URL, DATABASE_MIGRATION_URL, AUTH_JWT_SECRET,
 * ALERT_WEBHOOKS, PORT (and BENCH_METRICS_PORT, the SDK's Prometheus endpoint; BENCH_ROLES). Prints `BENCH_READY <apiUrl>` once it serves; SIGTERM drains and exits 0.
 */
import { Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { devPayloadKeys } from '../devtools/dev-payload-keys';
import { safeRuntimeLogger } from '../service/safe-logger';
import { startService } from '../service/service';

async function main(): Promise<void> {
  const config = loadConfig();
  // BENCH_METRICS_PORT: the SDK's own metrics, scraped by the bench for the worker's sticky cache hits.
  const metricsPort = process.env.BENCH_METRICS_PORT;
  Runtime.install({
    logger: safeRuntimeLogger('WARN'),
    shutdownSignals: [],
    ...(metricsPort ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${metricsPort}` } } } } : {}),
  });
  // As npm start does when no key is configured: a development key kept in DATA_DIR.
  if (!config.payloadKeys) config.payloadKeys = devPayloadKeys(config.DATA_DIR);
  // BENCH_ROLES: what this process runs ('api,worker' as npm start does; the scale-out runs one of each apart).
  const roles = (process.env.BENCH_ROLES ?? 'api,worker').split(',');
  const log = (line: string) => console.error(`[bench service ${roles.join('+')}] ${line}`);
  const service = await startService(config, {
    temporalAddress: config.TEMPORAL_ADDRESS!,
    databaseUrl: config.DATABASE_URL!,
    migrationUrl: config.DATABASE_MIGRATION_URL,
    api: roles.includes('api'),
    worker: roles.includes('worker'),
    log,
  });
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    // A drain that cannot finish (its server already gone) must not leave the process behind.
    setTimeout(() => process.exit(1), 15_000).unref();
    void service.stop().then(
      () => process.exit(0),
      (err: Error) => {
        log(`stop failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  service.workerDone.then(
    () => !stopping && (log('worker stopped by itself'), process.exit(1)),
    (err: Error) => (log(`worker failed: ${err.message}`), process.exit(1)),
  );
  console.log(`BENCH_READY ${service.apiUrl ?? 'worker'}`);
}

main().catch((err: Error) => {
  console.error(`[bench service] start-up failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
