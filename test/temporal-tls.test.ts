/**
 * mTLS to Temporal as the service connects (temporal/temporal-connection.ts), with the certificates
 * the compose stack's one-shot job makes (deploy/temporal/make-certs.sh, run here with openssl): the
 * options are read from the three files and refused, naming the variable, when a file is missing or
 * not PEM or only part of the set is given; and a real TLS handshake against a local gRPC server that
 * requires a client certificate from the stack's CA succeeds for the client (SDK client and worker
 * connection), and fails for a certificate of another CA. (The Temporal dev server cannot do TLS.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { PROJECT_ROOT } from '../devtools/paths';
import { configProblems } from './helpers/config-problems';
import { connectClient, connectWorker, temporalAccess, temporalTls } from '../temporal/temporal-connection';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-tls-'));
const makeCerts = (root: string) => execFileSync('sh', [path.join(PROJECT_ROOT, 'deploy/temporal/make-certs.sh')], { env: { ...process.env, TLS_DIR: root }, encoding: 'utf8' });
const file = (holder: string, name: string, root = dir) => path.join(root, holder, name);
const service = (root = dir) => ({ TEMPORAL_TLS_CERT: file('service', 'tls.pem', root), TEMPORAL_TLS_KEY: file('service', 'tls.key', root), TEMPORAL_TLS_CA: file('service', 'ca.pem', root) });

let server: http2.Http2SecureServer;
let address: string;
/** The common names of the client certificates the server accepted, one per call. */
const callers: string[] = [];

beforeAll(async () => {
  expect(makeCerts(dir)).toContain('service (missing-child-alerts): issued');
  makeCerts(path.join(dir, 'rogue'));
  // Enough of Temporal's frontend for a connection: every unary call answers an empty message, OK.
  server = http2.createSecureServer({
    key: fs.readFileSync(file('server', 'tls.key')),
    cert: fs.readFileSync(file('server', 'tls.pem')),
    ca: fs.readFileSync(file('server', 'ca.pem')),
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('stream', (stream) => {
    const socket = stream.session?.socket as TLSSocket;
    callers.push(String(socket.getPeerCertificate().subject?.CN));
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(Buffer.alloc(5));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const refusal = (settings: Record<string, string>) => configProblems(() => temporalTls(settings));

test('the options come from the three files; a missing file, a file that is not PEM or a partial set is refused, naming the variable', () => {
  const tls = temporalTls({ ...service(), TEMPORAL_TLS_SERVER_NAME: 'temporal' });
  expect(tls).toEqual({
    clientCertPair: { crt: fs.readFileSync(file('service', 'tls.pem')), key: fs.readFileSync(file('service', 'tls.key')) },
    serverRootCACertificate: fs.readFileSync(file('service', 'ca.pem')),
    serverNameOverride: 'temporal',
  });
  const missing = path.join(dir, 'nowhere.pem');
  expect(refusal({ ...service(), TEMPORAL_TLS_KEY: missing })).toEqual([`TEMPORAL_TLS_KEY: cannot read ${missing} (ENOENT)`]);
  expect(refusal({ ...service(), TEMPORAL_TLS_CA: missing })).toEqual([`TEMPORAL_TLS_CA: cannot read ${missing} (ENOENT)`]);
  expect(refusal({ ...service(), TEMPORAL_TLS_CERT: file('service', 'tls.key') })).toEqual([`TEMPORAL_TLS_CERT: ${file('service', 'tls.key')} is not a PEM certificate`]);
  expect(refusal({ ...service(), TEMPORAL_TLS_KEY: file('service', 'tls.pem') })).toEqual([`TEMPORAL_TLS_KEY: ${file('service', 'tls.pem')} is not a PEM private key`]);
  expect(refusal({ TEMPORAL_TLS_CA: service().TEMPORAL_TLS_CA })).toEqual([
    'TEMPORAL_TLS_CERT: is required with TEMPORAL_TLS_CA (mTLS: the client certificate and its key, with TEMPORAL_TLS_CA for a private CA)',
  ]);
  expect(refusal({ TEMPORAL_TLS_CERT: service().TEMPORAL_TLS_CERT, TEMPORAL_TLS_CA: service().TEMPORAL_TLS_CA })).toEqual([
    'TEMPORAL_TLS_KEY: is required with TEMPORAL_TLS_CERT and TEMPORAL_TLS_CA (mTLS: the client certificate and its key, with TEMPORAL_TLS_CA for a private CA)',
  ]);
  // The configuration refuses a certificate without its key before anything starts.
  expect(() => loadConfig({ TEMPORAL_TLS_CERT: service().TEMPORAL_TLS_CERT })).toThrow(/TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/);
  expect(refusal({})).toEqual([]);
  expect(temporalTls({})).toBeUndefined();
});

test('a real handshake: the service\'s certificate from the stack\'s CA is accepted by a server requiring one; another CA\'s is refused', async () => {
  const config = loadConfig({ ...process.env, ...service(), TEMPORAL_TLS_SERVER_NAME: 'temporal', TEMPORAL_API_KEY: '' });
  const access = temporalAccess(config, address);
  const { connection } = await connectClient(access);
  await connection.close();
  const worker = await connectWorker(access);
  await worker.close();
  expect(callers.length).toBeGreaterThanOrEqual(2);
  expect(new Set(callers)).toEqual(new Set(['missing-child-alerts']));

  // A client certificate of another CA (trusting our server's CA): the server refuses the handshake.
  const rogue = loadConfig({ ...process.env, ...service(path.join(dir, 'rogue')), TEMPORAL_TLS_CA: file('service', 'ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal', TEMPORAL_API_KEY: '' });
  const before = callers.length;
  const refused = (tls: ReturnType<typeof temporalTls>) => Connection.connect({ address, tls, connectTimeout: 2_000 });
  await expect(refused(temporalTls(rogue))).rejects.toThrow();
  // Nor does the server's certificate pass for a client trusting only the other CA.
  const wrongCa = loadConfig({ ...process.env, ...service(), TEMPORAL_TLS_CA: file('service', 'ca.pem', path.join(dir, 'rogue')), TEMPORAL_TLS_SERVER_NAME: 'temporal', TEMPORAL_API_KEY: '' });
  await expect(refused(temporalTls(wrongCa))).rejects.toThrow();
  expect(callers.length).toBe(before);
});
