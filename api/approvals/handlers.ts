/**
 * GET /approvals/pending reads approval_events, which the workflow's notify activity writes: the latest
 * request round of each case still awaiting approval with no decision in that round, oldest first.
 */
import { sql } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import type { Database } from '../../db/client';
import { principalOf } from '../auth/middleware';
import { NATIONAL } from '../auth/principal';
import { parseOr422 } from '../problem';
import { pendingApprovalsQuerySchema } from './schemas';

interface PendingRow extends Record<string, unknown> {
  case_id: string;
  jurisdiction: string;
  risk: 'critical' | 'high' | 'standard' | null;
  probable_duplicate_of: string | null;
  round: number;
  requested_at: Date;
  reminders: Date[] | null;
  escalated_at: Date | null;
}

const toIso = (d: Date | string) => new Date(d).toISOString();

export function createApprovalHandlers({ db }: { db: Database }) {
  const pending: RequestHandler = async (req, res) => {
    const principal = principalOf(req);
    const query = parseOr422(pendingApprovalsQuerySchema, req.query, 'query');
    const national = principal.jurisdiction === NATIONAL;
    const result = await db.execute<PendingRow>(sql`
      select c.id as case_id, c.jurisdiction, c.risk, c.probable_duplicate_of, r.round, r.at as requested_at,
        (select array_agg(e.at order by e.at) from approval_events e
          where e.case_id = c.id and e.round = r.round and e.kind = 'reminder') as reminders,
        (select min(e.at) from approval_events e
          where e.case_id = c.id and e.round = r.round and e.kind = 'escalation') as escalated_at
      from cases c
      join approval_events r on r.case_id = c.id and r.kind = 'request'
      where c.status = 'awaiting_approval'
        and (${national} or c.jurisdiction = ${principal.jurisdiction})
        and r.round = (select max(m.round) from approval_events m where m.case_id = c.id and m.kind = 'request')
        and not exists (select 1 from approval_events d
          where d.case_id = c.id and d.round = r.round and d.kind in ('approved', 'declined'))
      order by r.at asc, c.id asc
      limit ${query.limit}`);
    const now = Date.now();
    res.json({
      items: result.rows.map((row) => ({
        caseId: row.case_id,
        jurisdiction: row.jurisdiction,
        risk: row.risk,
        round: row.round,
        requestedAt: toIso(row.requested_at),
        waitingSeconds: Math.max(0, Math.floor((now - new Date(row.requested_at).getTime()) / 1000)),
        reminders: (row.reminders ?? []).map(toIso),
        escalatedAt: row.escalated_at ? toIso(row.escalated_at) : null,
        probableDuplicateOf: row.probable_duplicate_of,
        links: { self: `/cases/${row.case_id}`, approval: `/cases/${row.case_id}/approval` },
      })),
    });
  };
  return { pending };
}
