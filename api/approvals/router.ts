import type { Config } from '../../config/env';
import type { Database } from '../../db/client';
import { AUTH_ERRORS, json, problems } from '../openapi/responses';
import type { ApiRoute } from '../routes';
import { createApprovalHandlers } from './pending-list';
import { pendingApprovalsQuerySchema, pendingApprovalsSchema } from './schemas';

export function approvalRoutes(deps: { db: Database; config: Pick<Config, 'NOTIFY_WEBHOOK_URL'> }): ApiRoute[] {
  const handlers = createApprovalHandlers(deps);
  return [
    {
      method: 'get',
      path: '/approvals/pending',
      roles: ['prosecutor'],
      handler: handlers.pending,
      doc: {
        tags: ['approvals'],
        summary: 'Cases of the prosecutor\'s jurisdiction awaiting a decision, oldest first',
        request: { query: pendingApprovalsQuerySchema },
        responses: { '200': json('the waiting cases', pendingApprovalsSchema), ...problems(...AUTH_ERRORS, 422) },
      },
    },
  ];
}
