/**
 * AES-256-GCM payload codec. Each payload is serialised whole (metadata and data, as the Payload
 * protobuf, byte-compatible with Temporal's own samples), sealed with a fresh 12-byte IV, and replaced
 * by `encoding: binary/encrypted` with the key id in the metadata. The key id is also the GCM
 * additional data, so a payload re-labelled with another key id fails authentication.
 *
 * Decoding never returns garbage: an unknown key id, a bad tag or a truncated payload throws an error
 * that names the key id (and nothing of the content).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import protobuf from 'protobufjs';
import type { PayloadKeyRing } from '../../config/payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

// temporal.api.common.v1.Payload: map<string, bytes> metadata = 1; bytes data = 2.
const PayloadMessage = new protobuf.Root()
  .add(new protobuf.Type('Payload').add(new protobuf.MapField('metadata', 1, 'string', 'bytes')).add(new protobuf.Field('data', 2, 'bytes')))
  .lookupType('Payload');

export class UnknownEncryptionKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`payload is sealed under encryption key id "${keyId}", which this process does not have (set it in PAYLOAD_ENCRYPTION_KEYS)`);
    this.name = 'UnknownEncryptionKeyError';
  }
}

export class PayloadDecryptionError extends Error {
  constructor(readonly keyId: string) {
    super(`payload sealed under encryption key id "${keyId}" failed authentication (corrupted, or another key with the same id)`);
    this.name = 'PayloadDecryptionError';
  }
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: PayloadKeyRing) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** The id new payloads are sealed under. */
  get encryptionKeyId(): string {
    return this.keys[0].id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    return payloads.map((payload) => {
      const plain = PayloadMessage.encode(PayloadMessage.fromObject(payload)).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(id, 'utf8'));
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      // Not ours (e.g. a search attribute, or a payload from before encryption): passed through as is.
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '(none)';
      const key = this.byId.get(keyId);
      if (!key) throw new UnknownEncryptionKeyError(keyId);
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(keyId);
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(keyId, 'utf8'));
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
        plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadDecryptionError(keyId);
      }
      const decoded = PayloadMessage.toObject(PayloadMessage.decode(plain)) as Payload;
      return { metadata: decoded.metadata ?? {}, data: decoded.data ?? new Uint8Array() };
    });
  }
}
