/**
 * On a developer machine with no identity provider configured, `npm start` signs tokens with a local
 * random secret kept in DATA_DIR (git-ignored), and `npm run token` mints tokens against the same file.
 * Production sets AUTH_JWT_SECRET or AUTH_JWKS_URL and never reaches this.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resolveDataDir } from './paths';

export function devJwtSecretFile(dataDir: string): string {
  return path.join(resolveDataDir(dataDir), 'dev-jwt-secret');
}

export function readOrCreateDevJwtSecret(dataDir: string): string {
  const file = devJwtSecretFile(dataDir);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
