/**
 * A real OpenID Connect provider on loopback for the browser tests (the `oidc-provider` package, the
 * certified Node.js implementation), run as its own process by test/helpers/oidc-provider.ts: it is an
 * ES module that jest's CommonJS runtime cannot load, and a process of its own is closer to the real
 * thing anyway.
 *
 * - one public client (PKCE, no secret) redirecting to the console (`<api>/console/`), with refresh
 *   tokens so that the console renews silently without an iframe;
 * - one user per role, each with the `role` and `jurisdiction` claims the API reads
 *   (api/auth/principal.ts), in the access token (a JWT for the API's audience, ES256) and the ID
 *   token (RS256); both keys are published at its JWKS;
 * - its own small sign-in page (labelled fields, no remote fonts), consent implied for this client.
 *
 * Input (environment): OIDC_REDIRECT_URI, OIDC_CLIENT_ID, OIDC_AUDIENCE, OIDC_ACCESS_TOKEN_TTL (s).
 * Output: one line `READY {"issuer", "jwksUrl"}` on stdout once it listens.
 */
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import Provider from 'oidc-provider';

const redirectUri = process.env.OIDC_REDIRECT_URI;
const clientId = process.env.OIDC_CLIENT_ID ?? 'console';
const audience = process.env.OIDC_AUDIENCE ?? 'urn:missing-child-alerts:api';
const accessTokenTtl = Number(process.env.OIDC_ACCESS_TOKEN_TTL ?? 600);
if (!redirectUri) throw new Error('OIDC_REDIRECT_URI is required');

const PASSWORD = 'test-password';
/** login -> claims. Mirrored in test/helpers/oidc-provider.ts (OIDC_USERS). */
const USERS = {
  'intake-ma06': { name: 'Intake Officer', role: 'intake_officer', jurisdiction: 'MA-06' },
  'prosecutor-ma06': { name: 'Prosecutor Casablanca', role: 'prosecutor', jurisdiction: 'MA-06' },
  'officer-ma06': { name: 'Field Officer', role: 'officer', jurisdiction: 'MA-06' },
  'prosecutor-ma01': { name: 'Prosecutor Tanger', role: 'prosecutor', jurisdiction: 'MA-01' },
  'admin-national': { name: 'Administrator', role: 'admin', jurisdiction: '*' },
};

const jwk = (options, alg, kid) => ({ ...generateKeyPairSync(...options).privateKey.export({ format: 'jwk' }), alg, kid, use: 'sig' });
const keys = [jwk(['rsa', { modulusLength: 2048 }], 'RS256', 'test-rs256'), jwk(['ec', { namedCurve: 'P-256' }], 'ES256', 'test-es256')];

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const consoleOrigin = new URL(redirectUri).origin;

const claimsOf = (id) => USERS[id] && { sub: id, ...USERS[id] };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_name: 'Operator console',
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [redirectUri],
    },
  ],
  jwks: { keys },
  cookies: { keys: ['oidc-test-cookie-key-0123456789abcdef'] },
  findAccount: async (_ctx, id) => (USERS[id] ? { accountId: id, claims: async () => claimsOf(id) } : undefined),
  scopes: ['openid', 'profile', 'console', 'offline_access'],
  claims: { openid: ['sub'], profile: ['name'], console: ['role', 'jurisdiction'] },
  // Role and jurisdiction in every access token, as a production provider maps them.
  extraTokenClaims: async (_ctx, token) => {
    const claims = token.accountId && claimsOf(token.accountId);
    return claims ? { role: claims.role, jurisdiction: claims.jurisdiction } : undefined;
  },
  conformIdTokenClaims: false,
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  clientBasedCORS: (_ctx, origin) => origin === consoleOrigin,
  // The console is this installation's own client: consent is implied.
  loadExistingGrant: async (ctx) => {
    const existing = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile console offline_access');
    grant.addOIDCClaims(['role', 'jurisdiction', 'name']);
    grant.addResourceScope(audience, 'console');
    await grant.save();
    return grant;
  },
  ttl: { AccessToken: accessTokenTtl, IdToken: accessTokenTtl, RefreshToken: 3600, Session: 3600, Grant: 3600, Interaction: 600 },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out', `${form}<p>Sign out of the identity provider?</p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => audience,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource) => {
        if (resource !== audience) throw new Provider.errors.InvalidTarget();
        return { scope: 'console', audience, accessTokenFormat: 'jwt', accessTokenTTL: accessTokenTtl, jwt: { sign: { alg: 'ES256' } } };
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});
provider.proxy = false;

function escape(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

// The sign-in page: login and password, then the authorization continues.
provider.use(async (ctx, next) => {
  if (ctx.path === '/favicon.ico') {
    ctx.status = 204;
    return;
  }
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
  if (!match) return next();
  ctx.set('Cache-Control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET' && !match[2]) {
    ctx.type = 'html';
    ctx.body = page(
      'Identity provider',
      `<form method="post" action="/interaction/${escape(details.uid)}/login">
        <p><label for="login">Login</label><br><input id="login" name="login" autocomplete="username" required autofocus></p>
        <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
        <button type="submit">Sign in</button>
      </form>`,
    );
    return;
  }
  if (ctx.method === 'POST' && match[2]) {
    const body = await new Promise((resolve) => {
      let raw = '';
      ctx.req.on('data', (chunk) => (raw += chunk));
      ctx.req.on('end', () => resolve(parseQuery(raw)));
    });
    const login = String(body.login ?? '');
    if (!USERS[login] || body.password !== PASSWORD) {
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = page('Identity provider', `<p role="alert">Unknown login or wrong password.</p><p><a href="/interaction/${escape(details.uid)}">Try again</a></p>`);
      return;
    }
    return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  return next();
});

server.on('request', provider.callback());
process.stdout.write(`READY ${JSON.stringify({ issuer, jwksUrl: `${issuer}/jwks` })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
