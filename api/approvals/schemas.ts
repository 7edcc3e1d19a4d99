/** The pending-approvals list: query parameters and the shape of each waiting case. */
import { z } from 'zod';

export const pendingApprovalsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const pendingApprovalSchema = z.object({
  caseId: z.uuid(),
  jurisdiction: z.string(),
  risk: z.enum(['critical', 'high', 'standard']).nullable(),
  round: z.number().int().describe('1 for the first request; a new round follows a decline and a sighting'),
  requestedAt: z.string(),
  waitingSeconds: z.number().int(),
  reminders: z.array(z.string()).describe('when each reminder went out'),
  escalatedAt: z.string().nullable().describe('when the request was escalated to senior prosecutors'),
  probableDuplicateOf: z.uuid().nullable(),
  notification: z
    .enum(['sent', 'failed', 'pending', 'none'])
    .describe('the push of the latest notice (request, reminder, escalation) to NOTIFY_WEBHOOK_URL: none when no webhook is configured'),
  links: z.object({ self: z.string(), approval: z.string() }),
});

export const pendingApprovalsSchema = z.object({ items: z.array(pendingApprovalSchema) });
