/**
 * POST /public/tips: a tip from the public about an active alert, no sign-in. JSON answers JSON; the
 * alert page's form (URL-encoded, no script) answers HTML pages in the page's language.
 * In order: per-address limit (429), the alert (404 unknown, 410 ended), the fields (422, each named),
 * the per-alert limit (429), then the honeypot (answered like a success, nothing stored), then the tip is
 * stored and answered 202 with its receipt code. No answer says anything about the case beyond the alert,
 * no log line carries a tip, and nothing of it reaches Temporal.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { insertTip, tipsSince } from '../../db/case-tips';
import { casePersonalData, cases } from '../../db/schema';
import { PUBLIC_REF_PATTERN, type AlertLanguage } from '../../domain/cap';
import type { CaseReport } from '../../domain/case-schemas';
import { consentValue, publicTipSchema, tipReasonInEnglish, tipRuleProblems, tipSchemaProblems, type PublicTipBody, type TipProblem } from '../../domain/public-tip';
import { HttpProblem, sendProblem, validationProblem } from '../problem';
import type { PageBase } from './alert-page-html';
import { alertPageCsp, pageBaseOf, pageLanguage, publicationOf, sendPublicPage, type PublicRouteDeps } from './public-page';
import { PUBLIC_TIPS_PATH, renderTipNotice, renderTipReceipt, renderTipRefused, type TipFormValues } from './tip-pages-html';

export { PUBLIC_TIPS_PATH };
import { TIP_TEXTS } from './tip-texts';

/** Crockford's base32: no I, L, O or U, so a code read over the phone is not misheard. */
const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** 10 characters, 50 random bits (a byte modulo 32 is uniform). */
export const newReceipt = (): string => [...randomBytes(10)].map((b) => RECEIPT_ALPHABET[b & 31]).join('');

const isForm = (req: Request) => req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';

/** What went wrong, in the answer's own form: a problem body for JSON, a page for the form. */
type Refusal = { status: number; title: string; detail: string; headers?: Record<string, string>; page: (language: AlertLanguage) => { title: string; message: string } };

/** How the answers to a tip are rendered: in the page's language (the form's `lang`, else the browser's). */
function tipAnswers(config: PublicRouteDeps['config']) {
  const csp = alertPageCsp(config);
  const languageOf = (req: Request): AlertLanguage => {
    const asked = typeof req.body?.lang === 'string' ? config.ALERT_LANGUAGES.find((l) => l === req.body.lang) : undefined;
    return asked ?? pageLanguage(req, config.ALERT_LANGUAGES);
  };
  /** An answer is not the alert page: no language switch, no alternates. */
  const baseOf = (req: Request, ref: string | null): PageBase => ({
    ...pageBaseOf(config, ref ?? '', languageOf(req)),
    languages: [],
    alternates: [],
    ...(ref ? {} : { canonicalUrl: config.publicBaseUrl }),
  });
  const html = (res: Response, status: number, page: string) => sendPublicPage(res, csp, status, page, 'no-store');
  const refuse = (req: Request, res: Response, ref: string | null, refusal: Refusal): void => {
    res.set({ ...refusal.headers, 'Cache-Control': 'no-store' });
    if (!isForm(req)) return sendProblem(res, new HttpProblem(refusal.status, refusal.title, refusal.detail));
    const base = baseOf(req, ref);
    const { title, message } = refusal.page(base.language);
    html(res, refusal.status, renderTipNotice(base, title, message));
  };
  return { baseOf, html, refuse };
}

/**
 * The tip's own body parsers, mounted on its path before the API's JSON parser: TIP_MAX_BODY_BYTES
 * (then 413; a page for the form), JSON or URL-encoded (what a form without script sends).
 */
export function tipBodyParsers(config: PublicRouteDeps['config'] & { TIP_MAX_BODY_BYTES: number }): Array<RequestHandler | ErrorRequestHandler> {
  const { refuse } = tipAnswers(config);
  const limit = config.TIP_MAX_BODY_BYTES;
  const tooLarge: ErrorRequestHandler = (err, req, res, next) => {
    const { type } = err as { type?: string };
    if (!isForm(req) || (type !== 'entity.too.large' && type !== 'parameters.too.many')) return next(err);
    refuse(req, res, null, { status: 413, title: 'Content Too Large', detail: 'the body is too large', page: (l) => ({ title: TIP_TEXTS[l].tooLarge, message: TIP_TEXTS[l].tooLarge }) });
  };
  return [
    express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] }),
    express.urlencoded({ extended: false, limit, parameterLimit: 20 }),
    tooLarge,
  ];
}

