/**
 * The public side of an alert, no sign-in:
 * - `GET /a/:ref`, the alert page (every CAP message's `web` link): while the alert is active, what the
 *   latest message says, in each language the service sends (ALERT_LANGUAGES), with the words the CAP
 *   builder writes (domain/cap/public-texts.ts) and nothing the message does not carry; after the end,
 *   `410 Gone` and a notice with no name, photo or description; before any alert, 404.
 * - `GET /p/:ref.jpg`, a photo the service owns: only while the alert is active; 410 before and after.
 * Both are cached one minute at most (`max-age=60`), so an ended alert leaves caches within minutes.
 */
import { and, desc, eq, ne } from 'drizzle-orm';
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { casePhotoRefs, photoToServe } from '../../db/case-photos';
import { alertSteps, casePersonalData, cases } from '../../db/schema';
import type { CaseReport } from '../../domain/case-schemas';
import {
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
import { problemResponse, mediaResponse, problems } from '../openapi/responses';
import { HttpProblem, sendProblem } from '../problem';
import type { ApiRoute } from '../routes';
import { PAGE_ICON, renderActivePage, renderEndedPage, type PagePhoto } from './alert-page-html';
import { areaMapSvg } from './area-map';
import { escapeHtml } from './html';
import { PAGE_TEXTS } from './page-texts';
import {
  alertPageCsp,
  pageBaseOf,
  pageLanguage,
  PUBLIC_CACHE_CONTROL,
  publicationOf,
  sendPublicPage,
  type PublicRouteDeps,
} from './public-page';
import { createTipIntake, PUBLIC_TIPS_PATH, tipReceiptSchema } from './tip-intake';
import { publicTipSchema } from '../../domain/public-tip';
import { renderTipForm } from './tip-pages-html';

export type { PublicRouteDeps } from './public-page';

export function createPublicHandlers({ config, db }: PublicRouteDeps) {
  const base = config.publicBaseUrl;
  const csp = alertPageCsp(config);
  const sendPage = (res: Response, status: number, html: string, cacheControl: string) => sendPublicPage(res, csp, status, html, cacheControl);
  const pageBase = (ref: string, language: AlertLanguage) => pageBaseOf(config, ref, language);

  function notFoundPage(res: Response, language: AlertLanguage): void {
    const texts = PAGE_TEXTS[language];
    const html = `<!DOCTYPE html>\n<html lang="${language}" dir="${texts.rtl ? 'rtl' : 'ltr'}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex">\n<link rel="icon" href="${PAGE_ICON}" type="image/svg+xml">\n<title>${escapeHtml(texts.notFoundTitle)}</title>\n</head>\n<body>\n<h1>${escapeHtml(texts.notFoundTitle)}</h1>\n</body>\n</html>\n`;
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
      tipForm: renderTipForm({ ref, language }),
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
    {
      method: 'post',
      path: PUBLIC_TIPS_PATH,
      roles: 'public',
      handler: createTipIntake(deps),
      doc: {
        tags: ['public'],
        summary: 'A tip from the public about an active alert (the alert page\'s form posts here)',
        description:
          'No sign-in. JSON answers JSON; a URL-encoded body (the page\'s form, no script) answers HTML pages in the form\'s `lang`. ' +
          '`seenAt`: an ISO time with offset, or a `datetime-local` value read in Moroccan time; not in the future, not long before the child went missing. ' +
          'Where: `place` in words, or a point `lat`/`lon` inside the service area, or both. A `phone` needs `callbackConsent: true`. Plain text only. ' +
          'Limits: TIP_RATE_LIMIT_PER_ADDRESS per TIP_RATE_WINDOW_PER_ADDRESS per client address, TIP_RATE_LIMIT_PER_ALERT per TIP_RATE_WINDOW_PER_ALERT per alert (429 with Retry-After), TIP_MAX_BODY_BYTES (413). ' +
          'The answer carries the receipt code and nothing about the case.',
        request: {
          body: {
            required: true,
            content: { 'application/json': { schema: publicTipSchema }, 'application/x-www-form-urlencoded': { schema: publicTipSchema } },
          },
        },
        responses: {
          '202': { description: 'received: the receipt code (JSON), or the receipt page (form)', content: { 'application/json': { schema: tipReceiptSchema }, 'text/html': { schema: z.string() } } },
          '404': problemResponse('no alert has this reference, or it never was public (a page for the form)'),
          '410': problemResponse('the alert has ended (a page for the form)'),
          ...problems(400, 413, 415, 422, 429),
        },
      },
    },
  ];
}
