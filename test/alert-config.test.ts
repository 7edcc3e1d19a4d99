/** ALERT_* settings: defaults, the channel list handed to each case, and refusals naming the variable. */
import { ConfigError, loadConfig } from '../config/env';

const base = { NODE_ENV: 'test' } as const;
const hook = (name: string, url = 'https://partner.example/hooks', secret = 'sixteen-chars-ok') => ({ name, url, secret });

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('defaults: no webhook, Arabic then French, contact 19, 24h expiry, 10s timeout', () => {
  const config = loadConfig(base);
  expect([config.ALERT_WEBHOOKS, config.ALERT_LANGUAGES, config.ALERT_SENDER, config.ALERT_CONTACT, config.ALERT_EXPIRES_AFTER, config.ALERT_WEBHOOK_TIMEOUT]).toEqual([
    [], ['ar-MA', 'fr-MA'], 'alerts@missing-child-alerts.local', '19', 86_400_000, 10_000,
  ]);
  expect(config.policy.alertChannels).toEqual([]);
  // A Cancel stays in force 24 h by default, at most 48 h.
  expect([config.ALERT_CANCEL_EXPIRES_AFTER, loadConfig({ ...base, ALERT_CANCEL_EXPIRES_AFTER: '48h' }).ALERT_CANCEL_EXPIRES_AFTER]).toEqual([86_400_000, 172_800_000]);
  // Partner retries back off to at most 30 s: a recovered partner has the latest message within it.
  expect([config.ALERT_DELIVERY_RETRY_MAX_INTERVAL, config.policy.alertDeliveryRetryMaxIntervalMs]).toEqual([30_000, 30_000]);
  expect(loadConfig({ ...base, ALERT_DELIVERY_RETRY_MAX_INTERVAL: '2m' }).policy.alertDeliveryRetryMaxIntervalMs).toBe(120_000);
});

test('the webhook names become the channels of every case, in the configured order', () => {
  const webhooks = [hook('social-network'), hook('sms-gateway-2', 'http://127.0.0.1:9000/in')];
  const config = loadConfig({ ...base, ALERT_WEBHOOKS: JSON.stringify(webhooks), ALERT_LANGUAGES: 'fr-MA, en', ALERT_EXPIRES_AFTER: '12h' });
  expect(config.ALERT_WEBHOOKS).toEqual(webhooks);
  expect(config.policy.alertChannels).toEqual(['social-network', 'sms-gateway-2']);
  expect([config.ALERT_LANGUAGES, config.ALERT_EXPIRES_AFTER]).toEqual([['fr-MA', 'en'], 43_200_000]);
});

test.each([
  ['not JSON', { ALERT_WEBHOOKS: '{oops' }, ['ALERT_WEBHOOKS: must be a JSON array of {"name","url","secret"}']],
  ['repeated names', { ALERT_WEBHOOKS: JSON.stringify([hook('sms'), hook('sms')]) }, ['ALERT_WEBHOOKS: names must be unique (repeated: sms)']],
  ['bad name, scheme and secret', { ALERT_WEBHOOKS: JSON.stringify([hook('SMS Gateway', 'ftp://x.example/', 'too-short')]) }, [
    'ALERT_WEBHOOKS: 0.name: must be lowercase letters, digits and dashes',
    'ALERT_WEBHOOKS: 0.url: must be an http(s) URL',
    'ALERT_WEBHOOKS: 0.secret: must be at least 16 characters',
  ]],
  ['the reserved feed name', { ALERT_WEBHOOKS: JSON.stringify([hook('feed')]) }, ['ALERT_WEBHOOKS: 0.name: feed is reserved for the public CAP feed']],
  ['an unknown field', { ALERT_WEBHOOKS: JSON.stringify([{ ...hook('sms'), token: 'x' }]) }, ['ALERT_WEBHOOKS: 0: Unrecognized key: "token"']],
  ['an unknown language', { ALERT_LANGUAGES: 'ar-MA,xx' }, ['ALERT_LANGUAGES: unsupported alert language(s): xx (supported: ar-MA, fr-MA, en)']],
  ['a sender with a comma', { ALERT_SENDER: 'police,ma' }, ['ALERT_SENDER: must have no spaces, commas, < or &']],
  ['an empty contact', { ALERT_CONTACT: '  ' }, ['ALERT_CONTACT: must not be empty']],
  ['a bad expiry', { ALERT_EXPIRES_AFTER: 'soon' }, ['ALERT_EXPIRES_AFTER: "soon" is not a duration like 3s, 15m, 1h or 30d']],
  ['a Cancel in force beyond 48 h', { ALERT_CANCEL_EXPIRES_AFTER: '49h' }, ['ALERT_CANCEL_EXPIRES_AFTER: must be at most 48h (the name leaves public view within two days)']],
  ['a timeout beyond the attempt', { ALERT_WEBHOOK_TIMEOUT: '2m' }, ['ALERT_WEBHOOK_TIMEOUT: must be at most 45s (a delivery attempt is given one minute)']],
  ['a retry interval below 1s', { ALERT_DELIVERY_RETRY_MAX_INTERVAL: '500ms' }, ['ALERT_DELIVERY_RETRY_MAX_INTERVAL: must be at least 1s']],
  ['a retry interval beyond 1h', { ALERT_DELIVERY_RETRY_MAX_INTERVAL: '2h' }, ['ALERT_DELIVERY_RETRY_MAX_INTERVAL: must be at most 1h']],
])('refuses %s, naming the variable and never echoing a secret', (_name, env, expected) => {
  const problems = problemsOf(env as Record<string, string>);
  expect(problems).toEqual(expected);
  // Every secret this row configured, the refused ones included, stays out of the message.
  const configured = (env as Record<string, string>).ALERT_WEBHOOKS ?? '[]';
  const secrets = configured.startsWith('[') ? (JSON.parse(configured) as Array<{ secret: string }>).map((h) => h.secret) : [];
  for (const secret of secrets) expect(problems.join('\n')).not.toContain(secret);
});
