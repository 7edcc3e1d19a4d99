/** Builds the Express app from its dependencies; server.ts only listens. Tests use this directly. */
import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from '../config/env';
import type { Database } from '../db/client';
import { healthRouter, type ReadinessProbe } from './health/router';
import { errorHandler, notFoundHandler } from './problem';

export interface AppDeps {
  config: Config;
  /** Temporal client: starts cases, sends signals and updates, queries live state. */
  client: Client;
  db: Database;
  probes: ReadinessProbe[];
  logError?: (err: unknown) => void;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(express.json({ limit: '256kb', strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(healthRouter(deps.probes));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logError ?? ((err) => console.error('unhandled API error', err))));
  return app;
}
