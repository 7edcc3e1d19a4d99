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

/**
 * An Error by shape, not by `instanceof`: errors from Node's core (a socket's ECONNREFUSED) come from
 * another realm under jest's VM contexts, and an error from any library may too.
 */
const isErrorLike = (err: unknown): err is Error => typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string';
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
  isErrorLike(err) && typeof (err as PgErrorFields).code === 'string' && /^[0-9A-Z]{5}$/.test((err as unknown as { code: string }).code) && 'severity' in err;

/** drizzle-orm 0.45's wrapper: the SQL, its parameters, and the driver's error as the cause. */
const isQueryError = (err: unknown): err is Error & { query: string; params: unknown[] } =>
  isErrorLike(err) && typeof (err as { query?: unknown }).query === 'string' && Array.isArray((err as { params?: unknown }).params);

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
  if (isErrorLike(err)) return `${err.name}${typeof type === 'string' ? ` ${type}` : ''}: ${err.message}`;
  return `non-error thrown: ${typeof err}`;
}

/** The error and its causes, outermost first, at most 4 deep (a query error's cause is its own part). */
export function* causes(err: unknown): Generator<unknown> {
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    yield current;
    current = isQueryError(current) ? undefined : (current as { cause?: unknown }).cause;
  }
}

/** Every error in the chain, a query error's cause included (what a code or a message check reads). */
function* chain(err: unknown): Generator<Error> {
  for (let current = err, depth = 0; isErrorLike(current) && depth < 4; current = (current as { cause?: unknown }).cause, depth++) yield current;
}

/** The error and its causes (at most 4 deep), one line, nothing personal. */
export function safeErrorSummary(err: unknown): string {
  return [...causes(err)].map(describeOne).join(' <- caused by: ');
}

/** The summary and a few frames of where it was thrown: what a log line carries. */
export function safeErrorLine(err: unknown): string {
  const at = isErrorLike(err) ? frames(err) : [];
  return `${safeErrorSummary(err)}${at.length ? ` | at ${at.join(' | ')}` : ''}`;
}

/** Whether the error or one of its causes came from the database (its message is then withheld). */
export function isDatabaseError(err: unknown): boolean {
  return [...chain(err)].some((current) => isQueryError(current) || isPostgresError(current));
}

/** Node's socket errors, as pg reports a server it cannot reach or that went away. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** SQLSTATEs of a server that is going, gone or full: connection exceptions (08), shutdowns (57P01-03), too many connections. */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** pg's and pg-pool's words for a connection lost or never made. */
const UNREACHABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/;

/**
 * Whether a database call failed because PostgreSQL could not be reached (down, restarting, refusing
 * connections), not because of what was asked: the caller should retry, and the answer is 503.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return [...chain(err)].some((current) => {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || (isPostgresError(current) && UNAVAILABLE_STATES.test(code)))) return true;
    return UNREACHABLE_MESSAGES.test(current.message) && !isQueryError(current);
  });
}

/** Whether PostgreSQL refused the call with this SQLSTATE, anywhere in the chain (e.g. 42501, no privilege). */
export const hasPostgresCode = (err: unknown, code: string): boolean => [...chain(err)].some((e) => isPostgresError(e) && e.code === code);
