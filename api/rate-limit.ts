/**
 * Rate limits, in memory per API process. Authenticated requests count per caller (the token's `sub`),
 * not per IP: officers of one station share an address, and a runaway script with a stolen token should
 * not block its colleagues. Writes (POST) and reads (GET) have their own budgets. Public GETs (the alert
 * page, photos, the CAP feed and messages, the docs) count per client address (`req.ip`: behind a
 * proxy on loopback, the address it forwards). Beyond a budget: 429 with Retry-After.
 */
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { principalOf } from './auth/middleware';
import { HttpProblem, sendProblem } from './problem';

function limiter(limit: number, windowMs: number, what: string, keyGenerator?: (req: Request) => string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Without a key generator, the library's own: the client address (IPv6 by its /56 subnet). A key
    // that is never an IP needs none of the library's IP-related checks.
    ...(keyGenerator ? { keyGenerator, validate: { keyGeneratorIpFallback: false, trustProxy: false, xForwardedForHeader: false } } : {}),
    handler: (_req, res) => {
      // express-rate-limit has already set Retry-After (seconds until the window resets).
      sendProblem(res, new HttpProblem(429, 'Too Many Requests', `too many ${what}; retry after the time in Retry-After`));
    },
  });
}

const perCaller = (req: Request) => `sub:${principalOf(req).sub}`;

export const writeRateLimiter = (limit: number, windowMs: number) => limiter(limit, windowMs, 'writes', perCaller);
export const readRateLimiter = (limit: number, windowMs: number) => limiter(limit, windowMs, 'reads', perCaller);
export const publicRateLimiter = (limit: number, windowMs: number) => limiter(limit, windowMs, 'requests from this address');
