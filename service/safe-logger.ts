/**
 * The Temporal runtime's logger, as the SDK's default one prints (stderr, one line per entry), except
 * that an error in an entry's details is printed as db/safe-error.ts describes it: the SDK logs a
 * failed activity with its error, and a database error's message carries the query's parameters.
 *
 * While the Temporal server is out of reach the SDK warns on every retry of every poller ("... retried
 * N times", several a second). Unless LOG_LEVEL=debug, the first such line of an outage is printed and
 * the others are counted: once none has come for `quietMs` (the connection is back), one line says how
 * many were left out.
 */
import { formatWithOptions } from 'node:util';
import { DefaultLogger, type LogEntry, type LogLevel, type RuntimeOptions } from '@temporalio/worker';
import { safeErrorLine } from '../db/safe-error';

const format = formatWithOptions.bind(undefined, { colors: false, breakLength: Infinity });

export const RETRY_WARNING = /\bretried \d+ times?\b/;

export interface RuntimeLoggerOptions {
  /** Collapse the SDK's per-retry warnings (default: true). */
  collapseRetries?: boolean;
  quietMs?: number;
  write?: (line: string) => void;
}

export function safeRuntimeLogger(level: LogLevel, options: RuntimeLoggerOptions = {}): DefaultLogger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const collapse = options.collapseRetries ?? true;
  const quietMs = options.quietMs ?? 10_000;
  const line = ({ level: entryLevel, timestampNanos, message, meta }: LogEntry, suffix = '') => {
    const at = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
    const details = meta && Object.fromEntries(Object.entries(meta).map(([key, value]) => [key, value instanceof Error ? safeErrorLine(value) : value]));
    return `${at} [${entryLevel}] ${message}${details ? ` ${format(details)}` : ''}${suffix}\n`;
  };
  let outage: { left: number; timer: NodeJS.Timeout } | null = null;
  const settled = () => {
    if (!outage) return;
    const { left } = outage;
    outage = null;
    if (left > 0) write(`${new Date().toISOString()} [WARN] Temporal connection retries over: ${left} more retry warning${left === 1 ? '' : 's'} not printed (LOG_LEVEL=debug prints each)\n`);
  };
  return new DefaultLogger(level, (entry) => {
    if (!collapse || entry.level !== 'WARN' || !RETRY_WARNING.test(entry.message)) return write(line(entry));
    if (outage) {
      outage.left += 1;
      outage.timer.refresh();
      return;
    }
    outage = { left: 0, timer: setTimeout(settled, quietMs).unref() };
    write(line(entry, ' (the next retry warnings are counted, not printed, until the connection is back)'));
  });
}

/**
 * What `Runtime.install` gets in every process that runs the service: the SDK's INFO lines (bundle
 * statistics, worker state) only at LOG_LEVEL=debug, and the native core's warnings (the connection
 * retries among them) forwarded to this logger instead of printed straight to the console.
 */
export function safeRuntimeOptions(logLevel: string): RuntimeOptions {
  const debug = logLevel === 'debug';
  return {
    logger: safeRuntimeLogger(debug ? 'INFO' : 'WARN', { collapseRetries: !debug }),
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
    shutdownSignals: [],
  };
}
