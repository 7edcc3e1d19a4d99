/**
 * The keys that seal payloads before they reach Temporal. A key ring is ordered: the first key
 * encrypts, every key decrypts, so a key can be rotated by putting the new one first and dropping the
 * old one once no open case (and no history within the namespace retention) still needs it.
 *
 * Sources, exactly one of them:
 * - PAYLOAD_ENCRYPTION_KEY: base64 of 32 bytes; its id is derived from the key (`k-` + 12 hex of SHA-256),
 *   so replacing the key makes old payloads fail by id instead of by a failed tag;
 * - PAYLOAD_ENCRYPTION_KEYS: `id1:base64,id2:base64` (rotation; the first encrypts);
 * - PAYLOAD_ENCRYPTION_KEY_FILE: a file holding either form (one entry per line or comma separated).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** Non-empty; the first key encrypts. */
export type PayloadKeyRing = readonly [PayloadKey, ...PayloadKey[]];

export const KEY_VARIABLES = ['PAYLOAD_ENCRYPTION_KEY', 'PAYLOAD_ENCRYPTION_KEYS', 'PAYLOAD_ENCRYPTION_KEY_FILE'] as const;
export type KeyVariable = (typeof KEY_VARIABLES)[number];
/** The key lists parsed here: the payload keys, and the child fingerprint's (config/fingerprint-keys.ts). */
type KeyListVariable = KeyVariable | 'FINGERPRINT_KEYS';

/** Carries the variable to name; the message never contains key material. */
export class PayloadKeyError extends Error {
  constructor(
    readonly variable: KeyListVariable,
    detail: string,
  ) {
    super(detail);
    this.name = 'PayloadKeyError';
  }
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+$/;

function decodeKey(variable: KeyListVariable, text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = BASE64.test(trimmed) ? Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64') : null;
  if (!key || key.length !== 32) throw new PayloadKeyError(variable, `${where}must be base64 of 32 bytes (AES-256), e.g. \`openssl rand -base64 32\``);
  return key;
}

export const derivedKeyId = (key: Buffer) => `k-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

export function parseSingleKey(variable: KeyVariable, text: string): PayloadKeyRing {
  const key = decodeKey(variable, text, '');
  return [{ id: derivedKeyId(key), key }];
}

/** `id:base64` entries separated by commas or new lines; ids unique. */
export function parseKeyList(variable: KeyListVariable, text: string): PayloadKeyRing {
  const entries = text.split(/[,\n]/).map((e) => e.trim()).filter((e) => e !== '' && !e.startsWith('#'));
  if (entries.length === 0) throw new PayloadKeyError(variable, 'holds no key');
  const keys = entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id)) throw new PayloadKeyError(variable, `entry ${i + 1} must be <key id>:<base64 key>, the id made of letters, digits, . _ -`);
    return { id, key: decodeKey(variable, entry.slice(colon + 1), `entry ${i + 1} (key id ${id}) `) };
  });
  const ids = keys.map((k) => k.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) throw new PayloadKeyError(variable, `key ids must be unique (repeated: ${[...new Set(repeated)].join(', ')})`);
  return keys as unknown as PayloadKeyRing;
}

/** A file holds a bare key or a key list. */
export function readKeyFile(file: string): PayloadKeyRing {
  const variable = 'PAYLOAD_ENCRYPTION_KEY_FILE';
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PayloadKeyError(variable, `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return text.includes(':') ? parseKeyList(variable, text) : parseSingleKey(variable, text);
}

/** The key ring the environment names, or null when it names none. */
export function payloadKeysFrom(env: Partial<Record<KeyVariable, string | undefined>>): PayloadKeyRing | null {
  const set = KEY_VARIABLES.filter((name) => env[name]);
  if (set.length > 1) throw new PayloadKeyError(set[1], `set only one of ${set.join(', ')}`);
  if (env.PAYLOAD_ENCRYPTION_KEY) return parseSingleKey('PAYLOAD_ENCRYPTION_KEY', env.PAYLOAD_ENCRYPTION_KEY);
  if (env.PAYLOAD_ENCRYPTION_KEYS) return parseKeyList('PAYLOAD_ENCRYPTION_KEYS', env.PAYLOAD_ENCRYPTION_KEYS);
  if (env.PAYLOAD_ENCRYPTION_KEY_FILE) return readKeyFile(env.PAYLOAD_ENCRYPTION_KEY_FILE);
  return null;
}
