/**
 * Starts the loopback OpenID provider (test/helpers/oidc-provider-server.mjs) as a child process and
 * says where it listens. Its users, one per role, sign in with OIDC_PASSWORD.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Role } from '../../api/auth/principal';

export const OIDC_CLIENT_ID = 'console';
export const OIDC_AUDIENCE = 'urn:missing-child-alerts:api';
export const OIDC_SCOPE = 'openid profile console';
export const OIDC_PASSWORD = 'test-password';

/** login -> the claims the provider puts in its tokens (as in oidc-provider-server.mjs). */
export const OIDC_USERS = {
  'intake-ma06': { role: 'intake_officer', jurisdiction: 'MA-06' },
  'prosecutor-ma06': { role: 'prosecutor', jurisdiction: 'MA-06' },
  'officer-ma06': { role: 'officer', jurisdiction: 'MA-06' },
  'prosecutor-ma01': { role: 'prosecutor', jurisdiction: 'MA-01' },
  'admin-national': { role: 'admin', jurisdiction: '*' },
} as const satisfies Record<string, { role: Role; jurisdiction: string }>;
export type OidcLogin = keyof typeof OIDC_USERS;

export interface OidcProvider {
  issuer: string;
  jwksUrl: string;
  close(): Promise<void>;
}

export interface OidcProviderOptions {
  /** The console's root, `<PUBLIC_BASE_URL>/console/`. */
  redirectUri: string;
  /** Seconds an access token lasts (default 600). */
  accessTokenTtl?: number;
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProvider> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-server.mjs')], {
    env: {
      ...process.env,
      OIDC_REDIRECT_URI: options.redirectUri,
      OIDC_CLIENT_ID,
      OIDC_AUDIENCE,
      OIDC_ACCESS_TOKEN_TTL: String(options.accessTokenTtl ?? 600),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const ready = await new Promise<{ issuer: string; jwksUrl: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve(JSON.parse(line.slice('READY '.length)));
    });
    child.once('exit', (code) => reject(new Error(`the OpenID provider did not start (exit ${code}):\n${stderr}`)));
  });
  return {
    ...ready,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
