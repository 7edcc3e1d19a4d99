import { ApplicationFailure } from '@temporalio/activity';
import { signatureHeader } from './signing';

/** The HTTP status a retryable failure of `postSignedJson` carries, if the partner answered at all. */
export const failedStatusOf = (err: unknown): number | null =>
  err instanceof ApplicationFailure && typeof err.details?.[0] === 'number' ? (err.details[0] as number) : null;

export interface DeliveryResult {
  delivered: boolean;
  status: number;
}

/** Why an answered POST was not delivered, for its row's last error. */
export const refusalText = (status: number) =>
  status >= 300 && status < 400 ? `answered a redirect (HTTP ${status}), which is never followed; not retried` : `refused with HTTP ${status}; not retried`;

/** The row columns of a POST's last answer: delivered (acknowledged now), or refused for good. */
export function answerColumns(result: DeliveryResult, now = new Date()) {
  return {
    status: result.delivered ? ('delivered' as const) : ('failed' as const),
    lastStatusCode: result.status,
    lastError: result.delivered ? null : refusalText(result.status),
    acknowledgedAt: result.delivered ? now : null,
    updatedAt: now,
  };
}

/**
 * One signed JSON POST. 2xx: delivered. A 4xx other than 408/429 will never succeed by retrying, so it
 * is reported as not delivered; 5xx, 408, 429 and network errors throw a retryable failure. Redirects
 * are never followed: a 307 or 308 would send the signed body on to wherever the partner points (an
 * internal host, say), so a 3xx is a delivery that failed, recorded with its status.
 */
export async function postSignedJson(url: string, secret: string, idempotencyKey: string, body: unknown, timeoutMs: number): Promise<DeliveryResult> {
  const raw = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, 'x-signature': signatureHeader(secret, raw) },
      body: raw,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw ApplicationFailure.retryable(`POST to ${new URL(url).host} failed: ${(err as Error).message}`, 'DeliveryUnavailable');
  }
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return { delivered: true, status: response.status };
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    // The status rides in the details so that callers can record it without parsing the message.
    throw ApplicationFailure.retryable(`POST to ${new URL(url).host} answered ${response.status}`, 'DeliveryUnavailable', response.status);
  }
  return { delivered: false, status: response.status };
}
