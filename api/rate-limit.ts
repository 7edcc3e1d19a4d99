/**
 * Writes are limited per caller (the token's `sub`), not per IP: officers of one station share an
 * address, and a runaway script with a stolen token should not block its colleagues.
 */
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { principalOf } from './auth/middleware';
import { HttpProblem, sendProblem } from './problem';

export function writeRateLimiter(limit: number, windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => `sub:${principalOf(req).sub}`,
    // The key is never an IP, so the library's IP-related checks do not apply.
    validate: { keyGeneratorIpFallback: false, trustProxy: false, xForwardedForHeader: false },
    handler: (_req, res) => {
      // express-rate-limit has already set Retry-After (seconds until the window resets).
      sendProblem(res, new HttpProblem(429, 'Too Many Requests', 'too many writes; retry after the time in Retry-After'));
    },
  });
}
