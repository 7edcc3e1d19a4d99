/**
 * GET /events: Server-Sent Events that tell a console what changed, scoped like GET /cases (the
 * caller's jurisdiction unless national). An event names the case, what changed and its status, never
 * anything personal: the console then refetches what it shows through the API's own checks. Sent with
 * the bearer token (the console reads the stream with fetch), and ended when the token expires so a
 * revoked role cannot keep listening.
 */
import { decodeJwt } from 'jose';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/middleware';
import { coversJurisdiction, ROLES } from '../auth/principal';
import { AUTH_ERRORS, problems, mediaResponse } from '../openapi/responses';
import { HttpProblem } from '../problem';
import type { ApiRoute } from '../routes';
import type { CaseChangeFeed, FeedEvent } from './case-change-feed';

/** Proxies drop a stream that stays silent; a comment line every 20 s keeps it open. */
const HEARTBEAT_MS = 20_000;

const liveUpdatesUnavailable = () =>
  new HttpProblem(503, 'Service Unavailable', 'live updates are not available right now; reload to see changes', {}, { 'Retry-After': '5' });

function tokenExpiry(authorization: string | undefined): number | null {
  try {
    const exp = decodeJwt((authorization ?? '').replace(/^Bearer\s+/i, '')).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

function streamHandler(changes: CaseChangeFeed | undefined, heartbeatMs: number): RequestHandler {
  return (req, res, next) => {
    if (!changes?.connected()) return next(liveUpdatesUnavailable());
    const principal = principalOf(req);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

    const end = () => {
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiry);
      res.end();
    };
    const unsubscribe = changes.subscribe((event: FeedEvent) => {
      if (event.type === 'closing') return end();
      if (event.type === 'resync') return send('resync', {});
      if (coversJurisdiction(principal, event.change.jurisdiction)) send('case', event.change);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    const expiresAt = tokenExpiry(req.get('authorization'));
    const expiry = setTimeout(() => {
      send('expired', {});
      end();
    }, Math.max(0, (expiresAt ?? Date.now() + 3_600_000) - Date.now()));
    req.once('close', end);
  };
}

export function eventRoutes(deps: { changes?: CaseChangeFeed; heartbeatMs?: number }): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/events',
      roles: ROLES,
      handler: streamHandler(deps.changes, deps.heartbeatMs ?? HEARTBEAT_MS),
      doc: {
        tags: ['events'],
        summary: 'Live changes to the cases the caller may see, as Server-Sent Events (`case`, `resync`, `expired`)',
        description:
          'Each `case` event carries `{caseId, jurisdiction, change, status}`, `change` one of case, approval, alert, delivery, sighting, tip; ' +
          'refetch what it names. `resync`: changes may have been missed, refetch everything. `expired`: the token expired, reconnect with a new one.',
        responses: {
          '200': mediaResponse('the event stream', 'text/event-stream', z.string().describe('`event:` and `data:` lines, one block per event')),
          ...problems(...AUTH_ERRORS, 503),
        },
      },
    },
  ];
}
