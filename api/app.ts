/** Builds the Express app from its dependencies; server.ts only listens. Tests use this directly. */
import type { Client } from '@temporalio/client';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import type { Config } from '../config/env';
import type { Database } from '../db/client';
import { alertRoutes } from './alerts/router';
import { approvalRoutes } from './approvals/router';
import type { CaseChangeFeed } from './events/case-change-feed';
import { eventRoutes } from './events/router';
import { createTokenVerifier } from './auth/verify';
import { casePhotoRoute } from './cases/case-photo';
import { caseRoutes } from './cases/router';
import { codecCors, codecCorsOrigins } from './codec/cors';
import { devSignInEnabled } from './console/dev-sign-in';
import { consoleRouter } from './console/router';
import { codecRoutes, devCodecRouter } from './codec/router';
import { healthRouter, type ReadinessProbe } from './health/router';
import { createMetrics } from './metrics/metrics';
import { buildOpenApiDocument } from './openapi/document';
import { docsAssets, docsInit, docsPage, openApiHandler } from './openapi/docs';
import { publicRouteDocs } from './openapi/public-routes';
import { errorHandler, notFoundHandler } from './problem';
import { publicRoutes as publicSideRoutes } from './public/router';
import { PUBLIC_TIPS_PATH, tipBodyParsers } from './public/tip-intake';
import { isTemporalTimeout, temporalDeadline, temporalUnavailable } from './temporal-deadline';
import { publicRateLimiter, readRateLimiter, writeRateLimiter } from './rate-limit';
import { recordRoutes } from './records/router';
import { mountRoutes, type ApiRoute } from './routes';

export interface AppDeps {
  config: Config;
  /** Temporal client: starts cases, sends signals and updates, queries live state. */
  client: Client;
  db: Database;
  probes: ReadinessProbe[];
  /** Receives one safe line per unexpected error (db/safe-error.ts: no query parameters, no values). */
  logError?: (line: string) => void;
  /** `npm start` with its generated development secret: enables POST /dev/sign-in (api/console/dev-sign-in.ts). */
  devSignIn?: boolean;
  /** What PostgreSQL announces on `case_changes`, for GET /events; without it the route answers 503. */
  changes?: CaseChangeFeed;
  /** The built operator console (default: console/dist). */
  consoleDist?: string;
}

const API_VERSION = '1.0.0';

export function createApp(deps: AppDeps): Express {
  const logError = deps.logError ?? ((line) => console.error(`unhandled API error: ${line}`));
  const app = express();
  app.disable('x-powered-by');
  // Whose X-Forwarded-For to believe: the stack's reverse proxy (TRUST_PROXY), else loopback only.
  app.set('trust proxy', /^[0-9]+$/.test(deps.config.TRUST_PROXY) ? Number(deps.config.TRUST_PROXY) : deps.config.TRUST_PROXY);
  app.use(helmet());
  const metrics = createMetrics(deps.db, logError, {
    token: deps.config.METRICS_TOKEN,
    production: deps.config.NODE_ENV === 'production',
    cacheTtlMs: deps.config.METRICS_CACHE_TTL,
  });
  // Before the body parser, so that 400 and 413 answers are counted too.
  app.use(metrics.middleware);
  // A tip from the public has its own, smaller limit and may come from a form (URL-encoded): parsed first.
  app.use(PUBLIC_TIPS_PATH, ...tipBodyParsers(deps.config));
  app.use(express.json({ limit: '256kb', strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(healthRouter(deps.probes));
  // After the probes: they set their own short deadlines.
  app.use(temporalDeadline(deps.client, deps.config.API_TEMPORAL_TIMEOUT));
  // The Temporal Web UI calls the codec from its own origin; nothing else is cross-origin.
  app.use('/codec', codecCors(codecCorsOrigins(deps.config)));
  // npm start's own Temporal UI signs no one in: its codec path, only where the development sign-in is.
  if (deps.devSignIn && devSignInEnabled(deps.config, true)) app.use(devCodecRouter(deps));

  const apiRoutes: ApiRoute[] = [...caseRoutes(deps), casePhotoRoute(deps), ...approvalRoutes(deps), ...alertRoutes(deps), ...recordRoutes(deps), ...codecRoutes(deps), ...eventRoutes(deps), ...publicSideRoutes(deps)];
  const docs = publicRouteDocs();
  const document = buildOpenApiDocument([...apiRoutes, ...docs.health, ...docs.routes], API_VERSION);
  const handlers = { '/openapi.json': openApiHandler(document), '/docs': docsPage, '/docs/init.js': docsInit, '/metrics': metrics.handler };
  const publicRoutes: ApiRoute[] = docs.routes.map((route) => ({ ...route, handler: handlers[route.path as keyof typeof handlers] }));

  const router = express.Router();
  mountRoutes(router, [...apiRoutes, ...publicRoutes], {
    verify: createTokenVerifier(deps.config),
    writeLimiter: writeRateLimiter(deps.config.API_WRITE_RATE_LIMIT, deps.config.API_WRITE_RATE_WINDOW),
    readLimiter: readRateLimiter(deps.config.API_READ_RATE_LIMIT, deps.config.API_READ_RATE_WINDOW),
    publicLimiter: publicRateLimiter(deps.config.PUBLIC_READ_RATE_LIMIT_PER_ADDRESS, deps.config.PUBLIC_READ_RATE_WINDOW_PER_ADDRESS),
  });
  app.use(router);
  app.use(consoleRouter({ config: deps.config, devSignIn: deps.devSignIn, consoleDist: deps.consoleDist }));
  app.use('/docs/assets', docsAssets());
  app.use(notFoundHandler);
  app.use(((err, _req, _res, next) => next(isTemporalTimeout(err) ? temporalUnavailable() : err)) as ErrorRequestHandler);
  app.use(errorHandler(logError));
  return app;
}
