/**
 * Duplicate detection without a name index: the same child, spelled with other case or spacing, gives
 * the same fingerprint. Keyed (HMAC-SHA-256, keys from FINGERPRINT_KEYS), so that a list of names and
 * dates of birth cannot be hashed and matched against the stored values; the key id goes with the
 * value, so the key that made a row is known.
 */
import { createHash, createHmac } from 'node:crypto';

export interface FingerprintKey {
  id: string;
  key: Uint8Array;
}

type Child = { fullName: string; dateOfBirth: string };

const normalised = (child: Child) => `${child.fullName.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()}|${child.dateOfBirth}`;

/** What intake stores: the HMAC under the newest key, `hmac-sha256:<key id>:<hex>`. */
export function childFingerprint(child: Child, key: FingerprintKey): string {
  return `hmac-sha256:${key.id}:${createHmac('sha256', key.key).update(normalised(child)).digest('hex')}`;
}

/**
 * Every value a row of the same child may carry: its fingerprint under each key (rows written before a
 * rotation), and the unkeyed SHA-256 that rows stored before keyed fingerprints carry until the purge
 * removes them (README "Personal data").
 */
export function childFingerprintCandidates(child: Child, keys: readonly FingerprintKey[]): string[] {
  return [...keys.map((key) => childFingerprint(child, key)), createHash('sha256').update(normalised(child)).digest('hex')];
}
