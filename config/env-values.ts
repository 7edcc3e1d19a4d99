/**
 * The value types of the environment: durations, ports, radii, polygons, partner webhooks, alert
 * languages. Each parses its text and, when it cannot, names what is wrong without echoing secrets.
 */
import { z } from 'zod';
import { parseAlertLanguages } from '../domain/cap/alert-languages';
import { parseDuration } from './duration';
import { internalHostReason } from '../domain/public-host';

export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 3s, 15m, 1h or 30d` });
        return z.NEVER;
      }
      return ms;
    });

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const radii = z
  .string()
  .default('10,40,160')
  .transform((text, ctx) => {
    const values = text.split(',').map((part) => Number(part.trim()));
    const valid = values.length > 0 && values.every((v) => Number.isFinite(v) && v > 0);
    const increasing = values.every((v, i) => i === 0 || v > values[i - 1]);
    if (!valid || !increasing) {
      ctx.addIssue({ code: 'custom', message: `"${text}" must be increasing positive kilometres, e.g. 10,40,160` });
      return z.NEVER;
    }
    return values;
  });

export const polygon = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return undefined;
    try {
      const parsed = z
        .array(z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]))
        .min(3)
        .parse(JSON.parse(text));
      return parsed as Array<[number, number]>;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of at least three [lat, lon] pairs' });
      return z.NEVER;
    }
  });

/** CAP 1.2 tokens (identifier, sender) must not hold spaces, commas, `<` or `&`. */
export const CAP_TOKEN = /^[^\s,<&]+$/;
/** The delivery activity's start-to-close timeout is one minute: a POST must end well before it. */
export const MAX_WEBHOOK_TIMEOUT_MS = 45_000;
/** The notification activity gives an attempt 30 s; the POST must end well before. */
export const MAX_NOTIFY_TIMEOUT_MS = 20_000;

const webhookSchema = z.object({
  // `feed` is the public CAP feed's channel; a partner cannot take its name.
  name: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and dashes').refine((n) => n !== 'feed', 'feed is reserved for the public CAP feed'),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  secret: z.string().min(16, 'must be at least 16 characters'),
});
export type AlertWebhook = z.infer<typeof webhookSchema>;

export const alertWebhooks = z
  .string()
  .default('[]')
  .transform((text, ctx) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {"name","url","secret"}' });
      return z.NEVER;
    }
    const parsed = z.array(webhookSchema.strict()).safeParse(raw);
    if (!parsed.success) {
      // Never echo the input: it holds secrets.
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(value)'}: ${issue.message}` });
      return z.NEVER;
    }
    const names = parsed.data.map((w) => w.name);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    if (repeated.length > 0) {
      ctx.addIssue({ code: 'custom', message: `names must be unique (repeated: ${[...new Set(repeated)].join(', ')})` });
      return z.NEVER;
    }
    return parsed.data;
  });

export const alertLanguages = z
  .string()
  .default('ar-MA,fr-MA')
  .transform((text, ctx) => {
    try {
      return parseAlertLanguages(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

/** A host name as URLs carry it (lowercase letters, digits, dots, hyphens; an IDN in its xn-- form). */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** `photos.example.org,cdn.police.ma`: hosts whose photo links a report may carry; empty: none. */
export const hostList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const hosts = text
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
    const bad = hosts.filter((h) => !HOST_NAME.test(h));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `not a host name: ${bad.join(', ')} (write host names only, e.g. photos.example.org, no scheme or path)` });
      return z.NEVER;
    }
    const internal = hosts.map((h) => [h, internalHostReason(h)] as const).filter(([, reason]) => reason !== null);
    if (internal.length > 0) {
      ctx.addIssue({ code: 'custom', message: internal.map(([h, reason]) => `${h} ${reason}`).join('; ') });
      return z.NEVER;
    }
    return [...new Set(hosts)];
  });
