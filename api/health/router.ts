import type { Connection } from '@temporalio/client';
import { Router } from 'express';
import type { Pool } from 'pg';

export interface ReadinessProbe {
  name: 'temporal' | 'postgresql';
  check(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 2_000;

/** The service's two dependencies: the Temporal frontend answers, PostgreSQL runs a query. */
export function serviceProbes(connection: Connection, pool: Pool): ReadinessProbe[] {
  return [
    { name: 'temporal', check: async () => void (await connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => connection.workflowService.getSystemInfo({}))) },
    { name: 'postgresql', check: async () => void (await pool.query('select 1')) },
  ];
}

function withTimeout(promise: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Liveness answers at once; readiness names each dependency that cannot be reached. */
export function healthRouter(probes: ReadinessProbe[]): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      probes.map(async (probe) => {
        try {
          await withTimeout(probe.check());
          return { name: probe.name, ok: true };
        } catch {
          return { name: probe.name, ok: false };
        }
      }),
    );
    const missing = results.filter((r) => !r.ok).map((r) => r.name);
    const checks = Object.fromEntries(results.map((r) => [r.name, r.ok ? 'ok' : 'unreachable']));
    if (missing.length > 0) {
      res.status(503).json({ status: 'unavailable', missing, checks });
      return;
    }
    res.json({ status: 'ready', checks });
  });
  return router;
}
