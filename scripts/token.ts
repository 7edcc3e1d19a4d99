/**
 * `npm run token -- --role prosecutor --jurisdiction MA-06 [--sub name] [--ttl 8h]`: prints a
 * development bearer token (HS256) signed with AUTH_JWT_SECRET, or with the local secret that
 * `npm start` uses when no identity provider is configured. Production tokens come from the IdP.
 */
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { claimsSchema, ROLES } from '../api/auth/principal';
import { signDevelopmentToken } from '../api/auth/sign-token';
import { ConfigError, loadConfig } from '../config/env';
import { parseDuration } from '../config/duration';
import { readOrCreateDevJwtSecret } from '../devtools/dev-secrets';

function fail(message: string): never {
  console.error(message);
  console.error(`usage: npm run token -- --role <${ROLES.join('|')}> --jurisdiction <code|*> [--sub name] [--ttl 8h]`);
  process.exit(2);
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { values } = parseArgs({
    options: { role: { type: 'string' }, jurisdiction: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string', default: '8h' } },
    strict: true,
  });
  const claims = claimsSchema.safeParse({ sub: values.sub ?? `dev-${values.role ?? 'user'}`, role: values.role, jurisdiction: values.jurisdiction });
  if (!claims.success) fail(claims.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  const ttlMs = parseDuration(values.ttl ?? '8h');
  if (ttlMs === undefined) fail(`--ttl: "${values.ttl}" is not a duration like 30m or 8h`);

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : String(err));
  }
  if (config.AUTH_JWKS_URL && !config.AUTH_JWT_SECRET) fail('AUTH_JWKS_URL is set: tokens come from the identity provider, not from this script');
  const secret = config.AUTH_JWT_SECRET ?? readOrCreateDevJwtSecret(config.DATA_DIR);

  const { token } = await signDevelopmentToken(claims.data, {
    secret,
    ttlMs,
    issuer: config.AUTH_JWT_ISSUER,
    audience: config.AUTH_JWT_AUDIENCE,
  });
  console.log(token);
}

void main();
