/**
 * Commands on an existing case: each one workflow Update, one round trip. The workflow validates it
 * (refused: 409 with the reason, audited here as refused), applies it, writes its audit entry, and
 * answers the state after it took effect (200). Found and close are never lost: when no worker answers
 * the Update in time they go as a signal, durable once the server has it (202), and take effect when a
 * worker runs. What staff type goes to `case_notes`; the command carries only the note's id.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateStage, type Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import type { Request, RequestHandler } from 'express';
import type { ZodType } from 'zod';
import type { Config } from '../../config/env';
import type { Database } from '../../db/client';
import { caseNotes } from '../../db/schema';
import { isInsideArea } from '../../domain/geo';
import { isInFuture } from '../../domain/report-rules';
import { workflowIdForCase, type Actor, type CaseState } from '../../workflows/contract';
import { writeAudit, type AuditAction } from '../audit';
import type { Principal } from '../auth/principal';
import { type FieldProblem, HttpProblem, notFound, parseOr422, validationProblem } from '../problem';
import { isTemporalTimeout } from '../temporal-deadline';
import { caseLinks, loadCaseFor, type CaseRow } from './case-view';
import { mayReadPersonalData, operationalState } from './state-disclosure';
import { approvalDecisionSchema, closeSchema, foundSchema, sightingSchema, type SightingBody } from './schemas';
import { commandDefinitions, type CommandName } from './command-definitions';

export interface CaseActionDeps {
  config: Pick<Config, 'API_TEMPORAL_TIMEOUT' | 'country'>;
  client: Client;
  db: Database;
}

const inFuture = (at: string | undefined) => at !== undefined && isInFuture(at);

const conflict = (detail: string) => new HttpProblem(409, 'Conflict', detail);

/** The workflow validator's words (e.g. "the case has ended (found)"), which the caller should see. */
const refusalReason = (err: WorkflowUpdateFailedError) => err.cause?.message ?? err.message;

/** What a command route answers: its status and body (api/cases/response-schemas.ts commandResultSchema). */
export interface CommandAnswer {
  httpStatus: 200 | 202;
  body: { caseId: string; accepted: CommandName; status: CaseState['status'] | null; state: CaseState | null; links: ReturnType<typeof caseLinks> };
}

interface CommandSpec<T> {
  name: CommandName;
  action: AuditAction;
  schema: ZodType<T>;
  check: (body: T) => FieldProblem[];
  noteKind: 'sighting' | 'found' | 'close' | 'decline';
  noteOf: (body: T) => string | undefined;
  /** Non-identifying facts for the audit entry of a refusal. */
  detailOf: (body: T) => Record<string, string | null>;
  /** The command as the workflow receives it: points, times, enums and ids. */
  commandOf: (body: T, ids: { commandId: string; noteId: string | null }, actor: Actor) => unknown;
}

