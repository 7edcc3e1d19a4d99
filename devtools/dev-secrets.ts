/**
 * On a developer machine with no identity provider configured, `npm start` signs tokens with a local
 * random secret kept in DATA_DIR (git-ignored), and `npm run token` mints tokens against the same file.
 * Production sets AUTH_JWT_SECRET or AUTH_JWKS_URL and never reaches this.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resolveDataDir } from './paths';

/** The file's content; on first use, `make()` writes it, readable by this user only. */
export function readOrCreateSecretFile(file: string, make: () => string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = make();
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function readOrCreateDevJwtSecret(dataDir: string): string {
  const file = path.join(resolveDataDir(dataDir), 'dev-jwt-secret');
  return readOrCreateSecretFile(file, () => randomBytes(32).toString('base64url')).trim();
}
