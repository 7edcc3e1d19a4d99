/**
 * The child fingerprint (duplicate detection) is an HMAC under FINGERPRINT_KEYS, not a plain hash a
 * list of names could reverse: what intake stores is neither the SHA-256 of name and date of birth nor
 * anything computable without the key. Duplicates are still found across a key rotation and against
 * rows stored before keyed fingerprints; the keys are validated at start and refused in production when
 * missing or copied from the example file.
 */
import { createHash, createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { createRecordActivities } from '../activities/case-records';
import { loadConfig } from '../config/env';
import { casePersonalData, cases } from '../db/schema';
import { PROJECT_ROOT } from '../devtools/paths';
import { childFingerprint, childFingerprintCandidates } from '../domain/child-fingerprint';
import { createCaseAwaitingApproval, startApiHarness, type ApiHarness } from './api/harness';
import { recordCase } from './helpers/cases';
import { configProblems } from './helpers/config-problems';
import { testCountry } from './helpers/env';
import { makeReport } from './helpers/fixtures';
import { realActivities } from './helpers/worker';

const K1 = Buffer.alloc(32, 11).toString('base64');
const K2 = Buffer.alloc(32, 22).toString('base64');
const OLD_RING = `fp-1:${K1}`;
const ROTATED_RING = `fp-2:${K2},fp-1:${K1}`;
const u = Math.random().toString(36).slice(2, 8);
const child = (name: string) => makeReport({ child: { fullName: `${name} Fingerprint${u}`, dateOfBirth: '2016-03-09' } });

const problems = (env: Record<string, string>) => configProblems(() => loadConfig(env));

/** The API and a worker whose config carries this key ring, as a deployment would. */
const harnessWith = (label: string, ring: string) =>
  startApiHarness(label, {
    env: { FINGERPRINT_KEYS: ring },
    activities: (db) => ({ ...realActivities(db), ...createRecordActivities({ db, country: testCountry, fingerprintKeys: loadConfig({ FINGERPRINT_KEYS: ring }).fingerprintKeys }) }),
  });

const stored = async (h: ApiHarness, caseId: string) =>
  (await h.database.db.select({ fingerprint: casePersonalData.childFingerprint }).from(casePersonalData).where(eq(casePersonalData.caseId, caseId)))[0].fingerprint;
const duplicateOf = async (h: ApiHarness, caseId: string) => (await h.database.db.select({ of: cases.probableDuplicateOf }).from(cases).where(eq(cases.id, caseId)))[0].of;

test('the fingerprint is keyed: the key id and HMAC-SHA-256, never the plain hash; same child however spelled, other key other value', () => {
  const key = { id: 'fp-1', key: Buffer.from(K1, 'base64') };
  const value = childFingerprint({ fullName: 'Amina  EL Idrissi', dateOfBirth: '2016-03-09' }, key);
  expect(value).toBe(`hmac-sha256:fp-1:${createHmac('sha256', key.key).update('amina el idrissi|2016-03-09').digest('hex')}`);
  expect(value).not.toContain(createHash('sha256').update('amina el idrissi|2016-03-09').digest('hex'));
  expect(childFingerprint({ fullName: ' amina el IDRISSI ', dateOfBirth: '2016-03-09' }, key)).toBe(value);
  expect(childFingerprint({ fullName: 'Amina El Idrissi', dateOfBirth: '2016-03-09' }, { id: 'fp-2', key: Buffer.from(K2, 'base64') })).not.toBe(value);
  expect(childFingerprintCandidates({ fullName: 'Amina El Idrissi', dateOfBirth: '2016-03-09' }, [key])).toEqual([value, createHash('sha256').update('amina el idrissi|2016-03-09').digest('hex')]);
});

test('FINGERPRINT_KEYS is validated at start, required in production, and an example value is refused there', () => {
  expect(problems({ FINGERPRINT_KEYS: 'not-a-key-list' })).toEqual(['FINGERPRINT_KEYS: entry 1 must be <key id>:<base64 key>, the id made of letters, digits, . _ -']);
  expect(problems({ FINGERPRINT_KEYS: 'fp-1:c2hvcnQ=' })).toEqual(['FINGERPRINT_KEYS: entry 1 (key id fp-1) must be base64 of 32 bytes (AES-256), e.g. `openssl rand -base64 32`']);
  expect(problems({ FINGERPRINT_KEYS: `fp-1:${K1},fp-1:${K2}` })).toEqual(['FINGERPRINT_KEYS: key ids must be unique (repeated: fp-1)']);
  expect(loadConfig({ FINGERPRINT_KEYS: ROTATED_RING }).fingerprintKeys.map((k) => k.id)).toEqual(['fp-2', 'fp-1']);
  const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'Zq3v9Jx1pL0sN8rT4wY6bC2dF5gH7kM9nQ1aS3eU', PAYLOAD_ENCRYPTION_KEY: K2 };
  expect(problems(production)).toEqual([expect.stringMatching(/^FINGERPRINT_KEYS: is required in production/)]);
  expect(problems({ ...production, FINGERPRINT_KEYS: 'fp-1:change-me-base64-of-32-bytes' })).toContainEqual(expect.stringMatching(/^FINGERPRINT_KEYS: is an example value/));
  expect(problems({ ...production, FINGERPRINT_KEYS: OLD_RING })).toEqual([]);
  // A process refuses to start with it, naming the variable and not echoing the value.
  const worker = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', 'worker'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, SERVICE_ROLE: '', FINGERPRINT_KEYS: 'fp-1:secretish-but-short', TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(worker.status).toBe(1);
  expect(worker.stderr).toContain('FINGERPRINT_KEYS: entry 1 (key id fp-1) must be base64 of 32 bytes');
  expect(worker.stderr).not.toContain('secretish');
});

