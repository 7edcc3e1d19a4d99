/**
 * The one configuration module: every duration, tier and limit, with its default, overridable by the
 * environment (optionally a `.env` file). Validated with zod at start so that a wrong value stops
 * start-up with a message naming the variable, instead of surfacing hours later inside a case.
 */
import { z } from 'zod';
import type { CasePolicy } from '../workflows/contract';
import { COUNTRY_AREAS, type CountryArea } from '../domain/country-areas';
import { MAX_CANCEL_LIFETIME_MS } from '../domain/cap';
import {
  alertLanguages,
  alertWebhooks,
  CAP_TOKEN,
  duration,
  hostList,
  MAX_NOTIFY_TIMEOUT_MS,
  MAX_WEBHOOK_TIMEOUT_MS,
  optionalText,
  polygon,
  port,
  radii,
} from './env-values';
import { readFingerprintKeys, type FingerprintKeyRing } from './fingerprint-keys';
import { payloadKeysFrom, PayloadKeyError, type PayloadKeyRing } from './payload-keys';
import { productionProblems } from './production-rules';

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: port(3000),
    PUBLIC_BASE_URL: optionalText.pipe(z.url().optional()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    DATA_DIR: z.string().default('.data'),

    TEMPORAL_ADDRESS: optionalText,
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('missing-child-cases'),
    /** mTLS to a self-hosted cluster: PEM files of the client certificate and key (and the server CA). */
    TEMPORAL_TLS_CERT: optionalText,
    TEMPORAL_TLS_KEY: optionalText,
    TEMPORAL_TLS_CA: optionalText,
    TEMPORAL_TLS_SERVER_NAME: optionalText,
    /** Temporal Cloud API key (TLS is implied). */
    TEMPORAL_API_KEY: optionalText,
    TEMPORAL_CLI: optionalText,
    TEMPORAL_TEST_SERVER: optionalText,
    TEMPORAL_DEV_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),

    /** The application role (API and workers): reads and writes, but only appends to audit_log (db/database-roles.ts). */
    DATABASE_URL: optionalText.pipe(z.url().optional()),
    /** The owner role: only the process that migrates (it then grants DATABASE_URL's role its rights). */
    DATABASE_MIGRATION_URL: optionalText.pipe(z.url().optional()),
    /** An administrator (CREATEROLE): only the compose stack's one-shot set-up job, which creates both roles. */
    DATABASE_ADMIN_URL: optionalText.pipe(z.url().optional()),
    EMBEDDED_PG_PORT: port(54329),
    /** npm start: the first pause before a server it started and that died is started again (then doubling, at most 8 s). */
    DEV_SERVER_RESTART_DELAY: duration('500ms'),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),

    COUNTRY: z.string().default('MA'),
    COUNTRY_AREA_POLYGON: polygon,

    APPROVAL_REMINDER_AFTER: duration('15m'),
    APPROVAL_ESCALATE_AFTER: duration('1h'),
    EXPANSION_INTERVAL: duration('1h'),
    EXPANSION_RADII_KM: radii,
    REBROADCAST_INTERVAL: duration('24h'),
    RETENTION_AFTER_CLOSE: duration('30d'),
    /** How often the purge sweeper (a Temporal Schedule) looks for cases no workflow will ever purge. */
    PURGE_SWEEP_INTERVAL: duration('1h').pipe(z.number().min(1_000, 'must be at least 1s (the finest Temporal schedule interval)')),
    /** The latest sightings a case keeps in its workflow state; all of them stay in PostgreSQL. */
    CASE_STATE_SIGHTINGS_MAX: z.coerce.number().int().min(1).max(1_000).default(50),
    CASE_HISTORY_EVENT_LIMIT: z.coerce.number().int().min(20).max(40_000).default(2_000),

    NOTIFY_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
    NOTIFY_WEBHOOK_SECRET: optionalText,
    /** Below the 30 s the notification activity is given, so an attempt always ends in time to be retried. */
    NOTIFY_TIMEOUT: duration('10s').pipe(z.number().max(MAX_NOTIFY_TIMEOUT_MS, 'must be at most 20s (a notification attempt is given 30s)')),
    /** Bounded: after these attempts a notification is recorded failed and shown in the pending list. */
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),

    AUTH_JWT_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    AUTH_JWKS_URL: optionalText.pipe(z.url().optional()),
    /** Checked when set: the `iss` and `aud` claims a production identity provider puts in its tokens. */
    AUTH_JWT_ISSUER: optionalText,
    AUTH_JWT_AUDIENCE: optionalText,
    /**
     * The console's production sign-in (OpenID Connect, authorization code with PKCE): the provider's
     * issuer URL and the console's client id there. Together; with them the API verifies by AUTH_JWKS_URL.
     */
    AUTH_OIDC_ISSUER: optionalText.pipe(z.url().optional()),
    AUTH_OIDC_CLIENT_ID: optionalText,
    /** Scopes the console asks for; `openid` first. The access token must carry `role` and `jurisdiction`. */
    AUTH_OIDC_SCOPE: z
      .string()
      .trim()
      .default('openid profile')
      .pipe(z.string().refine((scope) => scope.split(/\s+/).includes('openid'), 'must include openid')),
    /** Longest lifetime (exp - iat) of a bearer token the API accepts, on both the JWKS and the shared-secret path. */
    AUTH_MAX_TOKEN_LIFETIME: duration('12h'),
    /** Writes (POST) allowed per caller (token `sub`) per API_WRITE_RATE_WINDOW; beyond: 429 with Retry-After. */
    API_WRITE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(60),
    API_WRITE_RATE_WINDOW: duration('1m'),
    /** Reads (GET) allowed per caller per API_READ_RATE_WINDOW: far above what the console asks for (it refetches on live changes). */
    API_READ_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1_200),
    API_READ_RATE_WINDOW: duration('1m'),
    /** Public GETs (alert page, photos, CAP feed and messages, docs) per client address per window; many phones may share one. */
    PUBLIC_READ_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(1_200),
    PUBLIC_READ_RATE_WINDOW_PER_ADDRESS: duration('1m'),
    /** Which proxies' X-Forwarded-For the API believes (Express `trust proxy`): behind the stack's proxy, its network (uniquelocal). */
    TRUST_PROXY: z.string().trim().regex(/^(loopback|linklocal|uniquelocal|[0-9]+)(\s*,\s*(loopback|linklocal|uniquelocal))*$/, 'must be loopback, linklocal, uniquelocal (comma-separated) or a hop count').default('loopback'),
    /** Bearer token a Prometheus scrape of /metrics must send; unset: /metrics is open outside production and off (404) in it. */
    METRICS_TOKEN: optionalText.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
    /** How long /metrics reuses its database aggregates: scrapes (several Prometheus, replicas) never load the database more than this. */
    METRICS_CACHE_TTL: duration('15s'),
    /** Tips from the public (POST /public/tips): attempts per client address per window; beyond: 429 with Retry-After. */
    TIP_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(5),
    TIP_RATE_WINDOW_PER_ADDRESS: duration('10m'),
    /** Tips stored per alert per window, whoever sends them; beyond: 429 with Retry-After. */
    TIP_RATE_LIMIT_PER_ALERT: z.coerce.number().int().min(1).max(1_000_000).default(300),
    TIP_RATE_WINDOW_PER_ALERT: duration('1h'),
    /** Largest tip body in bytes (then 413): room for the longest tip in any script, URL-encoded. */
    TIP_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(1_048_576).default(16_384),
    /** Longest the API waits on Temporal (query, Update, signal, start) before answering 503. */
    API_TEMPORAL_TIMEOUT: duration('10s'),

    /** Partner webhooks: a JSON array of `{ "name", "url", "secret" }`; each name is a channel. */
    ALERT_WEBHOOKS: alertWebhooks,
    /** One CAP `info` block per language, in this order. */
    ALERT_LANGUAGES: alertLanguages,
    /** CAP `sender`: one value for the service, so that `references` resolve across messages. */
    ALERT_SENDER: z.string().default('alerts@missing-child-alerts.local').pipe(z.string().regex(CAP_TOKEN, 'must have no spaces, commas, < or &')),
    /** The number the public calls (CAP `contact`); 19 is the Moroccan police emergency number. */
    ALERT_CONTACT: z.string().trim().min(1, 'must not be empty').default('19'),
    ALERT_EXPIRES_AFTER: duration('24h'),
    /** A Cancel's CAP `expires`: it stays on the feed and at its URL until then, so hubs withdraw the alert; then nothing of the case is public. */
    ALERT_CANCEL_EXPIRES_AFTER: duration('24h').pipe(z.number().max(MAX_CANCEL_LIFETIME_MS, 'must be at most 48h (the name leaves public view within two days)')),
    ALERT_WEBHOOK_TIMEOUT: duration('10s').pipe(z.number().max(MAX_WEBHOOK_TIMEOUT_MS, 'must be at most 45s (a delivery attempt is given one minute)')),
    /** Longest wait between two attempts of a partner delivery: a partner that recovers has the latest message within it. */
    ALERT_DELIVERY_RETRY_MAX_INTERVAL: duration('30s').pipe(z.number().min(1_000, 'must be at least 1s').max(3_600_000, 'must be at most 1h')),
    /**
     * Hosts whose photo links (`child.photoUrls`) a report may carry; a link to any other host is
     * refused at intake (upload the photo instead: the service then owns, strips and serves it).
     */
    PHOTO_URL_HOSTS: hostList,
    // The console's map draws the country outline alone unless a tile server is named (no request leaves otherwise).
    MAP_TILE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).refine((u) => ['{z}', '{x}', '{y}'].every((p) => decodeURI(u).includes(p)) && !u.includes('{s}'), 'must be one host\'s tile template with {z}, {x} and {y} (no {s})').optional()),
    MAP_TILE_ATTRIBUTION: optionalText,

    /** Worker tuning: each worker replica's limits; see README "Scaling workers". */
    // A case out of the cache is rebuilt by replaying its history at each timer or command: hold every open case (bench: about 0.3 MB each in the worker).
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(1000),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(10_000).default(40),
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(10_000).default(100),

    /** Payload encryption: one of the three; see config/payload-keys.ts. Never echoed. */
    PAYLOAD_ENCRYPTION_KEY: optionalText,
    PAYLOAD_ENCRYPTION_KEYS: optionalText,
    PAYLOAD_ENCRYPTION_KEY_FILE: optionalText,
    /** The child fingerprint's HMAC keys, `id:base64,...` (first writes, all match); see config/fingerprint-keys.ts. Never echoed. */
    FINGERPRINT_KEYS: optionalText,
    /** Origins (the Temporal Web UI) allowed to call the codec endpoint from a browser; default: the dev UI. */
    CODEC_CORS_ORIGINS: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.APPROVAL_ESCALATE_AFTER <= env.APPROVAL_REMINDER_AFTER) {
      ctx.addIssue({ code: 'custom', path: ['APPROVAL_ESCALATE_AFTER'], message: 'must be longer than APPROVAL_REMINDER_AFTER' });
    }
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({ code: 'custom', path: [env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'], message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS)' });
    }
    if (env.NOTIFY_WEBHOOK_URL && !env.NOTIFY_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['NOTIFY_WEBHOOK_SECRET'], message: 'is required when NOTIFY_WEBHOOK_URL is set (requests are signed)' });
    }
    if (env.MAP_TILE_URL && !env.MAP_TILE_ATTRIBUTION) {
      ctx.addIssue({ code: 'custom', path: ['MAP_TILE_ATTRIBUTION'], message: 'is required with MAP_TILE_URL (tile servers require their attribution on the map)' });
    }
    if (Boolean(env.AUTH_OIDC_ISSUER) !== Boolean(env.AUTH_OIDC_CLIENT_ID)) {
      ctx.addIssue({ code: 'custom', path: [env.AUTH_OIDC_ISSUER ? 'AUTH_OIDC_CLIENT_ID' : 'AUTH_OIDC_ISSUER'], message: 'AUTH_OIDC_ISSUER and AUTH_OIDC_CLIENT_ID go together (the console\'s sign-in)' });
    }
    if (env.AUTH_OIDC_ISSUER && !env.AUTH_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'is required with AUTH_OIDC_ISSUER (the API verifies the provider\'s tokens by its JWKS)' });
    }
    if (!env.COUNTRY_AREA_POLYGON && !COUNTRY_AREAS[env.COUNTRY]) {
      ctx.addIssue({ code: 'custom', path: ['COUNTRY'], message: `has no built-in area (known: ${Object.keys(COUNTRY_AREAS).join(', ')}); set COUNTRY_AREA_POLYGON` });
    }
    // The SDK would silently lower the concurrency to the cache size: say so instead.
    if (env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS > env.WORKER_MAX_CACHED_WORKFLOWS) {
      ctx.addIssue({ code: 'custom', path: ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'], message: 'must not exceed WORKER_MAX_CACHED_WORKFLOWS' });
    }
    const fingerprintKeys = readFingerprintKeys(env);
    if ('problem' in fingerprintKeys) ctx.addIssue({ code: 'custom', path: ['FINGERPRINT_KEYS'], message: fingerprintKeys.problem });
    for (const problem of productionProblems(env)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  country: CountryArea;
  /** Base of every link the service sends out (notifications, CAP `web`, the UI's codec endpoint). */
  publicBaseUrl: string;
  policy: CasePolicy;
  /** Null when no key is configured: `npm start` then generates a local one; other processes refuse to start. */
  payloadKeys: PayloadKeyRing | null;
  /** The child fingerprint's keys: the first writes, every one is tried when matching. */
  fingerprintKeys: FingerprintKeyRing;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  const env = result.data;
  const builtIn = COUNTRY_AREAS[env.COUNTRY];
  const country: CountryArea = env.COUNTRY_AREA_POLYGON
    ? { code: env.COUNTRY, name: builtIn?.name ?? env.COUNTRY, polygon: env.COUNTRY_AREA_POLYGON }
    : builtIn;
  let payloadKeys: PayloadKeyRing | null;
  try {
    payloadKeys = payloadKeysFrom(env);
  } catch (err) {
    if (err instanceof PayloadKeyError) throw new ConfigError([`${err.variable}: ${err.message}`]);
    throw err;
  }
  return {
    ...env,
    country,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
    payloadKeys,
    fingerprintKeys: (readFingerprintKeys(env) as { keys: FingerprintKeyRing }).keys,
    policy: {
      approvalReminderAfterMs: env.APPROVAL_REMINDER_AFTER,
      approvalEscalateAfterMs: env.APPROVAL_ESCALATE_AFTER,
      expansionIntervalMs: env.EXPANSION_INTERVAL,
      expansionRadiiKm: env.EXPANSION_RADII_KM,
      rebroadcastIntervalMs: env.REBROADCAST_INTERVAL,
      retentionAfterCloseMs: env.RETENTION_AFTER_CLOSE,
      historyEventLimit: env.CASE_HISTORY_EVENT_LIMIT,
      alertChannels: env.ALERT_WEBHOOKS.map((webhook) => webhook.name),
      stateSightingsMax: env.CASE_STATE_SIGHTINGS_MAX,
      notifyMaxAttempts: env.NOTIFY_MAX_ATTEMPTS,
      alertDeliveryRetryMaxIntervalMs: env.ALERT_DELIVERY_RETRY_MAX_INTERVAL,
    },
  };
}
