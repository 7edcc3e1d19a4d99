/** Read handlers: the case list, one case, its alert steps with their deliveries per channel. */
import type { Client } from '@temporalio/client';
import { and, asc, desc, eq, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import type { Database } from '../../db/client';
import { alertDeliveries, alertSteps, cases } from '../../db/schema';
import { FEED_CHANNEL, type AlertStep } from '../../workflows/contract';
import { writeAudit } from '../audit';
import { forbidden, principalOf } from '../auth/middleware';
import { NATIONAL } from '../auth/principal';
import { parseOr422, validationProblem } from '../problem';
import { buildCaseView, caseLinks, loadCaseFor, toRecord } from './case-view';
import { disclosesPersonalState, mayReadPersonalData } from './state-disclosure';
import { listCasesQuerySchema } from './schemas';

export interface CaseReadDeps {
  db: Database;
  client: Client;
}

/** Keyset pagination, newest first: stable under inserts, unlike OFFSET. */
function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([receivedAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { receivedAt: Date; id: string } | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const receivedAt = new Date(String(at));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (Number.isNaN(receivedAt.getTime()) || typeof id !== 'string' || !uuid.test(id)) return null;
    return { receivedAt, id };
  } catch {
    return null;
  }
}

export function createCaseReadHandlers({ db, client }: CaseReadDeps) {
  const list: RequestHandler = async (req, res) => {
    const principal = principalOf(req);
    const { status, risk, limit, cursor, jurisdiction: requested } = parseOr422(listCasesQuerySchema, req.query, 'query');
    let jurisdiction = requested;
    if (principal.jurisdiction !== NATIONAL) {
      if (jurisdiction !== undefined && jurisdiction !== principal.jurisdiction) throw forbidden('you may list only your own jurisdiction');
      jurisdiction = principal.jurisdiction;
    }
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (after === null) throw validationProblem([{ field: 'query.cursor', reason: 'is not a cursor this API issued' }]);
    const filters: Array<SQL | undefined> = [
      status ? eq(cases.status, status) : undefined,
      jurisdiction ? eq(cases.jurisdiction, jurisdiction) : undefined,
      risk === 'unassessed' ? isNull(cases.risk) : risk ? eq(cases.risk, risk) : undefined,
      after ? or(lt(cases.receivedAt, after.receivedAt), and(eq(cases.receivedAt, after.receivedAt), lt(cases.id, after.id))) : undefined,
    ];
    const rows = await db
      .select()
      .from(cases)
      .where(and(...filters))
      .orderBy(desc(cases.receivedAt), desc(cases.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    res.json({
      items: page.map((row) => ({ ...toRecord(row), links: caseLinks(row.id) })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
    });
  };

  const get: RequestHandler = async (req, res) => {
    const { row, principal } = await loadCaseFor(db, req);
    const view = await buildCaseView({ db, client }, row, principal);
    // Reading a child's personal data (the report, or where the child was seen and found) is itself an act the law wants on record.
    if (view.report || (mayReadPersonalData(principal.role) && disclosesPersonalState(view.state, view.history))) {
      await writeAudit(db, { actor: principal, action: 'case.view_personal_data', caseId: row.id, outcome: 'accepted' });
    }
    res.json(view);
  };

  const alerts: RequestHandler = async (req, res) => {
    const { row } = await loadCaseFor(db, req);
    const steps = await db.select().from(alertSteps).where(eq(alertSteps.caseId, row.id)).orderBy(asc(alertSteps.step));
    const deliveries = await db.select().from(alertDeliveries).where(eq(alertDeliveries.caseId, row.id));
    // The feed first, then partners by name: a stable order to read and to compare.
    const order = (channel: string) => (channel === FEED_CHANNEL ? '' : channel);
    deliveries.sort((a, b) => a.step - b.step || order(a.channel).localeCompare(order(b.channel)));
    res.json({
      caseId: row.id,
      items: steps.map((s) => {
        const areas = s.areas as AlertStep['areas'];
        const single = areas.length === 1 ? areas[0] : null;
        return {
          step: s.step,
          kind: s.kind,
          msgType: s.msgType,
          tierIndex: s.tierIndex,
          radiusKm: single?.radiusKm ?? null,
          centre: single?.centre ?? null,
          areas,
          messageId: s.messageId,
          sentAt: s.sentAt.toISOString(),
          cancelledAt: s.cancelledAt?.toISOString() ?? null,
          deliveries: deliveries
            .filter((d) => d.step === s.step)
            .map((d) => ({
              channel: d.channel,
              status: d.status,
              attempts: d.attempts,
              lastStatusCode: d.lastStatusCode,
              lastError: d.lastError,
              acknowledgedAt: d.acknowledgedAt?.toISOString() ?? null,
              updatedAt: d.updatedAt.toISOString(),
            })),
        };
      }),
    });
  };

  return { list, get, alerts };
}
