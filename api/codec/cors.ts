/**
 * CORS for the codec endpoint only: the Temporal Web UI runs on its own origin and calls the codec from
 * the browser, with a preflight (it sends Authorization and X-Namespace). Other routes stay same-origin.
 */
import type { RequestHandler } from 'express';
import type { Config } from '../../config/env';

export function codecCorsOrigins(config: Pick<Config, 'CODEC_CORS_ORIGINS' | 'TEMPORAL_UI_PORT'>): string[] {
  if (config.CODEC_CORS_ORIGINS) return config.CODEC_CORS_ORIGINS.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
  return [`http://127.0.0.1:${config.TEMPORAL_UI_PORT}`, `http://localhost:${config.TEMPORAL_UI_PORT}`];
}

export function codecCors(origins: string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && origins.includes(origin)) {
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    }
    if (req.method !== 'OPTIONS') return next();
    if (origin && origins.includes(origin)) {
      res.set({
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
        'Access-Control-Max-Age': '600',
      });
    }
    // An unknown origin gets no allow headers: the browser refuses the call itself.
    res.status(204).end();
  };
}
