/**
 * How a case is read: the `cases` row decides existence and jurisdiction (the API writes it before any
 * workflow starts), the workflow query gives the live state while the case runs, and the database
 * answers once it has ended, or when its workflow is gone.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Request } from 'express';
import type { Database } from '../../db/client';
import { casePersonalData, cases } from '../../db/schema';
import { caseStateQuery, workflowIdForCase, type CaseReport, type CaseState, type CaseStatus } from '../../workflows/contract';
import { forbidden, principalOf } from '../auth/middleware';
import { coversJurisdiction, PERSONAL_DATA_ROLES, type Principal } from '../auth/principal';
import { notFound } from '../problem';
import { endedCaseHistory } from './ended-case';
import { mayReadPersonalData, operationalHistory, operationalState, WITHHELD_FROM_OPERATIONS } from './state-disclosure';
import { caseIdParamsSchema } from './schemas';

export type CaseRow = typeof cases.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const caseLinks = (caseId: string) => ({ self: `/cases/${caseId}`, alerts: `/cases/${caseId}/alerts` });

export function toRecord(row: CaseRow) {
  return {
    caseId: row.id,
    status: row.status as CaseStatus,
    risk: row.risk as CaseState['risk'],
    jurisdiction: row.jurisdiction,
    reportingUnitId: row.reportingUnitId,
    consentToPublish: row.consentToPublish,
    probableDuplicateOf: row.probableDuplicateOf,
    tierReached: row.tierReached,
    nationalReached: row.nationalReached,
    receivedAt: row.receivedAt.toISOString(),
    validatedAt: iso(row.validatedAt),
    approvalRequestedAt: iso(row.approvalRequestedAt),
    decidedAt: iso(row.decidedAt),
    firstAlertAt: iso(row.firstAlertAt),
    endedAt: iso(row.endedAt),
    outcome: row.outcome,
    closeReason: row.closeReason,
    personalDataPurgedAt: iso(row.personalDataPurgedAt),
  };
}

/**
 * The case named by `:id`, if the caller may see it: a malformed or unknown id is 404 (never a 500
 * from a uuid cast), another jurisdiction is 403.
 */
export async function loadCaseFor(db: Database, req: Request): Promise<{ row: CaseRow; principal: Principal }> {
  const principal = principalOf(req);
  const params = caseIdParamsSchema.safeParse(req.params);
  if (!params.success) throw notFound('no such case');
  const [row] = await db.select().from(cases).where(eq(cases.id, params.data.id));
  if (!row) throw notFound('no such case');
  if (!coversJurisdiction(principal, row.jurisdiction)) throw forbidden('this case belongs to another jurisdiction');
  return { row, principal };
}

/** The live state, or null when Temporal no longer has (or never had) the workflow. */
export async function queryLiveState(client: Client, caseId: string): Promise<CaseState | null> {
  try {
    return await client.workflow.getHandle(workflowIdForCase(caseId)).query(caseStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

export async function buildCaseView(deps: { db: Database; client: Client }, row: CaseRow, principal: Principal) {
  const ended = row.endedAt !== null;
  const state = ended ? null : await queryLiveState(deps.client, row.id);
  let report: CaseReport | undefined;
  if (PERSONAL_DATA_ROLES.includes(principal.role)) {
    const [personal] = await deps.db.select({ report: casePersonalData.report }).from(casePersonalData).where(eq(casePersonalData.caseId, row.id));
    report = personal?.report as CaseReport | undefined;
  }
  // Ended (or its workflow gone): the records rebuild what the page shows, within the same checks.
  const history = state ? null : await endedCaseHistory(deps.db, row);
  const personal = mayReadPersonalData(principal.role);
  return {
    caseId: row.id,
    status: state?.status ?? (row.status as CaseStatus),
    source: state ? ('workflow' as const) : ('database' as const),
    record: toRecord(row),
    state: state && (personal ? state : operationalState(state)),
    history: history && (personal ? history : operationalHistory(history)),
    ...(personal ? {} : { withheld: [...WITHHELD_FROM_OPERATIONS] }),
    ...(report ? { report } : {}),
    links: caseLinks(row.id),
  };
}
