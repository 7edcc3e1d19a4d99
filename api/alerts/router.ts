/**
 * The public CAP feed, the way alerting hubs read CAP: an Atom index of each case's latest message in
 * force and each CAP 1.2 document as stored when its step was recorded (the bytes partners received).
 * After a case ends only its Cancel is public, until it expires (alert-visibility.ts). Public: no
 * token, and nothing here is more than the alert itself already says in public.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/env';
import type { Database } from '../../db/client';
import { buildAtomFeed, capDocumentUrl, CAP_MEDIA_TYPE } from '../../domain/cap';
import { problemResponse, mediaResponse } from '../openapi/responses';
import { HttpProblem, notFound } from '../problem';
import type { ApiRoute } from '../routes';
import { feedMessages, messageAnswer } from './alert-visibility';
import { publicPreviewRoute, type PublicPreviewConfig } from './public-preview';

export interface AlertRouteDeps {
  config: Pick<Config, 'ALERT_EXPIRES_AFTER' | 'publicBaseUrl'> & PublicPreviewConfig;
  db: Database;
  /** The clock the feed and documents are judged by (tests move it past a Cancel's expiry). */
  now?: () => Date;
}

export const ATOM_MEDIA_TYPE = 'application/atom+xml';
/** More entries than any real feed holds; a bound so a scrape can never read the whole table. */
const FEED_LIMIT = 500;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** The same base the worker writes into each CAP `web` element (service/service.ts). */

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** The `headline` of each `info` block, in document order (the writer emits no CDATA or attributes there). */
export function capHeadlines(capXml: string): string[] {
  return [...capXml.matchAll(/<headline>([^<]*)<\/headline>/g)].map((m) => m[1].replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]));
}

export function createAlertHandlers({ config, db, now = () => new Date() }: AlertRouteDeps) {
  const base = config.publicBaseUrl;

  /** Per case its latest message: in force while the case runs, its Cancel until that expires. */
  const feed: RequestHandler = async (_req, res) => {
    const rows = await feedMessages(db, now(), config.ALERT_EXPIRES_AFTER, FEED_LIMIT);
    const entries = rows.map((row) => {
      const headlines = capHeadlines(row.capXml);
      return {
        messageId: row.messageId,
        title: headlines[0] ?? row.messageId,
        updated: row.sentAt.toISOString(),
        capUrl: capDocumentUrl(base, row.messageId),
        summary: headlines.join(' | '),
      };
    });
    const updated = (rows[0]?.sentAt ?? new Date()).toISOString();
    // Hubs poll: they must revalidate each time, or a cancelled alert would linger in their cache.
    res.set('Cache-Control', 'no-cache').type(ATOM_MEDIA_TYPE).send(buildAtomFeed({ feedUrl: `${base}/alerts/feed`, updated, entries }));
  };

  const document: RequestHandler = async (req, res) => {
    const messageId = String(req.params.messageId ?? '');
    if (!MESSAGE_ID.test(messageId)) throw notFound('no such alert message');
    const answer = await messageAnswer(db, messageId, now());
    if (answer.kind === 'unknown') throw notFound('no such alert message');
    // Gone, not Not Found: a hub that kept the message learns that it must drop it.
    if (answer.kind === 'gone') throw new HttpProblem(410, 'Gone', answer.why, {}, { 'Cache-Control': 'no-cache' });
    res.set('Cache-Control', 'no-cache').type(CAP_MEDIA_TYPE).send(answer.capXml);
  };

  return { feed, document };
}


export function alertRoutes(deps: AlertRouteDeps): ApiRoute[] {
  const handlers = createAlertHandlers(deps);
  return [
    {
      method: 'get',
      path: '/alerts/feed',
      roles: 'public',
      handler: handlers.feed,
      doc: {
        tags: ['alerts'],
        summary: 'Atom feed: per case its latest CAP 1.2 message in force; an ended case\'s Cancel until it expires (at most 48 h), then nothing',
        responses: { '200': mediaResponse('Atom 1.0; each entry links to its CAP document', ATOM_MEDIA_TYPE) },
      },
    },
    {
      method: 'get',
      path: '/alerts/:messageId.xml',
      roles: 'public',
      handler: handlers.document,
      doc: {
        tags: ['alerts'],
        summary: 'One CAP 1.2 message, exactly as delivered to partners',
        request: { params: z.object({ messageId: z.string().describe('the CAP identifier, e.g. mca-<case id>-<step>') }) },
        responses: {
          '200': mediaResponse('the CAP 1.2 document', CAP_MEDIA_TYPE),
          '404': problemResponse('no such message'),
          '410': problemResponse('the case has ended: every message but its Cancel at once, the Cancel once expired, and every message after the purge'),
        },
      },
    },
    publicPreviewRoute(deps),
  ];
}
