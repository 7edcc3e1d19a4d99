/**
 * The payload key of `npm start` when none is configured: development only (devtools/ is left out of
 * the production image, where a key must come from the environment).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readKeyFile, type PayloadKeyRing } from '../config/payload-keys';
import { readOrCreateSecretFile } from './dev-secrets';
import { resolveDataDir } from './paths';

export function devPayloadKeyFile(dataDir: string): string {
  return path.join(resolveDataDir(dataDir), 'payload-encryption-keys');
}

/**
 * `npm start` with no key configured: a local key kept in DATA_DIR (git-ignored), created on first
 * start, so the cases of an earlier run stay readable. `create: false` (the demo) only reads it.
 */
export function devPayloadKeys(dataDir: string, create = true): PayloadKeyRing | null {
  const file = devPayloadKeyFile(dataDir);
  if (!create && !fs.existsSync(file)) return null;
  readOrCreateSecretFile(file, () => {
    const id = `dev-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
    return `${id}:${randomBytes(32).toString('base64')}\n`;
  });
  return readKeyFile(file);
}
