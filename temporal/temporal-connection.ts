/**
 * How every process reaches Temporal: plain on a local dev server; mTLS (TEMPORAL_TLS_CERT and
 * TEMPORAL_TLS_KEY files, TEMPORAL_TLS_CA for a private CA: the compose stack's) for a self-hosted cluster; an API key
 * (TEMPORAL_API_KEY, TLS implied) for Temporal Cloud. Client and worker connections share it, and
 * the data converter (payload encryption) goes with them so nothing reaches the server in clear.
 */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, type Config } from '../config/env';
import type { CodecOptions } from './payload-encryption/codec';
import { encryptedDataConverter } from './payload-encryption/data-converter';

export interface TemporalAccess {
  address: string;
  namespace: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  dataConverter?: DataConverter;
}

const PEM: Record<'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA', { marker: RegExp; what: string }> = {
  TEMPORAL_TLS_CERT: { marker: /-----BEGIN CERTIFICATE-----/, what: 'a PEM certificate' },
  TEMPORAL_TLS_KEY: { marker: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a PEM private key' },
  TEMPORAL_TLS_CA: { marker: /-----BEGIN CERTIFICATE-----/, what: 'a PEM CA certificate' },
};

/** The file's bytes, or a ConfigError naming the variable and the file (never its content). */
function readPem(variable: keyof typeof PEM, file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError([`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  if (!PEM[variable].marker.test(bytes.toString('latin1'))) throw new ConfigError([`${variable}: ${file} is not ${PEM[variable].what}`]);
  return bytes;
}

type TlsSettings = Partial<Pick<Config, 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'>>;

/**
 * The TLS options of every connection to Temporal. mTLS takes the client certificate and key
 * together, and the CA when the server's is private (the compose stack's is): a CA alone, or a
 * certificate without its key, is refused rather than silently connecting without a client
 * certificate. With an API key (Temporal Cloud) TLS is implied; with neither, plain (the dev server).
 */
export function temporalTls(config: TlsSettings): TLSConfig | boolean | undefined {
  const given = (['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA'] as const).filter((name) => config[name]);
  if (given.length > 0 && !(config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY)) {
    const missing = (['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY'] as const).filter((name) => !config[name]);
    throw new ConfigError([`${missing[0]}: is required with ${given.join(' and ')} (mTLS: the client certificate and its key, with TEMPORAL_TLS_CA for a private CA)`]);
  }
  if (config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY) {
    return {
      clientCertPair: { crt: readPem('TEMPORAL_TLS_CERT', config.TEMPORAL_TLS_CERT), key: readPem('TEMPORAL_TLS_KEY', config.TEMPORAL_TLS_KEY) },
      ...(config.TEMPORAL_TLS_CA ? { serverRootCACertificate: readPem('TEMPORAL_TLS_CA', config.TEMPORAL_TLS_CA) } : {}),
      ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
    };
  }
  if (config.TEMPORAL_API_KEY) return true;
  return undefined;
}

/**
 * Personal data must never reach Temporal in clear: no key, no connection. The worker's converter
 * also refuses what was not sealed (`refuseUnsealed`: commands sent past the API).
 */
export function payloadDataConverter(config: Pick<Config, 'payloadKeys'>, options: CodecOptions = {}): DataConverter {
  if (!config.payloadKeys) {
    throw new ConfigError(['PAYLOAD_ENCRYPTION_KEY: is required (or PAYLOAD_ENCRYPTION_KEYS / PAYLOAD_ENCRYPTION_KEY_FILE): payloads are encrypted before they reach Temporal']);
  }
  return encryptedDataConverter(config.payloadKeys, options);
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
