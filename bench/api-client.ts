/**
 * The bench's HTTP client of the service's API: one development token per role, JSON in and out. Given
 * several API processes (the scale-out run), it sends each request to the next one in turn.
 */
import { signDevelopmentToken } from '../api/auth/sign-token';
import type { Role } from '../api/auth/principal';
import { BENCH_JURISDICTION } from './report';

export interface Api {
  url: string;
  post(path: string, role: Role, body: unknown): Promise<{ status: number; body: any }>;
  get(path: string, role: Role): Promise<{ status: number; body: any }>;
}

export async function apiClient(urls: string | string[], secret: string): Promise<Api> {
  const targets = typeof urls === 'string' ? [urls] : urls;
  let next = 0;
  const tokens = new Map<Role, string>();
  for (const role of ['intake_officer', 'prosecutor', 'officer'] as Role[]) {
    const { token } = await signDevelopmentToken({ sub: `bench-${role}`, role, jurisdiction: BENCH_JURISDICTION }, { secret, ttlMs: 6 * 3_600_000 });
    tokens.set(role, token);
  }
  const call = async (method: string, p: string, role: Role, body?: unknown) => {
    const url = targets[next++ % targets.length];
    const res = await fetch(`${url}${p}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as any };
  };
  return { url: targets[0], post: (p, role, body) => call('POST', p, role, body), get: (p, role) => call('GET', p, role) };
}

export function expectStatus(what: string, res: { status: number; body: unknown }, ok: number[]): void {
  if (!ok.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
}
