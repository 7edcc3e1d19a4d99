/**
 * Serves the built console (console/dist) under /console/:
 * - `assets/*` are content-hashed by Vite: cached for a year, immutable; a missing one is a 404,
 *   never the page (a stale tab asking for an old chunk must not get HTML as JavaScript);
 * - `index.html` and the other unhashed files are revalidated on every load (`no-cache`), so a new
 *   build reaches every browser at its next navigation;
 * - any other path is a client-side route: the page (SPA fallback).
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Response } from 'express';
import { HttpProblem, notFound } from '../problem';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Where `npm run console:build` writes the console, from this file's place in the tree. */
export const DEFAULT_CONSOLE_DIST = path.resolve(__dirname, '..', '..', 'console', 'dist');

const isHashedAsset = (relative: string) => relative.split(path.sep)[0] === 'assets';

export function consoleStaticFiles(distDir: string): RequestHandler[] {
  const indexFile = path.join(distDir, 'index.html');
  const files = express.static(distDir, {
    index: false,
    redirect: false,
    cacheControl: false,
    fallthrough: true,
    setHeaders: (res: Response, file: string) => {
      res.setHeader('Cache-Control', isHashedAsset(path.relative(distDir, file)) ? IMMUTABLE : REVALIDATE);
    },
  });
  const fallback: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.startsWith('/assets/')) return next(notFound(`no console asset ${req.path}`));
    if (!fs.existsSync(indexFile)) {
      return next(new HttpProblem(503, 'Service Unavailable', 'the console is not built: run `npm run console:build`'));
    }
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(indexFile, { cacheControl: false });
  };
  return [files, fallback];
}
