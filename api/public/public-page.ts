/**
 * What the public pages share: the policy and caching they are served with, whether a case's alert is
 * public (active, ended, or never was), the page's language, and the frame every page has.
 */
import { eq, sql } from 'drizzle-orm';
import type { Request, Response } from 'express';
import type { Config } from '../../config/env';
import type { Database } from '../../db/client';
import { alertSteps, cases } from '../../db/schema';
import { ALERT_TEXTS, alertPageUrl, type AlertLanguage } from '../../domain/cap';
import { PAGE_CSS_HASH, type LanguageLink, type PageBase } from './alert-page-html';

export type PublicPageConfig = Pick<
  Config,
  | 'ALERT_LANGUAGES'
  | 'ALERT_CONTACT'
  | 'PHOTO_URL_HOSTS'
  | 'publicBaseUrl'
  | 'country'
  | 'NODE_ENV'
  | 'TIP_RATE_LIMIT_PER_ADDRESS'
  | 'TIP_RATE_WINDOW_PER_ADDRESS'
  | 'TIP_RATE_LIMIT_PER_ALERT'
  | 'TIP_RATE_WINDOW_PER_ALERT'
>;

export interface PublicRouteDeps {
  config: PublicPageConfig;
  db: Database;
}

/** Short enough that an ended alert stops showing within minutes, long enough to absorb a surge. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';

/** The page's own policy: no script at all, the one style element by its hash, images from here, the tip form posts here. */
export function alertPageCsp(config: Pick<PublicPageConfig, 'PHOTO_URL_HOSTS' | 'NODE_ENV'>): string {
  return [
    "default-src 'none'",
    `img-src 'self' ${config.PHOTO_URL_HOSTS.join(' ')}`.trim(),
    `style-src ${PAGE_CSS_HASH}`,
    "script-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(config.NODE_ENV === 'production' ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export type Publication = { kind: 'unpublished' } | { kind: 'ended' } | { kind: 'active'; caseId: string };

/**
 * Active: the case is alerting and no Cancel has been recorded (the Cancel goes out as the case ends,
 * a moment before the status follows). Ended: found or closed after an alert went out, or cancelled.
 * Anything else never was public.
 */
export async function publicationOf(db: Database, where: ReturnType<typeof eq>): Promise<Publication> {
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

/** The frame of a page about the alert `ref` (language switch, alternates, sender, whom to call). */
export function pageBaseOf(config: Pick<PublicPageConfig, 'ALERT_LANGUAGES' | 'ALERT_CONTACT' | 'publicBaseUrl'>, ref: string, language: AlertLanguage): PageBase {
  const canonicalUrl = alertPageUrl(config.publicBaseUrl, ref);
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

/** Sends a public page with its policy; never indexed, varies with the reader's language. */
export function sendPublicPage(res: Response, csp: string, status: number, html: string, cacheControl: string): void {
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
