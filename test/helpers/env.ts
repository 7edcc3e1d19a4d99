/** What `npm test` (scripts/test.ts) hands the suites: real servers, never mocks. */
import { MOROCCO } from '../../domain/country-areas';
import type { DataConverter } from '@temporalio/common';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import type { CodecOptions } from '../../temporal/payload-encryption/codec';
import { encryptedDataConverter } from '../../temporal/payload-encryption/data-converter';
import { payloadKeysFrom } from '../../config/payload-keys';
import { loadConfig } from '../../config/env';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with \`npm test\`, which starts the servers`);
  return value;
}

export const testEnv = {
  get temporalAddress() {
    return required('TEMPORAL_ADDRESS');
  },
  get namespace() {
    return process.env.TEMPORAL_NAMESPACE ?? 'default';
  },
  /** The application role's, as the API and the worker connect (db/database-roles.ts). */
  get databaseUrl() {
    return required('DATABASE_URL');
  },
  /** The owner role's: migrations (scripts/test-servers.ts). */
  get migrationUrl() {
    return required('DATABASE_MIGRATION_URL');
  },
  /** A superuser's: only for a test that creates databases, alters tables or tampers on purpose. */
  get adminDatabaseUrl() {
    return required('DATABASE_ADMIN_URL');
  },
  /** The time-skipping server's executable, for a file that cannot use the run's (test/helpers/time-skipping.ts). */
  get testServerPath() {
    return required('TEMPORAL_TEST_SERVER');
  },
  /** The run's one time-skipping server (scripts/test-servers.ts); files take turns on it. */
  get timeSkippingAddress() {
    return required('TEMPORAL_TIME_SKIPPING_ADDRESS');
  },
  get workflowBundlePath() {
    return required('WORKFLOW_BUNDLE_PATH');
  },
};

/** Every test client and worker encrypts, as the service does, with the key `npm test` sets. */
export function testDataConverter(options: CodecOptions = {}): DataConverter {
  const keys = payloadKeysFrom(process.env);
  if (!keys) throw new Error('PAYLOAD_ENCRYPTION_KEYS is not set: run the suite with `npm test`, which sets the test key');
  return encryptedDataConverter(keys, options);
}

/** A test worker's converter, as the service's worker: it refuses commands sent past the API (unsealed). */
export const testWorkerDataConverter = () => testDataConverter({ refuseUnsealed: true });

export const openTestDatabase = (): DatabaseHandle => openDatabase(testEnv.databaseUrl, 4);
/** A superuser's connection, for checks the application role is (rightly) refused. */
export const openAdminTestDatabase = (): DatabaseHandle => openDatabase(testEnv.adminDatabaseUrl, 2);
export const testCountry = MOROCCO;
/** The keys the API and the workers under test fingerprint with (FINGERPRINT_KEYS unset: the development key). */
export const testFingerprintKeys = loadConfig({ ...process.env, NODE_ENV: 'test' }).fingerprintKeys;