export function createTipIntake({ config, db }: PublicRouteDeps) {
  const { baseOf: refBase, html, refuse } = tipAnswers(config);
  // The address is only ever a key of the in-memory counter, and a keyed hash at that (a new key per process).
  const addressKey = randomBytes(32);

  const tooMany = (retryAfterSeconds: number, detail: string): Refusal => ({
    status: 429,
    title: 'Too Many Requests',
    detail,
    headers: { 'Retry-After': String(Math.max(1, retryAfterSeconds)) },
    page: (l) => ({ title: TIP_TEXTS[l].tooManyTitle, message: TIP_TEXTS[l].tooMany }),
  });
  const noAlert = (status: 404 | 410): Refusal => ({
    status,
    title: status === 404 ? 'Not Found' : 'Gone',
    detail: status === 404 ? 'no active alert has this reference' : 'this alert has ended',
    page: (l) => ({ title: TIP_TEXTS[l].notActiveTitle, message: TIP_TEXTS[l].notActive }),
  });

  const perAddress = rateLimit({
    windowMs: config.TIP_RATE_WINDOW_PER_ADDRESS,
    limit: config.TIP_RATE_LIMIT_PER_ADDRESS,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => createHmac('sha256', addressKey).update(ipKeyGenerator(req.ip ?? '')).digest('base64url'),
    validate: { keyGeneratorIpFallback: false, trustProxy: false, xForwardedForHeader: false },
    // express-rate-limit has set Retry-After already.
    handler: (req, res) => refuse(req, res, null, tooMany(Number(res.get('Retry-After') ?? 1), 'too many tips from this address; retry after the time in Retry-After')),
  });

  async function refused(req: Request, res: Response, ref: string, problems: TipProblem[]): Promise<void> {
    res.set('Cache-Control', 'no-store');
    if (!isForm(req)) {
      const errors = problems.map((p) => ({ field: p.field, reason: tipReasonInEnglish(p, config.country.name) }));
      return sendProblem(res, validationProblem(errors, 'the tip is not valid'));
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const values: TipFormValues = { seenAt: text('seenAt'), place: text('place'), description: text('description'), phone: text('phone'), callbackConsent: consentValue(body.callbackConsent) === true };
    const base = refBase(req, ref);
    html(res, 422, renderTipRefused(base, { ref, language: base.language, values, problems }, `/a/${ref}?lang=${encodeURIComponent(base.language)}`));
  }

  function received(req: Request, res: Response, ref: string, receipt: string): void {
    res.set('Cache-Control', 'no-store');
    if (!isForm(req)) return void res.status(202).json({ receipt });
    const base = refBase(req, ref);
    html(res, 202, renderTipReceipt(base, receipt, `/a/${ref}?lang=${encodeURIComponent(base.language)}`));
  }

  async function store(caseId: string, tip: PublicTipBody): Promise<string> {
    const phone = tip.phone ?? null;
    for (;;) {
      const receipt = newReceipt();
      const stored = await insertTip(db, {
        id: randomUUID(),
        caseId,
        receipt,
        seenAt: new Date(tip.seenAt),
        place: tip.place ?? null,
        lat: tip.lat ?? null,
        lon: tip.lon ?? null,
        description: tip.description,
        phone,
        callbackConsent: phone !== null && tip.callbackConsent === true,
      });
      if (stored) return receipt;
    }
  }

  const intake = async (req: Request, res: Response): Promise<void> => {
    if (!req.is(['application/json', 'application/x-www-form-urlencoded'])) throw new HttpProblem(415, 'Unsupported Media Type', 'send the tip as JSON or as a URL-encoded form');
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) return refused(req, res, '', [{ field: '(body)', reason: 'invalid' }]);
    const parsed = publicTipSchema.safeParse(req.body);
    // The alert first: a tip about an alert that is not active is refused as such, whatever else it says.
    const ref = typeof req.body.alert === 'string' && PUBLIC_REF_PATTERN.test(req.body.alert) ? (req.body.alert as string) : null;
    if (ref === null) return refused(req, res, '', parsed.success ? [] : tipSchemaProblems(parsed.error));
    const publication = await publicationOf(db, eq(cases.publicRef, ref));
    if (publication.kind !== 'active') return refuse(req, res, ref, noAlert(publication.kind === 'ended' ? 410 : 404));
    if (!parsed.success) return refused(req, res, ref, tipSchemaProblems(parsed.error));

    const { caseId } = publication;
    const [personal] = await db.select({ report: casePersonalData.report }).from(casePersonalData).where(eq(casePersonalData.caseId, caseId));
    if (!personal) return refuse(req, res, ref, noAlert(404));
    const now = new Date();
    const lastSeenAt = new Date((personal.report as CaseReport).lastSeen.at);
    const problems = tipRuleProblems(parsed.data, { now, lastSeenAt, area: config.country });
    if (problems.length > 0) return refused(req, res, ref, problems);

    const window = config.TIP_RATE_WINDOW_PER_ALERT;
    const recent = await tipsSince(db, caseId, new Date(now.getTime() - window));
    if (recent.n >= config.TIP_RATE_LIMIT_PER_ALERT) {
      const retryAfter = Math.ceil(((recent.earliest?.getTime() ?? now.getTime()) + window - now.getTime()) / 1000);
      return refuse(req, res, ref, tooMany(retryAfter, 'this alert has received too many tips just now; retry after the time in Retry-After'));
    }
    const { website } = parsed.data;
    const honeypot = website !== undefined && !(typeof website === 'string' && website.trim() === '');
    // A bot that filled the hidden field gets what a person would, and nothing is kept.
    received(req, res, ref, honeypot ? newReceipt() : await store(caseId, parsed.data));
  };

  /** The per-address limit, then the tip. */
  const handler: RequestHandler = (req, res, next) => {
    void perAddress(req, res, (err?: unknown) => (err ? next(err) : void intake(req, res).catch(next)));
  };
  return handler;
}

export const tipReceiptSchema = z.object({ receipt: z.string().regex(RECEIPT_PATTERN).describe('the receipt code: 10 characters of Crockford base32') });
