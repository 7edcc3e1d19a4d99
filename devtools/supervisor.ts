/**
 * Keeps a server `npm start` started running (devtools/stack.ts): when it exits without being asked
 * to, one line says which and how, and it is started again with the same options (data directory,
 * ports) after a growing pause (0.5 s, 1 s, 2 s, 4 s ...); one line says when it is back and how long
 * it was down. After `maxFailures` failed restarts in a row, or `maxFailures` deaths within `windowMs`,
 * it stops trying and hands `onGiveUp` a message that says what to look at.
 */

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SupervisedServer {
  /** Resolves when the process exits, for whatever reason. */
  exited: Promise<ServerExit>;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  /** As people read it: "Temporal dev server", "embedded PostgreSQL". */
  name: string;
  /** What to look at when it keeps dying: its log file and data directory. */
  lookAt: string;
  start(): Promise<SupervisedServer>;
  log(line: string): void;
  onGiveUp(message: string): void;
  firstDelayMs?: number;
  maxDelayMs?: number;
  maxFailures?: number;
  windowMs?: number;
}

export interface Supervisor {
  /** Stops the server (and any restart under way) for good. */
  stop(): Promise<void>;
}

export const describeExit = (exit: ServerExit) => (exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function supervise(first: SupervisedServer, options: SupervisorOptions): Supervisor {
  const { name, log } = options;
  const firstDelay = options.firstDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 8_000;
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  let current: SupervisedServer | null = first;
  let stopped = false;
  let wake: (() => void) | null = null;
  let restarting: Promise<void> = Promise.resolve();
  const deaths: number[] = [];

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const giveUp = (why: string) => {
    current = null;
    options.onGiveUp(`${name} ${why}: giving up. Look at ${options.lookAt}.`);
  };

  const watch = (server: SupervisedServer) =>
    void server.exited.then((exit) => {
      if (stopped || current !== server) return;
      current = null;
      restarting = restart(exit);
    });

  const restart = async (exit: ServerExit) => {
    const diedAt = Date.now();
    deaths.push(diedAt);
    while (deaths.length && deaths[0] < diedAt - windowMs) deaths.shift();
    if (deaths.length >= maxFailures) {
      return giveUp(`exited unexpectedly (${describeExit(exit)}), the ${deaths.length}th time within ${seconds(windowMs)}`);
    }
    let delay = Math.min(firstDelay * 2 ** (deaths.length - 1), maxDelay);
    log(`${name} exited unexpectedly (${describeExit(exit)}); restarting it in ${seconds(delay)}`);
    for (let failures = 0; ; ) {
      await pause(delay);
      if (stopped) return;
      try {
        const server = await options.start();
        if (stopped) return void (await server.stop());
        current = server;
        watch(server);
        log(`${name} is back, after ${seconds(Date.now() - diedAt)} down`);
        return;
      } catch (err) {
        failures += 1;
        const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
        if (failures >= maxFailures) return giveUp(`could not be restarted (${failures} attempts in a row; last: ${reason})`);
        delay = Math.min(delay * 2, maxDelay);
        log(`${name} restart ${failures} failed (${reason}); trying again in ${seconds(delay)}`);
      }
    }
  };

  watch(first);
  return {
    async stop() {
      stopped = true;
      wake?.();
      await restarting;
      await current?.stop();
      current = null;
    },
  };
}
