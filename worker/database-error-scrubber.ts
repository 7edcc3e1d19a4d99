/**
 * An activity that fails on the database would hand Temporal the driver's error: drizzle's message
 * carries every query parameter, so a child's name or a guardian's phone would be written into the
 * workflow history (and the Web UI) as the failure's message, and logged by the SDK. This inbound
 * interceptor replaces such an error with a retryable ApplicationFailure whose message names only the
 * SQLSTATE, the constraint or table, and the parameterised SQL (db/safe-error.ts). Errors of our own
 * (ApplicationFailure) pass unchanged: their messages are written not to carry personal data.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { isDatabaseError, safeErrorSummary } from '../db/safe-error';

export const DATABASE_ERROR_TYPE = 'DatabaseError';

class DatabaseErrorScrubber implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (err) {
      if (err instanceof ApplicationFailure || !isDatabaseError(err)) throw err;
      throw ApplicationFailure.retryable(safeErrorSummary(err), DATABASE_ERROR_TYPE);
    }
  }
}

export const scrubDatabaseErrors: ActivityInterceptorsFactory = () => ({ inbound: new DatabaseErrorScrubber() });
