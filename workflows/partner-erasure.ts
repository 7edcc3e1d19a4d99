/**
 * At the purge, every partner channel that was sent a message of the case gets one signed `erase`
 * notification (activities/partner-erasure.ts), so that it deletes its copies. Retried like a partner
 * delivery: a partner down at first gets it once it is back; after the retry window it is recorded
 * failed, and the case ends anyway. The case workflow sends them itself after its purge; the purge
 * sweeper starts `partnerErasureWorkflow` for each case it purges, so that a partner that is down
 * never holds back the next sweep.
 *
 * Deterministic: no I/O here. Inputs, state and logs hold a case id and channel names only.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ActivityFailure, log, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { deliverPartnerErasureFor, recordErasureFailure } from './activity-proxies';

/** Purges from here on send the erase notifications; runs recorded before it ended at the purge. */
export const PARTNER_ERASE_AT_PURGE = 'partner-erase-at-purge';

export interface PartnerErasureInput {
  caseId: string;
  /** The channels the purge recorded an erase for (PurgeResult.erasureChannels). */
  channels: string[];
  /** The case's delivery backoff cap, when known (the sweeper has no policy: the default). */
  alertDeliveryRetryMaxIntervalMs?: number;
}

export const erasureWorkflowIdForCase = (caseId: string) => `partner-erase-${caseId}`;

/** Every channel in parallel; each one's last failure is recorded, never thrown. */
export async function erasePartnerCopies(input: PartnerErasureInput): Promise<void> {
  const { caseId } = input;
  const deliver = deliverPartnerErasureFor(input);
  await Promise.all(
    input.channels.map(async (channel) => {
      try {
        await deliver({ caseId, channel });
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        log.warn('erase notification abandoned after its last attempt', { caseId, channel });
        await recordErasureFailure({ caseId, channel, error: err.cause?.message ?? err.message });
      }
    }),
  );
}

/** The erase notifications of one case purged by the sweeper. */
export async function partnerErasureWorkflow(input: PartnerErasureInput): Promise<void> {
  await erasePartnerCopies(input);
}

/** From the sweeper: started once per case and left to run on its own (it outlives the sweep run). */
export async function startPartnerErasure(caseId: string, channels: string[]): Promise<void> {
  if (channels.length === 0) return;
  try {
    await startChild(partnerErasureWorkflow, {
      workflowId: erasureWorkflowIdForCase(caseId),
      args: [{ caseId, channels }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    // A retried sweep run that had started it already.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
