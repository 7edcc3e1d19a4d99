/**
 * One table of routes feeds both Express and the OpenAPI document, so a route cannot exist without
 * its documentation, and each route names the roles it admits (an empty list is refused at start-up:
 * deny by default).
 */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler, Router } from 'express';
import { authenticate, requireRoles } from './auth/middleware';
import type { Role } from './auth/principal';
import type { TokenVerifier } from './auth/verify';

export interface ApiRoute {
  method: 'get' | 'post';
  /** Express syntax: `/cases/:id`. */
  path: string;
  /** The roles admitted; `public` routes need no token (health, docs, metrics). */
  roles: readonly Role[] | 'public';
  handler: RequestHandler;
  doc: Omit<RouteConfig, 'method' | 'path'>;
  /** A POST that changes nothing (the codec) is not counted against the write rate limit. */
  writeLimited?: boolean;
  /**
   * An authenticated answer may be stored by browsers and proxies only when the route says so; by
   * default it is `no-store` (the route then sets its own Cache-Control).
   */
  cacheable?: boolean;
}

/**
 * What an authenticated route answers carries personal data, or may (a case, its report, its photos,
 * a command's result, decrypted payloads): never kept by a browser or a proxy. Set before the token is
 * checked, so a 401 or 403 is not kept either; a handler may still set its own stricter value.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  next();
};

export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

export interface MountOptions {
  verify: TokenVerifier;
  /** Applied to every authenticated POST, after authentication so that it counts per caller. */
  writeLimiter: RequestHandler;
  /** Applied to every authenticated GET, after authentication: per caller. */
  readLimiter: RequestHandler;
  /** Applied to every public GET: per client address. */
  publicLimiter: RequestHandler;
}

export function mountRoutes(router: Router, routes: ApiRoute[], options: MountOptions): void {
  const auth = authenticate(options.verify);
  for (const route of routes) {
    if (route.roles === 'public') {
      // A public POST (a tip) has limits of its own, per address and per alert.
      router[route.method](route.path, ...(route.method === 'get' ? [options.publicLimiter] : []), route.handler);
      continue;
    }
    if (route.roles.length === 0) throw new Error(`${route.method} ${route.path} admits no role`);
    const limiter = route.method === 'get' ? options.readLimiter : route.writeLimited !== false ? options.writeLimiter : null;
    const chain = [...(route.cacheable ? [] : [noStore]), auth, requireRoles(route.roles), ...(limiter ? [limiter] : [])];
    router[route.method](route.path, ...chain, route.handler);
  }
}
