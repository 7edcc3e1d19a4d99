/**
 * Tip triage: the officers of a case read its tips from the public, assess them (credible or not, with
 * a reason) and promote one to a sighting, which runs the very command POST /cases/:id/sightings runs
 * (the search area re-centres) and links the sighting to the tip. Reading tips discloses personal data
 * and is audited like reading a report; every change is audited with the tip's id, never its content.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Request, RequestHandler } from 'express';
import { assessTip, claimPromotion, releasePromotion, tipCounts, tipOfCase, tipsOfCase, type TipRow } from '../../db/case-tips';
import type { Database } from '../../db/client';
import { isInsideArea } from '../../domain/geo';
import { writeAudit } from '../audit';
import { HttpProblem, notFound, parseOr422, validationProblem } from '../problem';
import { loadCaseFor, type CaseRow } from './case-view';
import type { CaseActionDeps, createCaseActionHandlers } from './command-handlers';
import { tipAssessmentSchema, tipParamsSchema, tipPromotionSchema, type Tip } from './tip-schemas';
import { searchCentreOf, tipPosition, toTips } from './tip-view';

export interface TipTriageDeps {
  config: CaseActionDeps['config'];
  client: Client;
  db: Database;
  reportSighting: ReturnType<typeof createCaseActionHandlers>['reportSighting'];
}

/** Promoting a tip nobody assessed yet makes it credible with these words. */
export const PROMOTED_REASON = 'promoted to a sighting';

export function createTipTriageHandlers({ config, client, db, reportSighting }: TipTriageDeps) {
  async function loadTip(req: Request): Promise<{ target: Awaited<ReturnType<typeof loadCaseFor>>; tip: TipRow }> {
    const target = await loadCaseFor(db, req);
    const params = tipParamsSchema.safeParse(req.params);
    const tip = params.success ? await tipOfCase(db, target.row.id, params.data.tipId) : undefined;
    if (!tip) throw notFound('no such tip on this case');
    return { target, tip };
  }

  /** One tip as the list shows it (its distance and group need the case's centre and its other tips). */
  async function viewOf(row: CaseRow, tipId: string): Promise<Tip> {
    const tips = toTips(await tipsOfCase(db, row.id), await searchCentreOf({ db, client }, row));
    return tips.find((t) => t.id === tipId)!;
  }

  const list: RequestHandler = async (req, res) => {
    const { row, principal } = await loadCaseFor(db, req);
    const [rows, centre, counts] = await Promise.all([tipsOfCase(db, row.id), searchCentreOf({ db, client }, row), tipCounts(db, row.id)]);
    await writeAudit(db, { actor: principal, action: 'tips.view', caseId: row.id, outcome: 'accepted', detail: { tips: rows.length } });
    // Purged: no tip is left, the counts the purge kept remain.
    const kept = row.tipsReceived === null ? counts : { received: row.tipsReceived, promoted: row.tipsPromoted ?? 0, dismissed: row.tipsDismissed ?? 0 };
    res.json({ tips: toTips(rows, centre), counts: kept });
  };

  const assess: RequestHandler = async (req, res) => {
    const { target, tip } = await loadTip(req);
    const body = parseOr422(tipAssessmentSchema, req.body);
    if (tip.promotedAt !== null && !body.credible) throw new HttpProblem(409, 'Conflict', 'this tip was promoted to a sighting: it stays credible');
    await assessTip(db, tip.id, { credible: body.credible, reason: body.reason, bySub: target.principal.sub });
    await writeAudit(db, { actor: target.principal, action: 'tip.assess', caseId: target.row.id, outcome: 'accepted', detail: { tipId: tip.id, credible: body.credible } });
    res.json(await viewOf(target.row, tip.id));
  };

  const promote: RequestHandler = async (req, res) => {
    const { target, tip } = await loadTip(req);
    const { position } = parseOr422(tipPromotionSchema, req.body ?? {});
    const location = position ?? tipPosition(tip);
    if (!location) throw validationProblem([{ field: 'position', reason: 'is required: this tip gives a place in words only' }]);
    if (!isInsideArea(location, config.country)) throw validationProblem([{ field: 'position', reason: `is outside the service area (${config.country.name})` }]);
    const commandId = randomUUID();
    if (!(await claimPromotion(db, tip.id, commandId))) throw new HttpProblem(409, 'Conflict', 'this tip was promoted to a sighting already');
    let result;
    try {
      result = await reportSighting(target, { location, seenAt: tip.seenAt.toISOString() }, commandId);
    } catch (err) {
      // Refused (the case ended, say): nothing took effect, so the tip may be promoted later. After a
      // timeout the sighting may still be applied: the tip stays claimed, and is never applied twice.
      if (err instanceof HttpProblem) await releasePromotion(db, tip.id, commandId);
      throw err;
    }
    const kept = tip.credible === true && tip.assessmentReason ? tip.assessmentReason : PROMOTED_REASON;
    await assessTip(db, tip.id, { credible: true, reason: kept, bySub: target.principal.sub });
    await writeAudit(db, { actor: target.principal, action: 'tip.promote', caseId: target.row.id, outcome: 'accepted', detail: { tipId: tip.id, sightingCommandId: commandId } });
    res.status(200).json({ tip: await viewOf(target.row, tip.id), result: result.body });
  };

  return { list, assess, promote };
}
