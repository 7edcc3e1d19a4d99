/**
 * Errors as one line a log may carry. A database error's message is not safe: drizzle's
 * DrizzleQueryError puts every parameter of the query in it (a child's name, a guardian's phone), and
 * PostgreSQL's own messages and details quote values (`invalid input syntax ... "<value>"`,
 * `Key (x)=(<value>) already exists`). Of those only the SQL text (parameterised: no values), the
 * SQLSTATE code and the names of the constraint, table and column are kept. Other errors keep their
 * name and message (ours never carry personal data: that is checked by test/log-safety.test.ts), and
 * each keeps a few stack frames, never the stack's first line (which repeats the message).
 */
const MAX_SQL = 200;
const FRAMES = 3;

interface PgErrorFields {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
}

/** pg's DatabaseError: a five-character SQLSTATE and a severity. */
export const isPostgresError = (err: unknown): err is Error & PgErrorFields =>
  err instanceof Error && typeof (err as PgErrorFields).code === 'string' && /^[0-9A-Z]{5}$/.test((err as unknown as { code: string }).code) && 'severity' in err;

/** drizzle-orm 0.45's wrapper: the SQL, its parameters, and the driver's error as the cause. */
const isQueryError = (err: unknown): err is Error & { query: string; params: unknown[] } =>
  err instanceof Error && typeof (err as { query?: unknown }).query === 'string' && Array.isArray((err as { params?: unknown }).params);

function postgresPart(err: PgErrorFields): string {
  const named = (['constraint', 'table', 'column'] as const).filter((k) => typeof err[k] === 'string').map((k) => `${k} ${err[k] as string}`);
  return `PostgreSQL ${String(err.code)}${named.length ? ` (${named.join(', ')})` : ''}`;
}

const frames = (err: Error) => (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, FRAMES).map((l) => l.trim().replace(/^at /, ''));

function describeOne(err: unknown): string {
  if (isQueryError(err)) {
    const sql = err.query.length > MAX_SQL ? `${err.query.slice(0, MAX_SQL)}…` : err.query;
    const cause = isPostgresError(err.cause) ? `: ${postgresPart(err.cause)}` : '';
    return `database query failed${cause} [${sql}] (${err.params.length} parameters withheld)`;
  }
  if (isPostgresError(err)) return `database error: ${postgresPart(err)}`;
  // Temporal's failures name their type (ApplicationFailure DatabaseError, DeliveryUnavailable...).
  const type = (err as { type?: unknown }).type;
  if (err instanceof Error) return `${err.name}${typeof type === 'string' ? ` ${type}` : ''}: ${err.message}`;
  return `non-error thrown: ${typeof err}`;
}

/** The error and its causes (at most 4 deep), one line, nothing personal. */
export function safeErrorSummary(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    parts.push(describeOne(current));
    // A query error's cause is already summarised in its own part.
    current = isQueryError(current) ? undefined : (current as { cause?: unknown }).cause;
  }
  return parts.join(' <- caused by: ');
}

/** The summary and a few frames of where it was thrown: what a log line carries. */
export function safeErrorLine(err: unknown): string {
  const at = err instanceof Error ? frames(err) : [];
  return `${safeErrorSummary(err)}${at.length ? ` | at ${at.join(' | ')}` : ''}`;
}

/** Whether the error or one of its causes came from the database (its message is then withheld). */
export function isDatabaseError(err: unknown): boolean {
  for (let current = err, depth = 0; current instanceof Error && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    if (isQueryError(current) || isPostgresError(current)) return true;
  }
  return false;
}
