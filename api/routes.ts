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
}

export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

export interface MountOptions {
  verify: TokenVerifier;
  /** Applied to every authenticated POST, after authentication so that it counts per caller. */
  writeLimiter: RequestHandler;
}

export function mountRoutes(router: Router, routes: ApiRoute[], options: MountOptions): void {
  const auth = authenticate(options.verify);
  for (const route of routes) {
    if (route.roles === 'public') {
      router[route.method](route.path, route.handler);
      continue;
    }
    if (route.roles.length === 0) throw new Error(`${route.method} ${route.path} admits no role`);
    const limited = route.method === 'post' && route.writeLimited !== false;
    const chain = [auth, requireRoles(route.roles), ...(limited ? [options.writeLimiter] : [])];
    router[route.method](route.path, ...chain, route.handler);
  }
}