test('through intake: the stored value is the HMAC under the newest key; duplicates are found across a rotation and against an unkeyed row of before', async () => {
  const before = await harnessWith('fingerprint-before', OLD_RING);
  const report = child('Yasmine');
  let first: string;
  let legacyCase: string;
  const legacy = child('Omar');
  try {
    first = (await createCaseAwaitingApproval(before, report)).caseId;
    const value = await stored(before, first);
    const name = report.child.fullName.toLowerCase();
    expect(value).toMatch(/^hmac-sha256:fp-1:[0-9a-f]{64}$/);
    for (const plain of [`${name}|${report.child.dateOfBirth}`, `${name}${report.child.dateOfBirth}`, `${report.child.fullName}|${report.child.dateOfBirth}`]) {
      expect(value).not.toContain(createHash('sha256').update(plain).digest('hex'));
    }
    // A row as intake wrote it before keyed fingerprints: the plain SHA-256.
    legacyCase = (await recordCase(before.database.db, { report: legacy })).caseId;
    await before.database.db
      .update(casePersonalData)
      .set({ childFingerprint: createHash('sha256').update(`${legacy.child.fullName.toLowerCase()}|${legacy.child.dateOfBirth}`).digest('hex') })
      .where(eq(casePersonalData.caseId, legacyCase));
  } finally {
    await before.close();
  }

  const after = await harnessWith('fingerprint-after', ROTATED_RING);
  try {
    // The same child, spelled in capitals with stray spaces, under the rotated ring.
    const again = (await createCaseAwaitingApproval(after, { ...report, child: { ...report.child, fullName: `  ${report.child.fullName.toUpperCase()} ` } })).caseId;
    expect(await stored(after, again)).toMatch(/^hmac-sha256:fp-2:[0-9a-f]{64}$/);
    expect(await duplicateOf(after, again)).toBe(first);
    const legacyAgain = (await createCaseAwaitingApproval(after, legacy)).caseId;
    expect(await duplicateOf(after, legacyAgain)).toBe(legacyCase);
    // Another child is no one's duplicate.
    const other = (await createCaseAwaitingApproval(after, child('Salma'))).caseId;
    expect(await duplicateOf(after, other)).toBeNull();
    expect(after.loggedErrors).toEqual([]);
  } finally {
    await after.close();
  }
});
