/**
 * POST /cases. Order matters: schema and no-I/O rules first (422, nothing written), then one
 * transaction that claims the Idempotency-Key and writes the case rows, then the workflow start.
 * A concurrent duplicate waits on the key's row lock and reads the winner; whoever reaches Temporal
 * first starts the workflow and the others get "already started", which is success. A start that
 * failed after the commit is repaired by retrying with the same key.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import type { Config } from '../../config/env';
import { caseFactsOf, insertCaseRecords } from '../../db/case-intake';
import type { Database } from '../../db/client';
import { casePersonalData, cases, intakeRequests } from '../../db/schema';
import { checkReportRules } from '../../domain/report-rules';
import type { caseWorkflow } from '../../workflows';
import { CaseJurisdictionSA, CaseRiskSA, CaseStatusSA, CaseTierSA, workflowIdForCase, type CaseReport } from '../../workflows/contract';
import { writeAudit } from '../audit';
import { forbidden, principalOf } from '../auth/middleware';
import { coversJurisdiction } from '../auth/principal';
import { HttpProblem, parseOr422, validationProblem } from '../problem';
import { caseLinks } from './case-view';
import { caseReportSchema, idempotencyKeyHeaderSchema } from './schemas';

export interface IntakeDeps {
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'country' | 'policy'>;
  client: Client;
  db: Database;
}

/** Key order does not matter to jsonb; compare reports by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function createIntakeHandler({ config, client, db }: IntakeDeps): RequestHandler {
  async function startCase(caseId: string, report: CaseReport, receivedAt: Date): Promise<void> {
    try {
      await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: workflowIdForCase(caseId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        // The non-personal facts only: the workflow's activities read the report from PostgreSQL.
        args: [{ caseId, policy: config.policy, facts: caseFactsOf(report, receivedAt) }],
        // Never a second run under the same id, even long after the first has completed.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: CaseStatusSA, value: 'validating' },
          { key: CaseJurisdictionSA, value: report.reportingUnit.jurisdiction },
          { key: CaseRiskSA, value: 'unassessed' },
          { key: CaseTierSA, value: -1 },
        ],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw new HttpProblem(503, 'Service Unavailable', 'the case was recorded but could not be started yet; retry with the same Idempotency-Key');
    }
  }

  return async (req, res) => {
    const principal = principalOf(req);
    const header = idempotencyKeyHeaderSchema.safeParse({ 'idempotency-key': req.get('idempotency-key') });
    if (!header.success) throw validationProblem([{ field: 'Idempotency-Key', reason: header.error.issues[0].message }]);
    const key = header.data['idempotency-key'];
    const report = parseOr422(caseReportSchema, req.body);
    if (!coversJurisdiction(principal, report.reportingUnit.jurisdiction)) {
      throw forbidden('the reporting unit belongs to another jurisdiction');
    }
    const violations = checkReportRules(report, new Date(), config.country);
    if (violations.length > 0) throw validationProblem(violations.map((v) => ({ field: v.path, reason: v.message })));

    const fresh = { caseId: randomUUID(), receivedAt: new Date() };
    const outcome = await db.transaction(async (tx) => {
      if (key) {
        const claimed = await tx
          .insert(intakeRequests)
          .values({ idempotencyKey: key, actorSub: principal.sub, caseId: fresh.caseId })
          .onConflictDoNothing()
          .returning({ caseId: intakeRequests.caseId });
        if (claimed.length === 0) {
          const [winner] = await tx.select().from(intakeRequests).where(eq(intakeRequests.idempotencyKey, key));
          return { created: false as const, caseId: winner.caseId, actorSub: winner.actorSub };
        }
      }
      await insertCaseRecords(tx, { caseId: fresh.caseId, report, receivedAt: fresh.receivedAt, recordedBy: { sub: principal.sub, role: principal.role } });
      await writeAudit(tx, { actor: principal, action: 'case.create', caseId: fresh.caseId, outcome: 'accepted' });
      return { created: true as const, caseId: fresh.caseId };
    });

    if (outcome.created) {
      await startCase(outcome.caseId, report, fresh.receivedAt);
      res.status(201).location(`/cases/${outcome.caseId}`).json({ caseId: outcome.caseId, status: 'validating', links: caseLinks(outcome.caseId) });
      return;
    }

    // A replay: same caller, same report, or the key is refused (IETF idempotency-key draft: 422).
    const reused = () => validationProblem([{ field: 'Idempotency-Key', reason: 'already used for a different request' }]);
    if (outcome.actorSub !== principal.sub) throw reused();
    const [row] = await db.select().from(cases).where(eq(cases.id, outcome.caseId));
    const [personal] = await db.select({ report: casePersonalData.report }).from(casePersonalData).where(eq(casePersonalData.caseId, outcome.caseId));
    // Once purged, the stored report is gone: the key still names its case, and nothing restarts.
    if (personal) {
      if (canonical(personal.report) !== canonical(report)) throw reused();
      await startCase(outcome.caseId, report, row.receivedAt);
    }
    res.status(200).set('Idempotent-Replayed', 'true').location(`/cases/${outcome.caseId}`);
    res.json({ caseId: outcome.caseId, status: row.status, links: caseLinks(outcome.caseId) });
  };
}
