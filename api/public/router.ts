/**
 * The public side of an alert, no sign-in:
 * - `GET /a/:ref`, the alert page (every CAP message's `web` link): while the alert is active, what the
 *   latest message says, in each language the service sends (ALERT_LANGUAGES), with the words the CAP
 *   builder writes (domain/cap/public-texts.ts) and nothing the message does not carry; after the end,
 *   `410 Gone` and a notice with no name, photo or description; before any alert, 404.
 * - `GET /p/:ref.jpg`, a photo the service owns: only while the alert is active; 410 before and after.
 * Both are cached one minute at most (`max-age=60`), so an ended alert leaves caches within minutes.
 */
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/env';
import type { Database } from '../../db/client';
import { casePhotoRefs, photoToServe } from '../../db/case-photos';
import { alertSteps, casePersonalData, cases } from '../../db/schema';
import type { CaseReport } from '../../domain/case-schemas';
import {
  ALERT_TEXTS,
  alertPageUrl,
  areaDescription,
  displayName,
  localTime,
  PHOTO_REF_PATTERN,
  photoUrl,
  publicAlertTexts,
  PUBLIC_REF_PATTERN,
  toPublicAlertContent,
  type AlertLanguage,
} from '../../domain/cap';
import type { AlertStep } from '../../domain/case-vocabulary';
import { problemResponse, mediaResponse } from '../openapi/responses';
import { HttpProblem, sendProblem } from '../problem';
import type { ApiRoute } from '../routes';
import { PAGE_CSS_HASH, renderActivePage, renderEndedPage, type LanguageLink, type PagePhoto } from './alert-page-html';
import { areaMapSvg } from './area-map';
import { escapeHtml } from './html';
import { PAGE_TEXTS } from './page-texts';

export type PublicPageConfig = Pick<Config, 'ALERT_LANGUAGES' | 'ALERT_CONTACT' | 'PHOTO_URL_HOSTS' | 'publicBaseUrl' | 'country' | 'NODE_ENV'>;

export interface PublicRouteDeps {
  config: PublicPageConfig;
  db: Database;
}

