/**
 * One line when a dependency becomes unreachable and one when it is back, with how long it was out:
 * the readiness probes run every few seconds, and only a change is logged. `npm start` leaves out the
 * servers it started itself: its supervisor (devtools/supervisor.ts) already says when they die and return.
 */
import type { ReadinessProbe } from './router';

export interface DependencyWatch {
  stop(): void;
}

const PROBE_TIMEOUT_MS = 2_000;

export function watchDependencies(probes: ReadinessProbe[], log: (line: string) => void, intervalMs = 2_000): DependencyWatch {
  const downSince = new Map<string, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const probe = (p: ReadinessProbe) =>
    new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      p.check().then(
        () => resolve(true),
        () => resolve(false),
      ).finally(() => clearTimeout(t));
    });
  const round = async () => {
    const results = await Promise.all(probes.map(async (p) => [p.name, await probe(p)] as const));
    if (stopped) return;
    for (const [name, ok] of results) {
      const since = downSince.get(name);
      if (!ok && since === undefined) {
        downSince.set(name, Date.now());
        log(`${name}: unreachable; the routes that need it answer 503 until it is back`);
      } else if (ok && since !== undefined) {
        downSince.delete(name);
        log(`${name}: reachable again, after ${((Date.now() - since) / 1000).toFixed(1)} s`);
      }
    }
    timer = setTimeout(() => void round(), intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void round(), intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
