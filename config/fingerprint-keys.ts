/**
 * The keys of the child fingerprint (domain/child-fingerprint.ts: HMAC-SHA-256 of the normalised name
 * and date of birth). FINGERPRINT_KEYS is a key list like PAYLOAD_ENCRYPTION_KEYS, `id:base64,...`
 * (32 bytes each, `openssl rand -base64 32`): the first key writes, every key is tried when looking
 * for a duplicate, so a rotation (a new key put first) loses no duplicate. Required in production;
 * elsewhere a fixed development key stands in, so `npm start` and the tests need none.
 */
import { createHash } from 'node:crypto';
import { parseKeyList, PayloadKeyError, type PayloadKeyRing } from './payload-keys';

export type FingerprintKeyRing = PayloadKeyRing;

/** Development and tests only: production refuses to start without FINGERPRINT_KEYS. */
export const DEVELOPMENT_FINGERPRINT_KEYS: FingerprintKeyRing = [
  { id: 'development', key: createHash('sha256').update('missing-child-alerts development fingerprint key').digest() },
];

interface FingerprintEnv {
  NODE_ENV: string;
  FINGERPRINT_KEYS?: string;
}

/** The key ring, or what is wrong with it (never the key itself). */
export function readFingerprintKeys(env: FingerprintEnv): { keys: FingerprintKeyRing } | { problem: string } {
  if (!env.FINGERPRINT_KEYS) {
    if (env.NODE_ENV === 'production') return { problem: 'is required in production (the child fingerprint\'s HMAC key, `<id>:<base64 of 32 bytes>`; e.g. fp-1:$(openssl rand -base64 32))' };
    return { keys: DEVELOPMENT_FINGERPRINT_KEYS };
  }
  try {
    return { keys: parseKeyList('FINGERPRINT_KEYS', env.FINGERPRINT_KEYS) };
  } catch (err) {
    if (err instanceof PayloadKeyError) return { problem: err.message };
    throw err;
  }
}
