/**
 * AES-256-GCM payload codec. Each payload is serialised whole (metadata and data, as the Payload
 * protobuf, byte-compatible with Temporal's own samples), sealed with a fresh 12-byte IV, and replaced
 * by `encoding: binary/encrypted` with the key id in the metadata.
 *
 * Envelope v2 binds the payload to its workflow: the GCM additional data is the version, the key id
 * and the id of the workflow the payload belongs to (`case-<uuid>` for a case), and the workflow id
 * rides in the metadata too. The SDK (1.24, experimental `SerializationContext`) hands every codec call
 * on a workflow or activity boundary the owning workflow's id: workflow start, signals, queries,
 * updates, results, activity inputs, results and heartbeats, child workflows. So a payload copied from
 * one case's history into a start, signal or update of another case fails to open there, and a
 * relabelled workflow id fails authentication. Without a context (the Temporal Web UI's codec
 * endpoint, which only views) a v2 payload opens for the workflow its metadata names; a payload sealed
 * without one (the UI's encode) is unbound and refused wherever a workflow is named.
 *
 * Envelope v1 (no version in the metadata: payloads sealed before the binding) had the key id alone as
 * additional data; it stays readable so running cases and retained histories keep working. Rotating
 * the key and dropping the old one (config/payload-keys.ts) retires the last v1 payloads.
 *
 * Decoding never returns garbage: an unknown key id, a bad tag, a truncated payload or a payload of
 * another workflow throws an error that names the key id or the workflow ids (and nothing of the content).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import protobuf from 'protobufjs';
import type { PayloadKeyRing } from '../../config/payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
export const VERSION_METADATA = 'encryption-version';
export const WORKFLOW_ID_METADATA = 'encryption-workflow-id';
const V2 = '2';
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

export class PayloadBindingError extends Error {
  constructor(
    readonly keyId: string,
    readonly sealedFor: string,
    readonly usedIn: string,
  ) {
    super(`payload sealed for workflow "${sealedFor || '(none)'}" refused in workflow "${usedIn}": a payload cannot be moved into another case`);
    this.name = 'PayloadBindingError';
  }
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/** v1: the key id; v2: version, key id and workflow id, NUL-separated (none of them can hold a NUL). */
const additionalData = (version: string | undefined, keyId: string, workflowId: string) =>
  Buffer.from(version === V2 ? `v2\0${keyId}\0${workflowId}` : keyId, 'utf8');

/** The workflow a payload is bound to: a workflow's own, or the one that scheduled an activity. */
const workflowIdOf = (context: SerializationContext | undefined) => context?.workflowId;

/** The workflow a sealed payload names (v2), if any: tests replaying a recorded history need it. */
export const boundWorkflowId = (payload: Payload) => text(payload.metadata?.[WORKFLOW_ID_METADATA]);

/** What a worker decodes an unsealed payload to (workflows/contract.ts UNSEALED_PAYLOAD): handlers refuse it. */
const UNSEALED_STAND_IN: Payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ refused: 'unsealed-payload' })) };

export interface CodecOptions {
  /**
   * The worker's codec: a payload not sealed by the service's key, on a workflow's boundary (a start,
   * signal or Update sent to Temporal directly: `temporal workflow signal --name found ...`), decodes
   * to UNSEALED_STAND_IN, which the workflow refuses and records, rather than to its content; so does a
   * sealed payload moved in from another workflow. Off for clients and for replaying recorded histories
   * (some predate encryption).
   */
  refuseUnsealed?: boolean;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(
    private readonly keys: PayloadKeyRing,
    private readonly options: CodecOptions = {},
  ) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** The id new payloads are sealed under. */
  get encryptionKeyId(): string {
    return this.keys[0].id;
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    const workflowId = workflowIdOf(context) ?? '';
    return payloads.map((payload) => {
      const plain = PayloadMessage.encode(PayloadMessage.fromObject(payload)).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(additionalData(V2, id, workflowId));
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      const metadata: Record<string, Uint8Array> = { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id), [VERSION_METADATA]: Buffer.from(V2) };
      if (workflowId) metadata[WORKFLOW_ID_METADATA] = Buffer.from(workflowId);
      return { metadata, data: sealed };
    });
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const usedIn = workflowIdOf(context);
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) {
        if (this.options.refuseUnsealed && usedIn !== undefined) return UNSEALED_STAND_IN;
        // Not ours (a payload from before encryption, replayed): passed through as is.
        return payload;
      }
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '(none)';
      const key = this.byId.get(keyId);
      if (!key) throw new UnknownEncryptionKeyError(keyId);
      const version = text(payload.metadata?.[VERSION_METADATA]);
      if (version !== undefined && version !== V2) throw new PayloadDecryptionError(keyId);
      const sealedFor = version === V2 ? (boundWorkflowId(payload) ?? '') : '';
      if (version === V2 && usedIn !== undefined && sealedFor !== usedIn) {
        // On the worker a moved payload is refused like an unsealed one (the workflow drops the command
        // and records it) rather than failing the workflow task over and over, which would freeze the case.
        if (this.options.refuseUnsealed) return UNSEALED_STAND_IN;
        throw new PayloadBindingError(keyId, sealedFor, usedIn);
      }
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(keyId);
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
        decipher.setAAD(additionalData(version, keyId, sealedFor));
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
