/**
 * Records for auditors and statistics: a case's audit trail (admins, or prosecutors of the case's
 * jurisdiction) and non-identifying aggregates (admins; a regional admin sees its own region).
 * Neither discloses personal data, so reading them is not itself an audited action (see api/audit.ts).
 */
import { asc, eq } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { auditLog } from '../../db/schema';
import { forbidden, principalOf } from '../auth/middleware';
import { NATIONAL } from '../auth/principal';
import { loadCaseFor } from '../cases/case-view';
import { caseIdParamsSchema, regionCode } from '../cases/schemas';
import { AUTH_ERRORS, json, problems } from '../openapi/responses';
import { parseOr422 } from '../problem';
import type { ApiRoute } from '../routes';
import { caseStatistics } from './stats';

const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ sub: z.string(), role: z.string().describe('a staff role, or `system` for the purge') }),
  action: z.string().describe('e.g. case.create, approval.decide, sighting.report, found.report, case.close, case.view_personal_data, case.purge_personal_data'),
  outcome: z.enum(['accepted', 'refused']),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});
const auditTrailSchema = z.object({ caseId: z.uuid(), items: z.array(auditEntrySchema) });

const outcomeCounts = z.object({ found: z.number().int(), closed: z.number().int(), rejected: z.number().int(), open: z.number().int() });
const durationSchema = z.object({ cases: z.number().int(), medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable() });
const durationsSchema = z.object({ reportToApproval: durationSchema, approvalToFirstAlert: durationSchema, reportToFound: durationSchema });
const tiersReachedSchema = z.array(z.object({ tierIndex: z.number().int().nullable().describe('highest tier alerted; null: no public alert'), cases: z.number().int() }));
const tipsSchema = z
  .object({ received: z.number().int(), promoted: z.number().int(), dismissed: z.number().int().describe('assessed not credible') })
  .describe('tips from the public (counted after the purge too)');
const statsSchema = z.object({
  jurisdiction: z.string().nullable().describe('the region the figures cover; null: national'),
  cases: z.object({
    total: z.number().int(),
    byOutcome: outcomeCounts,
    byJurisdiction: z
      .array(z.object({ jurisdiction: z.string(), total: z.number().int(), byOutcome: outcomeCounts, durations: durationsSchema, tiersReached: tiersReachedSchema, nationalReached: z.number().int(), tips: tipsSchema }))
      .describe('the same figures for each jurisdiction in scope'),
  }),
  durations: durationsSchema,
  tiersReached: tiersReachedSchema,
  nationalReached: z.number().int(),
  tips: tipsSchema,
});
export const statsQuerySchema = z.strictObject({ jurisdiction: regionCode.optional() });

export function recordRoutes({ db }: { db: Database }): ApiRoute[] {
  const audit: RequestHandler = async (req, res) => {
    const { row } = await loadCaseFor(db, req);
    const rows = await db.select().from(auditLog).where(eq(auditLog.caseId, row.id)).orderBy(asc(auditLog.at), asc(auditLog.id));
    res.json({
      caseId: row.id,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: { sub: r.actorSub, role: r.actorRole },
        action: r.action,
        outcome: r.outcome,
        detail: (r.detail as Record<string, string | number | boolean | null> | null) ?? null,
      })),
    });
  };

  const stats: RequestHandler = async (req, res) => {
    const principal = principalOf(req);
    const query = parseOr422(statsQuerySchema, req.query, 'query');
    let jurisdiction = query.jurisdiction ?? null;
    if (principal.jurisdiction !== NATIONAL) {
      if (jurisdiction !== null && jurisdiction !== principal.jurisdiction) throw forbidden('you may see only your own jurisdiction');
      jurisdiction = principal.jurisdiction;
    }
    res.json(await caseStatistics(db, jurisdiction));
  };

  return [
    {
      method: 'get',
      path: '/cases/:id/audit',
      roles: ['admin', 'prosecutor'],
      handler: audit,
      doc: {
        tags: ['records'],
        summary: 'The case\'s audit trail, oldest first: who did what, when, with what outcome (no personal data)',
        request: { params: caseIdParamsSchema },
        responses: { '200': json('the audit entries of the case', auditTrailSchema), ...problems(...AUTH_ERRORS, 404) },
      },
    },
    {
      method: 'get',
      path: '/stats',
      roles: ['admin'],
      handler: stats,
      doc: {
        tags: ['records'],
        summary: 'Non-identifying aggregates: cases by outcome and jurisdiction, median and 90th percentile durations, tiers reached',
        description: 'Purged cases still count. A regional admin sees its own region only.',
        request: { query: statsQuerySchema },
        responses: { '200': json('the figures', statsSchema), ...problems(...AUTH_ERRORS, 422) },
      },
    },
  ];
}
