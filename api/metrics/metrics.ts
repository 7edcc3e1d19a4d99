/**
 * Prometheus metrics. Each app gets its own registry (tests build several apps in one process). Request
 * metrics are labelled by route template, never by raw path, so case ids cannot explode cardinality.
 * Case, alert and tip counts are read from PostgreSQL at scrape time (they survive restarts and agree
 * across API replicas), at most once per METRICS_CACHE_TTL however often it is scraped.
 * Who may scrape: with METRICS_TOKEN, a request bearing it; without, anyone outside production and no
 * one in production (404), so a deployment never serves its figures to the internet by default.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sql } from 'drizzle-orm';
import { TIPS_BY_CASE } from '../../db/case-tips';
import type { Database } from '../../db/client';
import { safeErrorLine } from '../../db/safe-error';
import { HttpProblem, notFound, sendProblem } from '../problem';

export interface ApiMetrics {
  registry: Registry;
  middleware: RequestHandler;
  handler: RequestHandler;
}

function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}

export interface MetricsOptions {
  /** METRICS_TOKEN: the bearer token a scrape must send. */
  token?: string;
  production: boolean;
  /** METRICS_CACHE_TTL, in ms. */
  cacheTtlMs: number;
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export function createMetrics(db: Database, logError: (line: string) => void, options: MetricsOptions): ApiMetrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'mca_http_requests_total', help: 'HTTP requests by route template and status', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: 'mca_http_request_duration_seconds',
    help: 'HTTP request latency by route template and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // Each aggregate's rows, kept METRICS_CACHE_TTL: a scrape storm costs the database nothing more.
  const cached = new Map<Gauge<string>, { at: number; rows: Array<Record<string, unknown>> }>();
  // A scrape must not fail because the database is briefly away: the gauge is then left empty.
  const fromDatabase = async (gauge: Gauge<string>, query: ReturnType<typeof sql>, labels: (row: Record<string, unknown>) => Record<string, string>) => {
    gauge.reset();
    let rows = cached.get(gauge);
    if (!rows || Date.now() - rows.at >= options.cacheTtlMs) {
      try {
        rows = { at: Date.now(), rows: (await db.execute(query)).rows };
        cached.set(gauge, rows);
      } catch (err) {
        logError(safeErrorLine(err));
        return;
      }
    }
    for (const row of rows.rows) gauge.set(labels(row), Number(row.n));
  };
  new Gauge({
    name: 'mca_cases',
    help: 'Cases by status (from the cases table)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      await fromDatabase(this, sql`select status, count(*) as n from cases group by status`, (r) => ({ status: String(r.status) }));
    },
  });
  new Gauge({
    name: 'mca_alert_messages',
    help: 'Alert deliveries by channel (feed or partner webhook), message type and outcome (pending, delivered, failed; from alert_deliveries)',
    labelNames: ['channel', 'msg_type', 'outcome'],
    registers: [registry],
    async collect() {
      await fromDatabase(
        this,
        sql`select d.channel, s.msg_type, d.status, count(*) as n
            from alert_deliveries d join alert_steps s on s.case_id = d.case_id and s.step = d.step
            group by d.channel, s.msg_type, d.status`,
        (r) => ({ channel: String(r.channel), msg_type: String(r.msg_type), outcome: String(r.status) }),
      );
    },
  });

  new Gauge({
    name: 'mca_tips',
    help: 'Tips from the public by outcome: received, promoted (to a sighting), dismissed (assessed not credible); purged cases by the counts they kept',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      await fromDatabase(
        this,
        sql`select o.outcome, coalesce(sum(o.n), 0) as n from cases c
            left join ${TIPS_BY_CASE} t on t.case_id = c.id
            cross join lateral (values ('received', coalesce(c.tips_received, t.received)), ('promoted', coalesce(c.tips_promoted, t.promoted)), ('dismissed', coalesce(c.tips_dismissed, t.dismissed))) as o(outcome, n)
            group by o.outcome`,
        (r) => ({ outcome: String(r.outcome) }),
      );
    },
  });

  new Gauge({
    name: 'mca_time_to_first_alert_seconds',
    help: 'Report to first public alert, over the cases whose first alert went out in the last 7 days (median and 90th percentile)',
    labelNames: ['quantile'],
    registers: [registry],
    async collect() {
      await fromDatabase(
        this,
        sql`select q.quantile, percentile_cont(q.p) within group (order by extract(epoch from c.first_alert_at - c.received_at)) as n
            from cases c cross join (values ('0.5', 0.5::float8), ('0.9', 0.9::float8)) as q(quantile, p)
            where c.first_alert_at > now() - interval '7 days'
            group by q.quantile, q.p having count(*) > 0`,
        (r) => ({ quantile: String(r.quantile) }),
      );
    },
  });

  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeLabel(req), status: String(res.statusCode) };
      requests.inc(labels);
      latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  const handler: RequestHandler = async (req, res) => {
    if (options.token) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!sameSecret(given, options.token)) {
        return sendProblem(res, new HttpProblem(401, 'Unauthorized', '/metrics needs the bearer token METRICS_TOKEN', {}, { 'WWW-Authenticate': 'Bearer realm="metrics"' }));
      }
    } else if (options.production) {
      return sendProblem(res, notFound(`no route for ${req.method} ${req.path}`));
    }
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(await registry.metrics());
  };

  return { registry, middleware, handler };
}
