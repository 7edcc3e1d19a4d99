/**
 * Readiness with the service's own probes: 200 while Temporal and PostgreSQL answer, 503 naming the
 * one that does not (the PostgreSQL side is also exercised through `npm start` in start.test.ts).
 */
import { Connection } from '@temporalio/client';
import express from 'express';
import request from 'supertest';
import { healthRouter, serviceProbes } from '../api/health/router';
import { freePort } from '../devtools/free-port';
import { useDevServerContext } from './helpers/dev-server';
import { testEnv } from './helpers/env';

const ctx = useDevServerContext('readiness', () => testEnv.temporalAddress, testEnv.namespace);

test('ready while both answer; 503 naming Temporal when its frontend cannot be reached', async () => {
  const ready = express().use(healthRouter(serviceProbes(ctx.connection, ctx.database.pool)));
  const ok = await request(ready).get('/readyz');
  expect([ok.status, ok.body]).toEqual([200, { status: 'ready', checks: { temporal: 'ok', postgresql: 'ok' } }]);

  // Nothing listens on this port: the lazy connection fails on first use, as a lost server would.
  // No retry interceptor: a retry timer left behind would fire after close() and fail a later suite.
  const unreachable = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500, interceptors: [] });
  const degraded = express().use(healthRouter(serviceProbes(unreachable, ctx.database.pool)));
  const started = Date.now();
  const notReady = await request(degraded).get('/readyz');
  expect(Date.now() - started).toBeLessThan(5_000);
  expect([notReady.status, notReady.body]).toEqual([503, { status: 'unavailable', missing: ['temporal'], checks: { temporal: 'unreachable', postgresql: 'ok' } }]);
  expect((await request(degraded).get('/healthz')).status).toBe(200);
  await unreachable.close().catch(() => undefined);
});
