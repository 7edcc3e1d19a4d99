/**
 * RFC 9457 problem details for every error response. Nothing internal (stack, SQL, Temporal message)
 * ever reaches a client: unexpected errors become a bare 500 and are logged server-side.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError, ZodType } from 'zod';
import { isDatabaseUnavailable, safeErrorLine } from '../db/safe-error';

export interface FieldProblem {
  field: string;
  reason: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (detail = 'no such resource') => new HttpProblem(404, 'Not Found', detail);

export function validationProblem(errors: FieldProblem[], detail = 'the request is not valid'): HttpProblem {
  return new HttpProblem(422, 'Unprocessable Content', detail, { errors });
}

export function zodProblems(error: ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (unknownKeys.length > 0) {
      return { field: unknownKeys.map((k) => (base ? `${base}.${k}` : k)).join(', '), reason: 'unknown field' };
    }
    return { field: base || '(body)', reason: issue.message };
  });
}

/** Parses a body or query with its zod schema; on failure, a 422 listing each field (`prefix.field`). */
export function parseOr422<T>(schema: ZodType<T>, value: unknown, prefix = ''): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationProblem(zodProblems(parsed.error, prefix));
  return parsed.data;
}

export function sendProblem(res: Response, problem: HttpProblem): void {
  res
    .set(problem.headers)
    .status(problem.status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title: problem.title, status: problem.status, ...(problem.detail ? { detail: problem.detail } : {}), ...problem.extra });
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, notFound(`no route for ${req.method} ${req.path}`));
};

/** PostgreSQL cannot be reached: 503 naming it, with when to try again. */
export const databaseUnavailable = () =>
  new HttpProblem(503, 'Service Unavailable', 'the database cannot be reached; try again shortly', { dependency: 'postgresql' }, { 'Retry-After': '5' });

/** Body-parser errors carry a status and a type; map them to the answers the API promises. */
export function errorHandler(logError: (line: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof HttpProblem) return sendProblem(res, err);
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') return sendProblem(res, new HttpProblem(400, 'Bad Request', 'the body is not valid JSON'));
    if (type === 'entity.too.large') return sendProblem(res, new HttpProblem(413, 'Content Too Large', 'the body is too large'));
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendProblem(res, new HttpProblem(status, 'Bad Request', 'the request could not be read'));
    }
    // An outage, not a bug: the caller retries; readiness (/readyz) and the pool report it, once each.
    if (isDatabaseUnavailable(err)) return sendProblem(res, databaseUnavailable());
    logError(safeErrorLine(err));
    sendProblem(res, new HttpProblem(500, 'Internal Server Error', 'an unexpected error occurred; it has been logged'));
  };
}
