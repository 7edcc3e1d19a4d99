/**
 * Every Temporal call made while serving a request shares one deadline (API_TEMPORAL_TIMEOUT): with
 * no worker to answer a query or an Update, the caller gets a clear 503 to retry, not a hung request.
 * The deadline travels with the request's async context (Connection.withDeadline), so handlers need
 * no change.
 */
import type { Client } from '@temporalio/client';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem';

const GRPC_DEADLINE_EXCEEDED = 4;

export function temporalDeadline(client: Client, timeoutMs: number): RequestHandler {
  return (_req, res, next) => {
    void client.connection.withDeadline(Date.now() + timeoutMs, () => new Promise<void>((resolve) => {
      res.once('close', resolve);
      next();
    }));
  };
}

export function isTemporalTimeout(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || e.code === GRPC_DEADLINE_EXCEEDED) return true;
  }
  return false;
}

export const temporalUnavailable = () =>
  new HttpProblem(503, 'Service Unavailable', 'the case workflow did not answer in time; try again shortly', {}, { 'Retry-After': '5' });
