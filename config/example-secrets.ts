/**
 * The secrets the repository's example env files ship (deploy/.env.example, deploy/stack.env.example).
 * The image does not carry those files, so the values live here; test/example-secrets.test.ts reads
 * the files and fails when this list and they differ, so the two stay in step. In production a secret
 * equal to one of them, or containing `change-me`, stops start-up (config/production-rules.ts).
 */
export const EXAMPLE_SECRET_VALUES: readonly string[] = [
  'change-me-base64-of-32-bytes',
  'change-me-at-least-32-characters-long-secret',
  'change-me-app-db-password',
  'change-me-app-db-admin-password',
  'change-me-app-db-owner-password',
  'fp-1:change-me-base64-of-32-bytes',
  'change-me-temporal-db-password',
  'change-me-grafana-admin-password',
];

/** The placeholder every example secret carries. */
export const EXAMPLE_MARKER = 'change-me';

/**
 * Variables that hold a secret (not a path to one): their values are checked in production. A new
 * variable whose name says key, secret, password or token must be classified here or in
 * NOT_SECRET_VARIABLES (the test fails until it is).
 */
export const isSecretVariable = (name: string) => /(_SECRET|_PASSWORD|_TOKEN|_API_KEY|_HMAC_KEY|^PAYLOAD_ENCRYPTION_KEYS?|^FINGERPRINT_KEYS)$/.test(name);
/** Names that look like secrets but hold a path or a public value. */
export const NOT_SECRET_VARIABLES: readonly string[] = ['TEMPORAL_TLS_KEY', 'PAYLOAD_ENCRYPTION_KEY_FILE', 'AUTH_MAX_TOKEN_LIFETIME'];

/** True for a value an operator copied from an example file. Never echo the value itself. */
export function isExampleSecret(value: string): boolean {
  if (value.toLowerCase().includes(EXAMPLE_MARKER)) return true;
  // A key list (`id:base64,id:base64`) or a URL's password: compare each part as well as the whole.
  const parts = [value, ...value.split(/[,:\s]+/)];
  return parts.some((part) => EXAMPLE_SECRET_VALUES.includes(part));
}
