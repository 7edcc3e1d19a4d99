/**
 * The Temporal runtime's logger, as the SDK's default one prints (stderr, one line per entry), except
 * that an error in an entry's details is printed as db/safe-error.ts describes it: the SDK logs a
 * failed activity with its error, and a database error's message carries the query's parameters.
 */
import { formatWithOptions } from 'node:util';
import { DefaultLogger, type LogLevel } from '@temporalio/worker';
import { safeErrorLine } from '../db/safe-error';

const format = formatWithOptions.bind(undefined, { colors: false, breakLength: Infinity });

export function safeRuntimeLogger(level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, ({ level: entryLevel, timestampNanos, message, meta }) => {
    const at = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
    const details = meta && Object.fromEntries(Object.entries(meta).map(([key, value]) => [key, value instanceof Error ? safeErrorLine(value) : value]));
    process.stderr.write(`${at} [${entryLevel}] ${message}${details ? ` ${format(details)}` : ''}\n`);
  });
}
