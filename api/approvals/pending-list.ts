/**
 * GET /approvals/pending reads approval_events, which the workflow's notify activity writes: the latest
 * request round of each case still awaiting approval with no decision in that round, oldest first.
 */
import { sql } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import type { Config } from '../../config/env';
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
  /** ISO strings: json_agg, because node-postgres hands timestamptz[] back unparsed. */
  reminders: string[];
  escalated_at: Date | null;
  notified: boolean | null;
  notify_failed: boolean | null;
}

const toIso = (d: Date | string) => new Date(d).toISOString();

export function createApprovalHandlers({ db, config }: { db: Database; config: Pick<Config, 'NOTIFY_WEBHOOK_URL'> }) {
  const pending: RequestHandler = async (req, res) => {
    const principal = principalOf(req);
    const query = parseOr422(pendingApprovalsQuerySchema, req.query, 'query');
    const national = principal.jurisdiction === NATIONAL;
    const result = await db.execute<PendingRow>(sql`
      select c.id as case_id, c.jurisdiction, c.risk, c.probable_duplicate_of, r.round, r.at as requested_at,
        (select coalesce(json_agg(e.at order by e.at), '[]'::json) from approval_events e
          where e.case_id = c.id and e.round = r.round and e.kind = 'reminder') as reminders,
        latest.notified_at is not null as notified, latest.notify_failed_at is not null as notify_failed,
        (select min(e.at) from approval_events e
          where e.case_id = c.id and e.round = r.round and e.kind = 'escalation') as escalated_at
      from cases c
      join approval_events r on r.case_id = c.id and r.kind = 'request'
      left join lateral (select n.notified_at, n.notify_failed_at from approval_events n
        where n.case_id = c.id and n.round = r.round and n.kind in ('request', 'reminder', 'escalation')
        order by n.at desc, n.id desc limit 1) latest on true
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
        reminders: row.reminders.map(toIso),
        escalatedAt: row.escalated_at ? toIso(row.escalated_at) : null,
        probableDuplicateOf: row.probable_duplicate_of,
        notification: !config.NOTIFY_WEBHOOK_URL ? 'none' : row.notified ? 'sent' : row.notify_failed ? 'failed' : 'pending',
        links: { self: `/cases/${row.case_id}`, approval: `/cases/${row.case_id}/approval` },
      })),
    });
  };
  return { pending };
}
