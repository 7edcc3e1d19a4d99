/**
 * Every call to the API goes through here: JSON in and out, the bearer token of the session, and the
 * API's RFC 9457 problem details turned into an ApiError that screens can show field by field.
 */
import { useCallback } from 'react';
import { useAuth, useSession } from '../auth/auth-context';

export interface FieldProblem {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  // A FormData body (photos with a report) sets its own multipart type and boundary.
  const form = options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : form ? (options.body as FormData) : JSON.stringify(options.body),
    signal: options.signal,
    credentials: 'omit',
    cache: 'no-store',
  });
  const type = res.headers.get('content-type') ?? '';
  if (res.ok && type.startsWith('image/')) return (await res.blob()) as T;
  const payload: unknown = type.includes('json') ? await res.json() : undefined;
  if (!res.ok) {
    const problem = (payload ?? {}) as { title?: string; detail?: string; errors?: FieldProblem[] };
    throw new ApiError(res.status, problem.title ?? res.statusText, problem.detail, problem.errors ?? []);
  }
  return payload as T;
}

/** A fetcher bound to the signed-in user; a 401 (expired or revoked token) signs out. */
export function useApiRequest() {
  const auth = useAuth();
  const session = useSession();
  const token = session?.accessToken;
  return useCallback(
    async <T,>(path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> => {
      try {
        return await apiRequest<T>(path, { ...options, token });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) await auth.signOut();
        throw err;
      }
    },
    [auth, token],
  );
}
