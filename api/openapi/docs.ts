/**
 * /openapi.json and the interactive docs at /docs. Swagger UI's assets are served from node_modules
 * (swagger-ui-dist), never from a CDN: the docs work on an air-gapped police network, and helmet's
 * default Content-Security-Policy (scripts from 'self' only) stays as it is.
 */
import express, { type RequestHandler } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Missing-child alerts API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// A file rather than an inline script, so the CSP needs no 'unsafe-inline'.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

export const docsPage: RequestHandler = (_req, res) => {
  res.type('html').send(PAGE);
};

export const docsInit: RequestHandler = (_req, res) => {
  res.type('application/javascript').send(INIT);
};

export const docsAssets = () => express.static(getAbsoluteFSPath(), { index: false, fallthrough: true, maxAge: '1h' });

export function openApiHandler(document: object): RequestHandler {
  return (_req, res) => {
    res.json(document);
  };
}
