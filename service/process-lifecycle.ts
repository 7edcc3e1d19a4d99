/**
 * How every process that runs the service starts, drains and exits (`npm start`, `start:api`,
 * `start:worker`, the container entry): the first SIGTERM or SIGINT drains in order and exits 0, a
 * second one exits 1 at once; a start-up failure or a worker that ends by itself exits 1, after
 * stopping whatever had started.
 */
import { safeErrorSummary } from '../db/safe-error';
import type { RunningService } from './service';

/** Registers what to stop on the way down, after the service has drained; the last registered stops first. */
export type Defer = (stop: () => Promise<void>) => void;

export async function runUntilStopped(
  log: (line: string) => void,
  label: string,
  /**
   * Defers the stop of each thing it starts (the servers `npm start` runs) as soon as it runs; `fail`
   * stops everything as a signal would, after printing its message, and exits 1 (a server that stays dead).
   */
  start: (defer: Defer, fail: (message: string) => void) => Promise<RunningService>,
): Promise<RunningService | null> {
  let service: RunningService | null = null;
  const deferred: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    stopping = true;
    log('draining ...');
    await service?.stop().catch((err) => log(`stop: ${safeErrorSummary(err)}`));
    for (const stop of deferred.reverse()) await stop().catch((err) => log(`stop: ${safeErrorSummary(err)}`));
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
  const fail = (message: string) => {
    if (stopping) return;
    console.error(`${label}: ${message} Stopping everything.`);
    void shutdown(1);
  };

  try {
    service = await start((stop) => deferred.push(stop), fail);
  } catch (err) {
    console.error(`${label} start-up failed: ${safeErrorSummary(err)}`);
    await shutdown(1);
    return null;
  }
  // The worker ending by itself (not drained by us) is fatal: exit non-zero so a supervisor restarts it.
  service.workerDone.then(
    () => (stopping ? undefined : void shutdown(1)),
    (err) => {
      if (stopping) return;
      console.error(`worker stopped: ${safeErrorSummary(err)}`);
      void shutdown(1);
    },
  );
  return service;
}