/** Short enough that an ended alert stops showing within minutes, long enough to absorb a surge. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';

/** The page's own policy: no script at all, the one style element by its hash, images from here. */
export function alertPageCsp(config: Pick<PublicPageConfig, 'PHOTO_URL_HOSTS' | 'NODE_ENV'>): string {
  return [
    "default-src 'none'",
    `img-src 'self' ${config.PHOTO_URL_HOSTS.join(' ')}`.trim(),
    `style-src ${PAGE_CSS_HASH}`,
    "script-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    ...(config.NODE_ENV === 'production' ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

type Publication = { kind: 'unpublished' } | { kind: 'ended' } | { kind: 'active'; caseId: string };

/**
 * Active: the case is alerting and no Cancel has been recorded (the Cancel goes out as the case ends,
 * a moment before the status follows). Ended: found or closed after an alert went out, or cancelled.
 * Anything else never was public.
 */
async function publicationOf(db: Database, where: ReturnType<typeof eq>): Promise<Publication> {
  const [row] = await db
    .select({
      id: cases.id,
      status: cases.status,
      firstAlertAt: cases.firstAlertAt,
      cancelled: sql<boolean>`exists (select 1 from ${alertSteps} where ${alertSteps.caseId} = ${cases.id} and ${alertSteps.msgType} = 'Cancel')`,
    })
    .from(cases)
    .where(where);
  if (!row) return { kind: 'unpublished' };
  if (row.cancelled || ((row.status === 'found' || row.status === 'closed') && row.firstAlertAt !== null)) return { kind: 'ended' };
  if (row.status === 'alerting' && row.firstAlertAt !== null) return { kind: 'active', caseId: row.id };
  return { kind: 'unpublished' };
}

/** `?lang=` when it names a language the service sends; else the best of Accept-Language; else the first. */
export function pageLanguage(req: Request, languages: readonly AlertLanguage[]): AlertLanguage {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  const exact = languages.find((l) => l.toLowerCase() === asked?.toLowerCase());
  if (exact) return exact;
  const accepted = (req.get('accept-language') ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((a) => a.tag !== '' && a.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of accepted) {
    const match = languages.find((l) => l.toLowerCase() === tag) ?? languages.find((l) => l.toLowerCase().split('-')[0] === tag.split('-')[0]);
    if (match) return match;
  }
  return languages[0];
}

export function createPublicHandlers({ config, db }: PublicRouteDeps) {
  const base = config.publicBaseUrl;
  const csp = alertPageCsp(config);

  function sendPage(res: Response, status: number, html: string, cacheControl: string): void {
    res
      .status(status)
      .set({
        'Content-Security-Policy': csp,
        'Cache-Control': cacheControl,
        'X-Robots-Tag': 'noindex, noarchive',
        Vary: 'Accept-Language',
      })
      .type('text/html; charset=utf-8')
      .send(html);
  }

  function pageBase(ref: string, language: AlertLanguage) {
    const canonicalUrl = alertPageUrl(base, ref);
    const languages: LanguageLink[] = config.ALERT_LANGUAGES.map((l) => ({ language: l, href: `/a/${ref}?lang=${encodeURIComponent(l)}` }));
    return {
      language,
      languages,
      canonicalUrl,
      alternates: config.ALERT_LANGUAGES.map((l) => ({ language: l, url: `${canonicalUrl}?lang=${encodeURIComponent(l)}` })),
      senderName: ALERT_TEXTS[language].senderName,
      contact: config.ALERT_CONTACT,
    };
  }

  function notFoundPage(res: Response, language: AlertLanguage): void {
    const texts = PAGE_TEXTS[language];
    const html = `<!DOCTYPE html>\n<html lang="${language}" dir="${texts.rtl ? 'rtl' : 'ltr'}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex">\n<title>${escapeHtml(texts.notFoundTitle)}</title>\n</head>\n<body>\n<h1>${escapeHtml(texts.notFoundTitle)}</h1>\n</body>\n</html>\n`;
    // Not cached: a case approved a moment later must not stay hidden behind a cached 404.
    sendPage(res, 404, html, 'no-store');
  }

  const page: RequestHandler = async (req, res) => {
    const ref = String(req.params.ref ?? '');
    const language = pageLanguage(req, config.ALERT_LANGUAGES);
    if (!PUBLIC_REF_PATTERN.test(ref)) return notFoundPage(res, language);
    const publication = await publicationOf(db, eq(cases.publicRef, ref));
    if (publication.kind === 'unpublished') return notFoundPage(res, language);
    if (publication.kind === 'ended') return sendPage(res, 410, renderEndedPage(pageBase(ref, language)), PUBLIC_CACHE_CONTROL);

    const { caseId } = publication;
    // What the latest message in force says: its areas, and the report as of its `sent` (the age).
    const [step] = await db
      .select({ areas: alertSteps.areas, sentAt: alertSteps.sentAt })
      .from(alertSteps)
      .where(and(eq(alertSteps.caseId, caseId), ne(alertSteps.msgType, 'Cancel')))
      .orderBy(desc(alertSteps.step))
      .limit(1);
    const [personal] = await db.select({ report: casePersonalData.report }).from(casePersonalData).where(eq(casePersonalData.caseId, caseId));
    if (!step || !personal) return notFoundPage(res, language);
    const content = toPublicAlertContent(personal.report as CaseReport, step.sentAt);
    const areas = step.areas as AlertStep['areas'];
    const owned = await casePhotoRefs(db, caseId);
    const photos: PagePhoto[] = [
      ...owned.map((p) => ({ src: `/p/${p.photoRef}.jpg`, absoluteUrl: photoUrl(base, p.photoRef), width: p.width, height: p.height })),
      ...content.photoUrls.map((url) => ({ src: url, absoluteUrl: url, width: null, height: null })),
    ];
    const html = renderActivePage({
      ...pageBase(ref, language),
      texts: publicAlertTexts(content, language, config.ALERT_CONTACT),
      name: displayName(content),
      sex: content.sex,
      ageYears: content.ageYears,
      lastSeen: localTime(content.lastSeen.at),
      place: content.lastSeen.place,
      photos,
      areaDescriptions: areas.map((area) => areaDescription(area, language, content, config.country)),
      mapSvg: areaMapSvg(areas, config.country, PAGE_TEXTS[language].mapLabel),
      updated: localTime(step.sentAt.toISOString()),
    });
    sendPage(res, 200, html, PUBLIC_CACHE_CONTROL);
  };

  const photo: RequestHandler = async (req, res) => {
    const ref = String(req.params.photoRef ?? '');
    const gone = () => sendProblem(res.set('Cache-Control', 'no-store'), new HttpProblem(410, 'Gone', 'this photo is not public: its alert is not active'));
    if (!PHOTO_REF_PATTERN.test(ref)) throw new HttpProblem(404, 'Not Found', 'no such photo');
    const row = await photoToServe(db, ref);
    if (!row) throw new HttpProblem(404, 'Not Found', 'no such photo');
    const publication = await publicationOf(db, eq(cases.id, row.caseId));
    if (publication.kind !== 'active') return gone();
    const etag = `"${row.sha1}"`;
    res.set({
      'Cache-Control': PUBLIC_CACHE_CONTROL,
      ETag: etag,
      // Partners and messaging apps show it from their own pages.
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Security-Policy': "default-src 'none'",
      'X-Robots-Tag': 'noindex, noarchive',
    });
    if (req.get('if-none-match') === etag) return void res.status(304).end();
    res.type(row.mimeType).send(row.bytes);
  };

  return { page, photo };
}

const html = (description: string) => mediaResponse(description, 'text/html');

export function publicRoutes(deps: PublicRouteDeps): ApiRoute[] {
  const handlers = createPublicHandlers(deps);
  return [
    {
      method: 'get',
      path: '/a/:ref',
      roles: 'public',
      handler: handlers.page,
      doc: {
        tags: ['public'],
        summary: 'The public alert page of a case (the `web` link of its CAP messages)',
        description:
          'Server-rendered HTML, no script, in the languages of ALERT_LANGUAGES (`?lang=`, else Accept-Language, else the first). ' +
          'Shows what the latest CAP message shows: photos, name, age, description, last-seen place and time, suspect or vehicle, the area, whom to call. ' +
          'Open Graph and Twitter card tags while active. `Cache-Control: public, max-age=60`.',
        request: {
          params: z.object({ ref: z.string().describe('the case\'s public reference (random, 32 hex digits)') }),
          query: z.object({ lang: z.string().optional().describe('one of ALERT_LANGUAGES, e.g. fr-MA') }),
        },
        responses: {
          '200': html('the alert is active'),
          '404': html('no alert at this address (also before approval: nothing is public yet)'),
          '410': html('the alert has ended: a notice with no name, photo or description, and no share tags'),
        },
      },
    },
    {
      method: 'get',
      path: '/p/:photoRef.jpg',
      roles: 'public',
      handler: handlers.photo,
      doc: {
        tags: ['public'],
        summary: 'A photo the service owns (uploaded with the report, re-encoded, without metadata)',
        description: 'Served only while the case\'s alert is active. The CAP `<resource>` gives its `size` and SHA-1 `digest`. `Cache-Control: public, max-age=60`, `ETag` the SHA-1.',
        request: { params: z.object({ photoRef: z.string().describe('the photo\'s public reference (random, 22 characters)') }) },
        responses: {
          '200': mediaResponse('the photo', 'image/jpeg', z.string().describe('JPEG bytes')),
          '304': { description: 'not modified (If-None-Match)' },
          '404': problemResponse('no such photo (or its case was purged)'),
          '410': problemResponse('the alert is not active: not yet approved, or ended'),
        },
      },
    },
  ];
}
