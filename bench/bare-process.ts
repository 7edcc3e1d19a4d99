/**
 * The bare baseline's worker in a process of its own, as the service's worker is (bench/service-process.ts),
 * so that neither shares a CPU thread with the bench's driver. TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE
 * from the environment. Prints `BENCH_READY <task queue>` once it polls; SIGTERM drains and exits 0.
 */
import { Runtime } from '@temporalio/worker';
import { safeRuntimeLogger } from '../service/safe-logger';
import { BARE_TASK_QUEUE, startBareWorker } from './bare-worker';

async function main(): Promise<void> {
  Runtime.install({ logger: safeRuntimeLogger('WARN'), shutdownSignals: [] });
  const worker = await startBareWorker(process.env.TEMPORAL_ADDRESS!, process.env.TEMPORAL_NAMESPACE || 'default');
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    // A drain that cannot finish (its server already gone) must not leave the process behind.
    setTimeout(() => process.exit(1), 15_000).unref();
    void worker.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(`BENCH_READY ${BARE_TASK_QUEUE}`);
}

main().catch((err: Error) => {
  console.error(`[bench bare] start-up failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
