/**
 * A tip from the public (POST /public/tips, JSON or the alert page's form): the body schema and the
 * rules that need the case (when it can have been seen, where). Every refusal is a field and a reason
 * code, so that the API can say it in English (JSON) and the page in the reader's language.
 * Plain text only: a value with markup is refused, never stored ("no HTML kept").
 */
import { z } from 'zod';
import { PUBLIC_REF_PATTERN } from './cap/public-links';
import { PUBLIC_TIME_ZONE } from './cap/texts/alert-texts';
import { CONTROL_OR_LONE_SURROGATE } from './case-schemas';
import type { CountryArea } from './country-areas';
import { isInsideArea } from './geo';
import { wallClockToInstant } from './wall-clock';

export const TIP_LIMITS = {
  description: 1_000,
  place: 200,
  /** A phone's clock may run a little ahead. */
  futureSlackMs: 60_000,
  /** The last-seen time in a report is the family's estimate: a tip up to an hour before it still counts. */
  beforeLastSeenSlackMs: 3_600_000,
} as const;

export const TIP_REASONS = ['required', 'invalid', 'tooLong', 'html', 'control', 'phone', 'future', 'beforeMissing', 'outside', 'where', 'consent', 'unknown'] as const;
export type TipReason = (typeof TIP_REASONS)[number];

export interface TipProblem {
  field: string;
  reason: TipReason;
}

/** A tag, a comment or a doctype: `<b>`, `</p>`, `<img src=x>`, `<!-- -->`. A lone `<` (as in "<3") is text. */
const MARKUP = /<\s*[A-Za-z!/?][^>]*>/;
const PHONE = /^\+?[0-9][0-9 ]{5,19}$/;
const OFFSET_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const missingOr = (code: TipReason) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : code) });
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const plainText = (max: number) =>
  z
    .string(missingOr('invalid'))
    .trim()
    .min(1, 'required')
    .max(max, 'tooLong')
    .refine((s) => !CONTROL_OR_LONE_SURROGATE.test(s), 'control')
    .refine((s) => !MARKUP.test(s), 'html');

/** A JSON number, or the text of one (a form field). */
const coordinate = (limit: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d{1,3}(\.\d{1,15})?$/.test(v.trim()) ? Number(v) : v),
    z.number('invalid').min(-limit, 'invalid').max(limit, 'invalid').optional(),
  );

/** An ISO time with its offset, or a wall-clock time (`datetime-local`) read in the public's time zone. */
const seenAt = z.string(missingOr('invalid')).transform((value, ctx) => {
  const trimmed = value.trim();
  const at = OFFSET_TIME.test(trimmed) ? new Date(trimmed) : wallClockToInstant(trimmed, PUBLIC_TIME_ZONE);
  if (at === null || Number.isNaN(at.getTime())) {
    ctx.addIssue({ code: 'custom', message: trimmed === '' ? 'required' : 'invalid' });
    return z.NEVER;
  }
  return at.toISOString();
});

/** A checkbox sends `yes` (or `on`) when ticked and nothing otherwise; JSON sends a boolean. */
/** A checkbox's or JSON's word for consent, as a boolean (anything else is left for the schema to refuse). */
export const consentValue = (v: unknown): unknown => (v === 'yes' || v === 'on' || v === 'true' ? true : v === 'false' || v === 'no' ? false : v);
const consent = z.preprocess(consentValue, z.boolean('invalid').optional());

export const publicTipSchema = z.strictObject({
  /** The alert's public reference, as in `/a/<ref>`. */
  alert: z.string(missingOr('invalid')).regex(PUBLIC_REF_PATTERN, 'invalid'),
  /** The page's language, so that the form's answer is in it (ignored when not one the service sends). */
  lang: z.string('invalid').max(20, 'invalid').optional(),
  seenAt: seenAt.describe('when: an ISO time with offset, or a datetime-local value (2026-12-02T14:30) read in Moroccan time'),
  place: z.preprocess(blankToUndefined, plainText(TIP_LIMITS.place).optional()),
  lat: z.preprocess(blankToUndefined, coordinate(90)),
  lon: z.preprocess(blankToUndefined, coordinate(180)),
  description: plainText(TIP_LIMITS.description),
  phone: z.preprocess(
    blankToUndefined,
    z
      .string('invalid')
      .transform((s) => s.trim().replace(/\s+/g, ' '))
      .refine((s) => PHONE.test(s), 'phone')
      .optional()
      .describe('digits and spaces, 6 to 20 characters, optionally starting with +; needs callbackConsent'),
  ),
  callbackConsent: consent,
  /** The honeypot: hidden from people, filled by bots. */
  website: z.unknown().optional().describe('leave empty (a hidden field)'),
});
export type PublicTipBody = z.infer<typeof publicTipSchema>;

/** The schema's refusals as fields and reason codes (an unknown field is named, `unknown`). */
export function tipSchemaProblems(error: z.ZodError): TipProblem[] {
  return error.issues.flatMap((issue): TipProblem[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: key, reason: 'unknown' }));
    const field = issue.path.map(String).join('.') || '(body)';
    const reason = (TIP_REASONS as readonly string[]).includes(issue.message) ? (issue.message as TipReason) : 'invalid';
    return [{ field, reason }];
  });
}

export interface TipContext {
  now: Date;
  /** When the child was last seen (the report's time). */
  lastSeenAt: Date;
  area: CountryArea;
}

/** The rules that need the case and the clock; the body already passed the schema. */
export function tipRuleProblems(body: PublicTipBody, { now, lastSeenAt, area }: TipContext): TipProblem[] {
  const problems: TipProblem[] = [];
  const seen = Date.parse(body.seenAt);
  if (seen > now.getTime() + TIP_LIMITS.futureSlackMs) problems.push({ field: 'seenAt', reason: 'future' });
  else if (seen < lastSeenAt.getTime() - TIP_LIMITS.beforeLastSeenSlackMs) problems.push({ field: 'seenAt', reason: 'beforeMissing' });
  if ((body.lat === undefined) !== (body.lon === undefined)) {
    problems.push({ field: body.lat === undefined ? 'lat' : 'lon', reason: 'required' });
  } else if (body.lat !== undefined && body.lon !== undefined && !isInsideArea({ lat: body.lat, lon: body.lon }, area)) {
    problems.push({ field: 'lat', reason: 'outside' }, { field: 'lon', reason: 'outside' });
  }
  if (body.place === undefined && body.lat === undefined && body.lon === undefined) problems.push({ field: 'place', reason: 'where' });
  if (body.phone !== undefined && body.callbackConsent !== true) problems.push({ field: 'callbackConsent', reason: 'consent' });
  return problems;
}

/** The reasons in English, for the JSON answer's problem body. */
export function tipReasonInEnglish(problem: TipProblem, areaName: string): string {
  const max = problem.field === 'place' ? TIP_LIMITS.place : TIP_LIMITS.description;
  const words: Record<TipReason, string> = {
    required: 'is required',
    invalid: 'is not valid',
    tooLong: `must be at most ${max} characters`,
    html: 'must be plain text (no HTML)',
    control: 'must not contain control characters or invalid Unicode',
    phone: 'must be a phone number: digits and spaces, 6 to 20 characters, optionally starting with +',
    future: 'is in the future',
    beforeMissing: 'is before the child went missing',
    outside: `is outside the service area (${areaName})`,
    where: 'give a place in words (place) or a point (lat and lon)',
    consent: 'must be true to leave a phone number (consent to be called back)',
    unknown: 'unknown field',
  };
  return words[problem.reason];
}
