/** 401 for a missing or bad token, 403 for a role the route does not name. Deny by default. */
import type { Request, RequestHandler } from 'express';
import { HttpProblem } from '../problem';
import type { Principal, Role } from './principal';
import type { TokenVerifier } from './verify';

const principals = new WeakMap<Request, Principal>();

const unauthorized = (detail: string) => new HttpProblem(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);

export function authenticate(verify: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer');
      return next(unauthorized('a bearer token is required'));
    }
    const check = await verify(match[1]);
    if ('refused' in check) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return next(unauthorized(check.refused));
    }
    principals.set(req, check.principal);
    next();
  };
}

export function requireRoles(roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const principal = principals.get(req);
    if (!principal) return next(unauthorized('a bearer token is required'));
    if (!roles.includes(principal.role)) return next(forbidden(`this action is for: ${roles.join(', ')}`));
    next();
  };
}

/** The verified caller; only reachable behind `authenticate`, so its absence is a programming error. */
export function principalOf(req: Request): Principal {
  const principal = principals.get(req);
  if (!principal) throw new Error('principalOf called on an unauthenticated route');
  return principal;
}