export function createCaseActionHandlers({ config, client, db }: CaseActionDeps) {
  const actorOf = (p: Principal): Actor => ({ sub: p.sub, role: p.role, jurisdiction: p.jurisdiction });

  async function saveNote(caseId: string, kind: CommandSpec<unknown>['noteKind'], text: string | undefined, author: string): Promise<string | null> {
    if (text === undefined) return null;
    const id = randomUUID();
    await db.insert(caseNotes).values({ id, caseId, kind, text, authorSub: author });
    return id;
  }

  /**
   * A refused command (or one on no case) took no effect: its note goes with it. After a timeout the
   * outcome is unknown (the server may still apply an admitted Update), so the note stays; the purge
   * removes it with the case.
   */
  const dropNote = async (caseId: string, noteId: string | null) => {
    if (noteId) await db.delete(caseNotes).where(and(eq(caseNotes.id, noteId), eq(caseNotes.caseId, caseId)));
  };

  /** 202: the case has the command and applies it (once); its page shows the outcome. */
  const takenIn = (caseId: string, name: CommandName): CommandAnswer => ({
    httpStatus: 202,
    body: { caseId, accepted: name, status: null, state: null, links: caseLinks(caseId) },
  });

  /**
   * One command on a case the caller may act on: what the route answers (200 with the state after it,
   * or 202 when the case took it in but had not applied it in time, or it went as a durable signal).
   * Refusals throw their HttpProblem.
   */
  async function runCommand<T>(spec: CommandSpec<T>, { row, principal }: { row: CaseRow; principal: Principal }, input: unknown, commandId: string = randomUUID()): Promise<CommandAnswer> {
    const { update, signal } = commandDefinitions[spec.name];
    const body = parseOr422(spec.schema, input);
    const problems = spec.check(body);
    if (problems.length > 0) throw validationProblem(problems);
    const noteId = await saveNote(row.id, spec.noteKind, spec.noteOf(body), principal.sub);
    const command = spec.commandOf(body, { commandId, noteId }, actorOf(principal));
    const handle = client.workflow.getHandle(workflowIdForCase(row.id));
    let state: CaseState;
    // Once the case has taken the command in (its validator passed), it applies it: a timeout after
    // that is no reason to send it again (the case would then refuse it as already decided).
    let admitted = false;
    try {
      // Leave part of the request's deadline for the durable fallback below.
      const updateDeadline = Date.now() + Math.floor(config.API_TEMPORAL_TIMEOUT * (signal ? 0.6 : 1));
      state = await client.connection.withDeadline(updateDeadline, async () => {
        // The command's id names the Update too: the audit entry and the Update can be matched.
        const running = await handle.startUpdate<CaseState, [unknown]>(update.name, { args: [command], waitForStage: WorkflowUpdateStage.ACCEPTED, updateId: commandId });
        admitted = true;
        return running.result();
      });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        await dropNote(row.id, noteId);
        throw notFound('no such case');
      }
      if (err instanceof WorkflowUpdateFailedError) {
        await dropNote(row.id, noteId);
        await writeAudit(db, { actor: principal, action: spec.action, caseId: row.id, outcome: 'refused', detail: spec.detailOf(body) });
        throw conflict(refusalReason(err));
      }
      if (admitted && isTemporalTimeout(err)) return takenIn(row.id, spec.name);
      if (!signal || !isTemporalTimeout(err)) throw err;
      // No worker answered: the signal is durable now and takes effect (once) when a worker runs.
      await handle.signal<[unknown]>(signal.name, command);
      return takenIn(row.id, spec.name);
    }
    // An admin closing a case reads the state as the case page shows it to an admin.
    const shown = mayReadPersonalData(principal.role) ? state : operationalState(state);
    return { httpStatus: 200, body: { caseId: row.id, accepted: spec.name, status: state.status, state: shown, links: caseLinks(row.id) } };
  }

  function commandHandler<T>(spec: CommandSpec<T>): RequestHandler {
    return async (req: Request, res) => {
      const answer = await runCommand(spec, await loadCaseFor(db, req), req.body);
      res.status(answer.httpStatus).json(answer.body);
    };
  }

  const approval = commandHandler({
    name: 'approval',
    action: 'approval.decide',
    schema: approvalDecisionSchema,
    check: () => [],
    noteKind: 'decline',
    noteOf: (b) => b.reason,
    detailOf: (b) => ({ decision: b.decision }),
    commandOf: (b, ids, actor) => ({ decision: b.decision, ...ids, decidedBy: actor }),
  });
  const sightingSpec: CommandSpec<SightingBody> = {
    name: 'sighting',
    action: 'sighting.report',
    schema: sightingSchema,
    check: (b) => [
      ...(inFuture(b.seenAt) ? [{ field: 'seenAt', reason: 'is in the future' }] : []),
      ...(isInsideArea(b.location, config.country) ? [] : [{ field: 'location', reason: `is outside the service area (${config.country.name})` }]),
    ],
    noteKind: 'sighting',
    noteOf: (b) => b.note,
    detailOf: () => ({}),
    commandOf: (b, ids, actor) => ({ location: b.location, seenAt: b.seenAt, ...ids, reportedBy: actor }),
  };
  const sighting = commandHandler(sightingSpec);
  const found = commandHandler({
    name: 'found',
    action: 'found.report',
    schema: foundSchema,
    check: (b) => (inFuture(b.foundAt) ? [{ field: 'foundAt', reason: 'is in the future' }] : []),
    noteKind: 'found',
    noteOf: (b) => b.note,
    detailOf: () => ({}),
    commandOf: (b, ids, actor) => ({ foundAt: b.foundAt, location: b.location, condition: b.condition, ...ids, reportedBy: actor }),
  });
  const close = commandHandler({
    name: 'close',
    action: 'case.close',
    schema: closeSchema,
    check: () => [],
    noteKind: 'close',
    noteOf: (b) => b.note,
    detailOf: (b) => ({ reason: b.reason }),
    commandOf: (b, ids, actor) => ({ reason: b.reason, ...ids, closedBy: actor }),
  });

  /** A sighting from elsewhere in the API (a promoted tip): exactly what POST /cases/:id/sightings does. */
  const reportSighting = (target: { row: CaseRow; principal: Principal }, body: SightingBody, commandId: string) => runCommand(sightingSpec, target, body, commandId);

  return { approval, sighting, found, close, reportSighting };
}
