/** Documentation of the routes that need no token; their handlers are attached in app.ts. */
import { z } from 'zod';
import type { DocumentedRoute } from './document';
import { json } from './responses';

const text = (description: string, type: string) => ({ description, content: { [type]: { schema: z.string() } } });

export function publicRouteDocs(): { health: DocumentedRoute[]; routes: DocumentedRoute[] } {
  return {
    // Served by api/health/router.ts; listed here so the document names every route.
    health: [
      {
        method: 'get',
        path: '/healthz',
        roles: 'public',
        doc: { tags: ['operations'], summary: 'Liveness', responses: { '200': json('the process is up', z.object({ status: z.literal('ok') })) } },
      },
      {
        method: 'get',
        path: '/readyz',
        roles: 'public',
        doc: {
          tags: ['operations'],
          summary: 'Readiness: Temporal and PostgreSQL reachable',
          responses: {
            '200': json('ready', z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.string()) })),
            '503': json('a dependency is unreachable', z.object({ status: z.literal('unavailable'), missing: z.array(z.string()), checks: z.record(z.string(), z.string()) })),
          },
        },
      },
    ],
    routes: [
      {
        method: 'get',
        path: '/openapi.json',
        roles: 'public',
        doc: { tags: ['operations'], summary: 'This document (generated from the zod schemas)', responses: { '200': json('OpenAPI 3.1', z.record(z.string(), z.unknown())) } },
      },
      {
        method: 'get',
        path: '/docs',
        roles: 'public',
        doc: { tags: ['operations'], summary: 'Interactive documentation (Swagger UI, served locally)', responses: { '200': text('HTML page', 'text/html') } },
      },
      {
        method: 'get',
        path: '/docs/init.js',
        roles: 'public',
        doc: { tags: ['operations'], summary: 'Start-up script of the interactive documentation', responses: { '200': text('JavaScript', 'application/javascript') } },
      },
      {
        method: 'get',
        path: '/metrics',
        roles: 'public',
        doc: {
          tags: ['operations'],
          summary: 'Prometheus metrics: requests and latency by route and status, cases by status, alert messages by channel and outcome',
          responses: { '200': text('Prometheus text format', 'text/plain') },
        },
      },
    ],
  };
}
