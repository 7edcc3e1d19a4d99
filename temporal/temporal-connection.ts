/**
 * How every process reaches Temporal: plain on a local dev server; mTLS (TEMPORAL_TLS_CERT and
 * TEMPORAL_TLS_KEY files, optional TEMPORAL_TLS_CA) for a self-hosted cluster; an API key
 * (TEMPORAL_API_KEY, TLS implied) for Temporal Cloud. Client and worker connections share it, and
 * the data converter (payload encryption) goes with them so nothing reaches the server in clear.
 */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, type Config } from '../config/env';
import { encryptedDataConverter } from './payload-encryption/data-converter';

export interface TemporalAccess {
  address: string;
  namespace: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  dataConverter?: DataConverter;
}

const readFile = (variable: string, file: string): Buffer => {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
};

export function temporalTls(config: Pick<Config, 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'>): TLSConfig | boolean | undefined {
  if (config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY) {
    return {
      clientCertPair: { crt: readFile('TEMPORAL_TLS_CERT', config.TEMPORAL_TLS_CERT), key: readFile('TEMPORAL_TLS_KEY', config.TEMPORAL_TLS_KEY) },
      ...(config.TEMPORAL_TLS_CA ? { serverRootCACertificate: readFile('TEMPORAL_TLS_CA', config.TEMPORAL_TLS_CA) } : {}),
      ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
    };
  }
  if (config.TEMPORAL_API_KEY) return true;
  return undefined;
}

/** Personal data must never reach Temporal in clear: no key, no connection. */
export function payloadDataConverter(config: Pick<Config, 'payloadKeys'>): DataConverter {
  if (!config.payloadKeys) {
    throw new ConfigError(['PAYLOAD_ENCRYPTION_KEY: is required (or PAYLOAD_ENCRYPTION_KEYS / PAYLOAD_ENCRYPTION_KEY_FILE): payloads are encrypted before they reach Temporal']);
  }
  return encryptedDataConverter(config.payloadKeys);
}

export function temporalAccess(config: Config, address: string, dataConverter: DataConverter = payloadDataConverter(config)): TemporalAccess {
  return { address, namespace: config.TEMPORAL_NAMESPACE, tls: temporalTls(config), apiKey: config.TEMPORAL_API_KEY, dataConverter };
}

export async function connectClient(access: TemporalAccess): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address: access.address, tls: access.tls, apiKey: access.apiKey });
  const client = new Client({ connection, namespace: access.namespace, dataConverter: access.dataConverter });
  return { connection, client };
}

export function connectWorker(access: TemporalAccess): Promise<NativeConnection> {
  return NativeConnection.connect({ address: access.address, tls: access.tls, apiKey: access.apiKey });
}
