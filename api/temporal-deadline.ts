/**
 * Every Temporal call made while serving a request shares one deadline (API_TEMPORAL_TIMEOUT): with
 * no worker to answer a query or an Update, or Temporal out of reach, the caller gets a clear 503
 * with Retry-After, not a hung request or a 500.
 * The deadline travels with the request's async context (Connection.withDeadline), so handlers need
 * no change.
 */
import type { Client } from '@temporalio/client';
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem';

/**
 * gRPC codes a Temporal call ends with when the request's deadline passes or Temporal cannot be
 * reached, all worth retrying shortly. The deadline gives two: the client's own timer says
 * DEADLINE_EXCEEDED (4), but the server, which receives the deadline with the call, often cancels
 * first and answers CANCELLED (1). A server that cannot be reached gives UNAVAILABLE (14) once the
 * client's retries stop.
 */
const RETRY_LATER_CODES: ReadonlySet<number> = new Set([1, 4, 14]);

export function temporalDeadline(client: Client, timeoutMs: number): RequestHandler {
  return (_req, res, next) => {
    void client.connection.withDeadline(Date.now() + timeoutMs, () => new Promise<void>((resolve) => {
      res.once('close', resolve);
      next();
    }));
  };
}

/**
 * The client wraps the gRPC error: a query, signal or describe throws ServiceError with it as `cause`,
 * an Update throws WorkflowUpdateRPCTimeoutOrCancelledError; the bare gRPC error can reach us too.
 */
export function isTemporalTimeout(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && RETRY_LATER_CODES.has(e.code)) return true;
  }
  return false;
}

export const temporalUnavailable = () =>
  new HttpProblem(503, 'Service Unavailable', 'the case workflow did not answer in time; try again shortly', { dependency: 'temporal' }, { 'Retry-After': '5' });
