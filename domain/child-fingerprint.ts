/** Duplicate detection without a name index: the same child, spelled with other case or spacing, gives the same fingerprint. */
import { createHash } from 'node:crypto';

export function childFingerprint(child: { fullName: string; dateOfBirth: string }): string {
  const name = child.fullName.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${name}|${child.dateOfBirth}`).digest('hex');
}
