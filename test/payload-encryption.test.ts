/**
 * The payload codec and its keys, without servers: AES-256-GCM with a fresh IV, the key id in the
 * metadata, rotation, errors that name the key id (never garbage), failure messages encoded, and a
 * malformed key stopping start-up with the variable named (config and the real worker process).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure, type Payload } from '@temporalio/common';
import { encodeFailure } from '@temporalio/common/lib/internal-non-workflow';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { ConfigError, loadConfig } from '../config/env';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { AesGcmPayloadCodec, PayloadBindingError } from '../temporal/payload-encryption/codec';
import { encryptedDataConverter } from '../temporal/payload-encryption/data-converter';
import { derivedKeyId, payloadKeysFrom, type PayloadKeyRing } from '../config/payload-keys';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const ring = (text: string) => payloadKeysFrom({ PAYLOAD_ENCRYPTION_KEYS: text }) as PayloadKeyRing;
const json = (value: unknown): Payload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) });
const text = (bytes?: Uint8Array | null) => Buffer.from(bytes ?? []).toString('utf8');
const CANARY = 'Canary Benali +212611223344';

test('a payload is sealed whole (metadata and data), under the first key, with a fresh IV each time', async () => {
  const codec = new AesGcmPayloadCodec(ring(`new:${KEY_B},old:${KEY_A}`));
  const [one, two] = await codec.encode([json({ name: CANARY }), json({ name: CANARY })]);
  for (const sealed of [one, two]) {
    expect(Object.fromEntries(Object.entries(sealed.metadata!).map(([k, v]) => [k, text(v)]))).toEqual({ encoding: 'binary/encrypted', 'encryption-key-id': 'new', 'encryption-version': '2' });
    expect(Buffer.from(sealed.data!).includes('Canary')).toBe(false);
    expect(Buffer.from(sealed.data!).includes('json/plain')).toBe(false);
  }
  // Same plaintext, different IV (first 12 bytes) and so different ciphertext.
  expect(Buffer.from(one.data!).subarray(0, 12).equals(Buffer.from(two.data!).subarray(0, 12))).toBe(false);
  const [back] = await codec.decode([one]);
  expect([text(back.metadata!.encoding), JSON.parse(text(back.data))]).toEqual(['json/plain', { name: CANARY }]);
});

test('rotation: a payload sealed under the old key still opens once a new key is first', async () => {
  const [sealedOld] = await new AesGcmPayloadCodec(ring(`old:${KEY_A}`)).encode([json('before rotation')]);
  const rotated = new AesGcmPayloadCodec(ring(`new:${KEY_B},old:${KEY_A}`));
  expect(JSON.parse(text((await rotated.decode([sealedOld]))[0].data))).toBe('before rotation');
  expect(text((await rotated.encode([json(1)]))[0].metadata!['encryption-key-id'])).toBe('new');
});

test('a payload sealed under an unknown key id fails with an error naming that key id', async () => {
  const [sealed] = await new AesGcmPayloadCodec(ring(`retired-2024:${KEY_A}`)).encode([json(CANARY)]);
  const other = new AesGcmPayloadCodec(ring(`current:${KEY_B}`));
  await expect(other.decode([sealed])).rejects.toThrow(
    'payload is sealed under encryption key id "retired-2024", which this process does not have (set it in PAYLOAD_ENCRYPTION_KEYS)',
  );
  // The same id with another key, a flipped bit, or a relabelled id: an authentication error, never garbage.
  const impostor = new AesGcmPayloadCodec(ring(`retired-2024:${KEY_B}`));
  await expect(impostor.decode([sealed])).rejects.toThrow('payload sealed under encryption key id "retired-2024" failed authentication');
  const flipped = Buffer.from(sealed.data!);
  flipped[20] ^= 1;
  await expect(new AesGcmPayloadCodec(ring(`retired-2024:${KEY_A}`)).decode([{ ...sealed, data: flipped }])).rejects.toThrow('failed authentication');
  const relabelled = { ...sealed, metadata: { ...sealed.metadata, 'encryption-key-id': Buffer.from('current') } };
  await expect(new AesGcmPayloadCodec(ring(`current:${KEY_A}`)).decode([relabelled])).rejects.toThrow('key id "current" failed authentication');
});

describe('bound to the workflow (envelope v2)', () => {
  const codec = new AesGcmPayloadCodec(ring(`a:${KEY_A}`));
  const inCase = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });
  const activityOf = (workflowId: string) => ({ type: 'activity' as const, namespace: 'default', workflowId, activityId: '1', isLocal: false });
  const open = async (payload: Payload, context?: Parameters<typeof codec.decode>[1]) => JSON.parse(text((await codec.decode([payload], context))[0].data));

  test('a payload opens in its own workflow and its activities, and in the viewer (no context); in another case it is refused', async () => {
    const [sealed] = await codec.encode([json(CANARY)], inCase('case-1'));
    expect(text(sealed.metadata!['encryption-workflow-id'])).toBe('case-1');
    expect(await open(sealed, inCase('case-1'))).toBe(CANARY);
    expect(await open(sealed, activityOf('case-1'))).toBe(CANARY);
    expect(await open(sealed)).toBe(CANARY);
    await expect(codec.decode([sealed], inCase('case-2'))).rejects.toThrow(new PayloadBindingError('a', 'case-1', 'case-2'));
    await expect(codec.decode([sealed], activityOf('case-2'))).rejects.toThrow('payload sealed for workflow "case-1" refused in workflow "case-2"');
  });

  test('relabelling the workflow id, or dropping the version to pass for v1, fails authentication', async () => {
    const [sealed] = await codec.encode([json(CANARY)], inCase('case-1'));
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, 'encryption-workflow-id': Buffer.from('case-2') } };
    await expect(codec.decode([relabelled], inCase('case-2'))).rejects.toThrow('key id "a" failed authentication');
    const { 'encryption-version': _v, 'encryption-workflow-id': _w, ...v1Looking } = sealed.metadata!;
    await expect(codec.decode([{ ...sealed, metadata: v1Looking }], inCase('case-2'))).rejects.toThrow('key id "a" failed authentication');
    await expect(codec.decode([{ ...sealed, metadata: { ...sealed.metadata, 'encryption-version': Buffer.from('3') } }])).rejects.toThrow('failed authentication');
  });

  test('a payload sealed without a workflow (the Web UI\'s encode) is refused wherever a workflow is named', async () => {
    const [unbound] = await codec.encode([json('from the UI')]);
    expect(await open(unbound)).toBe('from the UI');
    await expect(codec.decode([unbound], inCase('case-1'))).rejects.toThrow('payload sealed for workflow "(none)" refused in workflow "case-1"');
  });

  test('payloads sealed the old way (v1, from a recorded history) stay readable in their workflow', async () => {
    const recorded = historyFromJSON(JSON.parse(fs.readFileSync(path.join(__dirname, 'histories', 'continue-as-new-closed.json'), 'utf8')));
    const [input] = recorded.events![0].workflowExecutionStartedEventAttributes!.input!.payloads! as Payload[];
    expect(input.metadata!['encryption-version']).toBeUndefined();
    const testKeys = new AesGcmPayloadCodec(payloadKeysFrom(process.env) as PayloadKeyRing);
    const [opened] = await testKeys.decode([input], inCase('case-7fcaa24e-5893-4fff-afab-79a2ae012739'));
    expect(JSON.parse(text(opened.data))).toMatchObject({ caseId: '7fcaa24e-5893-4fff-afab-79a2ae012739' });
  });
});

test('payloads that are not encrypted pass through decode unchanged', async () => {
  const plain = json({ status: 'found' });
  expect(await new AesGcmPayloadCodec(ring(`a:${KEY_A}`)).decode([plain])).toEqual([plain]);
});

test('failure messages and stack traces are encoded, then encrypted', async () => {
  const converter = loadDataConverter(encryptedDataConverter(ring(`a:${KEY_A}`)));
  const failure = converter.failureConverter.errorToFailure(ApplicationFailure.nonRetryable(`no report for ${CANARY}`), converter.payloadConverter);
  const encoded = await encodeFailure(converter.payloadCodecs, failure);
  expect(encoded.message).toBe('Encoded failure');
  expect(encoded.stackTrace).toBe('');
  expect(text(encoded.encodedAttributes!.metadata!['encryption-key-id'])).toBe('a');
  expect(Buffer.from(encoded.encodedAttributes!.data!).includes('Canary')).toBe(false);
});

describe('key configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ NODE_ENV: 'test', ...env });
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };

  test('each source gives a key ring; the single key gets an id derived from it', () => {
    const single = loadConfig({ PAYLOAD_ENCRYPTION_KEY: KEY_A }).payloadKeys!;
    expect(single.map((k) => k.id)).toEqual([derivedKeyId(Buffer.alloc(32, 1))]);
    expect(single[0].id).toMatch(/^k-[0-9a-f]{12}$/);
    expect(loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `b:${KEY_B}, a:${KEY_A}` }).payloadKeys!.map((k) => k.id)).toEqual(['b', 'a']);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mca-keys-')), 'keys');
    fs.writeFileSync(file, `# rotated 2025-06\nnew:${KEY_B}\nold:${KEY_A}\n`);
    expect(loadConfig({ PAYLOAD_ENCRYPTION_KEY_FILE: file }).payloadKeys!.map((k) => [k.id, k.key.length])).toEqual([['new', 32], ['old', 32]]);
    expect(loadConfig({}).payloadKeys).toBeNull();
  });

  test('a malformed key stops with a message naming the variable, never echoing the value', () => {
    expect(problems({ PAYLOAD_ENCRYPTION_KEY: 'c2hvcnQ=' })).toEqual(['PAYLOAD_ENCRYPTION_KEY: must be base64 of 32 bytes (AES-256), e.g. `openssl rand -base64 32`']);
    expect(problems({ PAYLOAD_ENCRYPTION_KEY: 'not base64 at all!' })).toEqual(['PAYLOAD_ENCRYPTION_KEY: must be base64 of 32 bytes (AES-256), e.g. `openssl rand -base64 32`']);
    expect(problems({ PAYLOAD_ENCRYPTION_KEYS: `a:${KEY_A},b:c2hvcnQ=` })).toEqual(['PAYLOAD_ENCRYPTION_KEYS: entry 2 (key id b) must be base64 of 32 bytes (AES-256), e.g. `openssl rand -base64 32`']);
    expect(problems({ PAYLOAD_ENCRYPTION_KEYS: KEY_A })).toEqual(['PAYLOAD_ENCRYPTION_KEYS: entry 1 must be <key id>:<base64 key>, the id made of letters, digits, . _ -']);
    expect(problems({ PAYLOAD_ENCRYPTION_KEYS: `a:${KEY_A},a:${KEY_B}` })).toEqual(['PAYLOAD_ENCRYPTION_KEYS: key ids must be unique (repeated: a)']);
    expect(problems({ PAYLOAD_ENCRYPTION_KEY_FILE: '/nonexistent/keys' })).toEqual(['PAYLOAD_ENCRYPTION_KEY_FILE: cannot read /nonexistent/keys (ENOENT)']);
    expect(problems({ PAYLOAD_ENCRYPTION_KEY: KEY_A, PAYLOAD_ENCRYPTION_KEYS: `a:${KEY_B}` })).toEqual([
      'PAYLOAD_ENCRYPTION_KEYS: set only one of PAYLOAD_ENCRYPTION_KEY, PAYLOAD_ENCRYPTION_KEYS',
    ]);
  });

  test('the worker process refuses to start with a malformed key, naming the variable', async () => {
    const root = path.join(__dirname, '..');
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['worker/main.ts'], {
      cwd: root,
      env: { ...process.env, PAYLOAD_ENCRYPTION_KEYS: '', PAYLOAD_ENCRYPTION_KEY: 'dG9vIHNob3J0', TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('PAYLOAD_ENCRYPTION_KEY: must be base64 of 32 bytes (AES-256)');
    expect(output).not.toContain('dG9vIHNob3J0');
  }, 60_000);
});
