/**
 * Write handlers on an existing case. The approval is a workflow Update (the workflow validates it and
 * answers with the new state, or refuses: 409); sightings, found and close are signals (202).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Request, RequestHandler } from 'express';
import type { ZodType } from 'zod';
import type { Config } from '../../config/env';
import type { Database } from '../../db/client';
import { isInsideArea } from '../../domain/geo';
import { isInFuture } from '../../domain/report-rules';
import {
  closeSignal,
  decideApprovalUpdate,
  ENDED_STATUSES,
  foundSignal,
  sightingSignal,
  workflowIdForCase,
} from '../../workflows/contract';
import { writeAudit, type AuditAction } from '../audit';
import { type FieldProblem, HttpProblem, notFound, parseOr422, validationProblem } from '../problem';
import { caseLinks, loadCaseFor, queryLiveState } from './read-model';
import { approvalDecisionSchema, closeSchema, foundSchema, sightingSchema } from './schemas';

export interface CaseActionDeps {
  config: Config;
  client: Client;
  db: Database;
}

const inFuture = (at: string | undefined) => at !== undefined && isInFuture(at);

const parseBody = <T>(schema: ZodType<T>, req: Request): T => parseOr422(schema, req.body);

const conflict = (detail: string) => new HttpProblem(409, 'Conflict', detail);

export function createCaseActionHandlers({ config, client, db }: CaseActionDeps) {
  const approval: RequestHandler = async (req, res) => {
    const { row, principal } = await loadCaseFor(db, req);
    const body = parseBody(approvalDecisionSchema, req);
    const handle = client.workflow.getHandle(workflowIdForCase(row.id));
    const audit = (outcome: 'accepted' | 'refused') =>
      writeAudit(db, { actor: principal, action: 'approval.decide', caseId: row.id, outcome, detail: { decision: body.decision } });
    try {
      const state = await handle.executeUpdate(decideApprovalUpdate, { args: [{ ...body, decidedBy: { sub: principal.sub, role: principal.role } }] });
      await audit('accepted');
      res.json({ caseId: row.id, status: state.status, state, links: caseLinks(row.id) });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw notFound('no such case');
      if (err instanceof WorkflowUpdateFailedError) {
        await audit('refused');
        throw conflict('the case is not awaiting an approval decision');
      }
      throw err;
    }
  };

  /** Shared by the three signals: the case must exist, be visible to the caller, and not have ended. */
  function signalHandler<T>(
    action: AuditAction,
    accepted: 'sighting' | 'found' | 'close',
    schema: ZodType<T>,
    check: (body: T) => FieldProblem[],
    send: (handle: ReturnType<Client['workflow']['getHandle']>, body: T, actor: { sub: string; role: string }) => Promise<void>,
  ): RequestHandler {
    return async (req, res) => {
      const { row, principal } = await loadCaseFor(db, req);
      const body = parseBody(schema, req);
      const problems = check(body);
      if (problems.length > 0) throw validationProblem(problems);
      const state = await queryLiveState(client, row.id);
      if (!state) throw notFound('no such case');
      if (ENDED_STATUSES.includes(state.status)) throw conflict(`the case has ended (${state.status})`);
      try {
        await send(client.workflow.getHandle(workflowIdForCase(row.id)), body, { sub: principal.sub, role: principal.role });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw notFound('no such case');
        throw err;
      }
      const detail = accepted === 'close' ? { reason: (body as { reason: string }).reason } : undefined;
      await writeAudit(db, { actor: principal, action, caseId: row.id, outcome: 'accepted', detail });
      res.status(202).json({ caseId: row.id, accepted, status: state.status, links: caseLinks(row.id) });
    };
  }

  const sighting = signalHandler(
    'sighting.report',
    'sighting',
    sightingSchema,
    (b) => [
      ...(inFuture(b.seenAt) ? [{ field: 'seenAt', reason: 'is in the future' }] : []),
      ...(isInsideArea(b.location, config.country) ? [] : [{ field: 'location', reason: `is outside the service area (${config.country.name})` }]),
    ],
    (h, b, actor) => h.signal(sightingSignal, { ...b, reportedBy: actor }),
  );
  const found = signalHandler(
    'found.report',
    'found',
    foundSchema,
    (b) => (inFuture(b.foundAt) ? [{ field: 'foundAt', reason: 'is in the future' }] : []),
    (h, b, actor) => h.signal(foundSignal, { ...b, reportedBy: actor }),
  );
  const close = signalHandler('case.close', 'close', closeSchema, () => [], (h, b, actor) => h.signal(closeSignal, { ...b, closedBy: actor }));

  return { approval, sighting, found, close };
}
