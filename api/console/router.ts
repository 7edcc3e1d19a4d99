/**
 * The operator console's place in the API: the built single-page application under /console/ (its own
 * strict Content-Security-Policy), its start-up configuration, `GET /` leading a browser there, and
 * the development sign-in when it is enabled. None of these is an API route of the OpenAPI document.
 */
import express, { type RequestHandler, type Router } from 'express';
import type { Config } from '../../config/env';
import { consoleAuthConfig, consoleConfigHandler, consolePhotoConfig } from './console-config';
import { consoleCsp } from './content-security-policy';
import { devSignInEnabled, devSignInRouter } from './dev-sign-in';
import { consoleStaticFiles, DEFAULT_CONSOLE_DIST } from './static-files';

export const CONSOLE_PATH = '/console/';

export interface ConsoleDeps {
  config: Pick<
    Config,
    'NODE_ENV' | 'country' | 'publicBaseUrl' | 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE' | 'AUTH_OIDC_ISSUER' | 'AUTH_OIDC_CLIENT_ID' | 'AUTH_OIDC_SCOPE' | 'MAP_TILE_URL' | 'MAP_TILE_ATTRIBUTION' | 'PHOTO_URL_HOSTS'
  >;
  /** True only when the API signs with the development secret `npm start` generated. */
  devSignIn?: boolean;
  /** The built console (default: console/dist of this checkout, or of the image). */
  consoleDist?: string;
}

/** `GET /`: a browser goes to the console; any other client keeps the JSON answer (404) it had. */
export const rootRedirect: RequestHandler = (req, res, next) => {
  res.vary('Accept');
  if (req.accepts(['application/json', 'text/html']) !== 'text/html') return next();
  res.redirect(302, CONSOLE_PATH);
};

export function consoleRouter(deps: ConsoleDeps): Router {
  const production = deps.config.NODE_ENV === 'production';
  const devSignIn = devSignInEnabled(deps.config, deps.devSignIn ?? false);
  const router = express.Router();
  router.get('/', rootRedirect);
  if (devSignIn) router.use(devSignInRouter(deps.config));

  const auth = consoleAuthConfig(devSignIn, deps.config, deps.config.country);

  const app = express.Router();
  const { MAP_TILE_URL: tileUrl, MAP_TILE_ATTRIBUTION: attribution } = deps.config;
  app.use(consoleCsp({ production, oidcIssuer: auth.mode === 'oidc' ? auth.issuer : undefined, tileUrl }));
  app.get('/config.json', consoleConfigHandler(auth, deps.config.country, consolePhotoConfig(deps.config.PHOTO_URL_HOSTS), tileUrl && attribution ? { url: tileUrl, attribution } : undefined));
  app.use(...consoleStaticFiles(deps.consoleDist ?? DEFAULT_CONSOLE_DIST));
  // `/console` without its slash: the page's relative URLs need the slash.
  router.get('/console', (req, res, next) => (req.path === '/console' ? res.redirect(301, CONSOLE_PATH) : next()));
  router.use('/console', app);
  return router;
}
