/**
 * What a case page needs once the case has ended, from what PostgreSQL keeps: the workflow no longer
 * answers for it (or is gone), so this is the part of its state the records can rebuild.
 * - the last-seen point and time (from the report, until the purge; never any other report field);
 * - every sighting (`case_sightings`, until the purge) and how many there were (the audit log: always);
 * - every alert step with its areas (`alert_steps`, until the purge);
 * - the approval rounds (`approval_events`: requests, reminders, escalations, decisions; never a reason);
 * - the outcome: found (its place until the purge, the condition) or closed (the reason), and who;
 * - a timeline made of the dates of all of the above, in the workflow's own event names.
 * After the purge what is left names no one and places no one: dates, decisions, outcome, counts.
 * Free texts (notes, decline reasons) are never part of it.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { alertSteps, approvalEvents, auditLog, casePersonalData, caseSightings } from '../../db/schema';
import type { AlertStep, CaseStatus, GeoPoint, TimelineEntry, TimelineEvent } from '../../workflows/contract';
import type { CaseRow } from './case-view';

interface ActorView {
  sub: string;
  role: string;
  jurisdiction?: string;
}

const iso = (d: Date) => d.toISOString();

const actorOf = (row: { actorSub: string; actorRole: string; detail: unknown } | undefined): ActorView | null => {
  if (!row) return null;
  const jurisdiction = (row.detail as { jurisdiction?: unknown } | null)?.jurisdiction;
  return { sub: row.actorSub, role: row.actorRole, ...(typeof jurisdiction === 'string' ? { jurisdiction } : {}) };
};

/** The workflow's timeline event of an alert step (sighting updates have none of their own). */
function stepEvent(step: Pick<AlertStep, 'kind' | 'areas'>): TimelineEvent | null {
  switch (step.kind) {
    case 'alert':
      return 'first_alert';
    case 'widen':
      return step.areas[0]?.kind === 'national' ? 'national' : 'widened';
    case 'rebroadcast':
      return 'rebroadcast';
    case 'cancel':
      return 'alerts_cancelled';
    default:
      return null;
  }
}

const stepDetail = (step: Pick<AlertStep, 'kind' | 'areas'>): string | undefined => {
  if (step.kind === 'cancel' || step.areas.length !== 1) return undefined;
  const [area] = step.areas;
  return area.kind === 'national' ? 'national' : `${area.radiusKm} km`;
};

const APPROVAL_EVENTS: Record<string, TimelineEvent> = {
  request: 'approval_requested',
  reminder: 'approval_reminder',
  escalation: 'approval_escalated',
  approved: 'approved',
  declined: 'declined',
};

export async function endedCaseHistory(db: Database, row: CaseRow) {
  const caseId = row.id;
  const [lastSeenRows, sightingRows, stepRows, approvalRows, auditRows] = await Promise.all([
    // Only the last-seen point and time leave the report here: the rest stays behind its own role check.
    db
      .select({ lastSeen: sql<{ at: string; location: GeoPoint } | null>`${casePersonalData.report} -> 'lastSeen'` })
      .from(casePersonalData)
      .where(eq(casePersonalData.caseId, caseId)),
    db.select().from(caseSightings).where(eq(caseSightings.caseId, caseId)).orderBy(asc(caseSightings.receivedAt), asc(caseSightings.commandId)),
    db
      .select({ step: alertSteps.step, kind: alertSteps.kind, msgType: alertSteps.msgType, messageId: alertSteps.messageId, areas: alertSteps.areas, sentAt: alertSteps.sentAt })
      .from(alertSteps)
      .where(eq(alertSteps.caseId, caseId))
      .orderBy(asc(alertSteps.step)),
    db
      .select({ round: approvalEvents.round, kind: approvalEvents.kind, at: approvalEvents.at, actorSub: approvalEvents.actorSub })
      .from(approvalEvents)
      .where(eq(approvalEvents.caseId, caseId))
      .orderBy(asc(approvalEvents.round), asc(approvalEvents.at), asc(approvalEvents.id)),
    db
      .select({ at: auditLog.at, action: auditLog.action, actorSub: auditLog.actorSub, actorRole: auditLog.actorRole, detail: auditLog.detail, commandId: auditLog.commandId })
      .from(auditLog)
      .where(and(eq(auditLog.caseId, caseId), eq(auditLog.outcome, 'accepted'), inArray(auditLog.action, ['sighting.report', 'found.report', 'case.close', 'approval.decide'])))
      .orderBy(asc(auditLog.at), asc(auditLog.id)),
  ]);

  const raw = lastSeenRows[0]?.lastSeen ?? null;
  const lastSeen = raw ? { at: raw.at, location: { lat: raw.location.lat, lon: raw.location.lon } } : null;

  const byCommand = new Map(auditRows.filter((a) => a.commandId).map((a) => [a.commandId!, a]));
  const sightings = sightingRows.map((s) => ({
    commandId: s.commandId,
    location: { lat: s.lat, lon: s.lon },
    seenAt: iso(s.seenAt),
    noteId: s.noteId,
    reportedBy: actorOf(byCommand.get(s.commandId)) ?? { sub: s.reportedBySub, role: 'officer' },
    receivedAt: iso(s.receivedAt),
  }));
  const sightingAudits = auditRows.filter((a) => a.action === 'sighting.report');

  const alerts = stepRows.map((s) => ({
    step: s.step,
    kind: s.kind as AlertStep['kind'],
    msgType: s.msgType as AlertStep['msgType'],
    messageId: s.messageId,
    areas: s.areas as AlertStep['areas'],
    sentAt: iso(s.sentAt),
  }));

  const decisions = auditRows.filter((a) => a.action === 'approval.decide');
  const rounds = new Map<number, { round: number; requestedAt: string | null; reminders: string[]; escalatedAt: string | null; decision: 'approve' | 'decline' | null; decidedBy: ActorView | null; decidedAt: string | null }>();
  for (const e of approvalRows) {
    const round = rounds.get(e.round) ?? { round: e.round, requestedAt: null, reminders: [], escalatedAt: null, decision: null, decidedBy: null, decidedAt: null };
    if (e.kind === 'request') round.requestedAt = iso(e.at);
    else if (e.kind === 'reminder') round.reminders.push(iso(e.at));
    else if (e.kind === 'escalation') round.escalatedAt = iso(e.at);
    else if (e.kind === 'approved' || e.kind === 'declined') {
      round.decision = e.kind === 'approved' ? 'approve' : 'decline';
      round.decidedAt = iso(e.at);
      const audit = decisions.find((d) => d.actorSub === e.actorSub && (d.detail as { decision?: string } | null)?.decision === round.decision);
      round.decidedBy = actorOf(audit) ?? (e.actorSub ? { sub: e.actorSub, role: 'prosecutor' } : null);
    }
    rounds.set(e.round, round);
  }
  const approvals = [...rounds.values()].map((r) => ({ ...r, requestedAt: r.requestedAt ?? r.decidedAt ?? iso(row.receivedAt) }));

  const status = row.status as CaseStatus;
  const ending = auditRows.find((a) => a.action === (status === 'found' ? 'found.report' : 'case.close'));
  const outcome =
    (status === 'found' || status === 'closed') && row.endedAt
      ? {
          kind: status,
          // When the command took effect (its audit entry); the row's ended_at follows the alerts' cancellation.
          at: iso(ending?.at ?? row.endedAt),
          location: status === 'found' && row.foundLat !== null && row.foundLon !== null ? { lat: row.foundLat, lon: row.foundLon } : null,
          condition: status === 'found' ? ((row.foundCondition as 'unharmed' | 'injured' | 'deceased' | 'unknown' | null) ?? null) : null,
          reason: status === 'closed' ? ((row.closeReason as 'false_report' | 'withdrawn' | 'duplicate' | 'other' | null) ?? null) : null,
          by: actorOf(ending),
        }
      : null;

  // The timeline: the workflow's event names, from every date the records keep.
  const timeline: TimelineEntry[] = [];
  const mark = (event: TimelineEvent, at: Date | string | null, detail?: string) => {
    if (at === null) return;
    const when = typeof at === 'string' ? at : iso(at);
    timeline.push(detail === undefined ? { event, at: when } : { event, at: when, detail });
  };
  mark('received', row.receivedAt);
  if (status === 'rejected') mark('rejected', row.endedAt);
  else mark('validated', row.validatedAt);
  for (const e of approvalRows) {
    const event = APPROVAL_EVENTS[e.kind];
    if (event) mark(event, e.at, `round ${e.round}`);
  }
  for (const step of alerts) {
    const event = stepEvent(step);
    if (event) mark(event, step.sentAt, stepDetail(step));
  }
  if (alerts.length === 0) mark('first_alert', row.firstAlertAt);
  for (const s of sightingAudits) mark('sighting', s.at);
  if (outcome) mark(outcome.kind, outcome.at, (outcome.kind === 'closed' ? outcome.reason : outcome.condition) ?? undefined);
  mark('personal_data_purged', row.personalDataPurgedAt);
  timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  // The Cancel follows the end by construction; its row may carry an earlier time than the end's
  // audit entry (written alongside, not before), so it goes right after the outcome, as it happened.
  const cancelled = timeline.findIndex((e) => e.event === 'alerts_cancelled');
  const ended = timeline.findIndex((e) => e.event === outcome?.kind);
  if (cancelled !== -1 && ended > cancelled) timeline.splice(ended, 0, ...timeline.splice(cancelled, 1));
  // Validation comes before the first approval request by construction; its row's time is the database's
  // clock (the local activity's), which can run a few milliseconds past the workflow's time of the request.
  const validated = timeline.findIndex((e) => e.event === 'validated');
  const requested = timeline.findIndex((e) => e.event === 'approval_requested');
  if (validated !== -1 && requested !== -1 && validated > requested) timeline.splice(requested, 0, ...timeline.splice(validated, 1));

  return {
    lastSeen,
    searchCentre: sightings.at(-1)?.location ?? lastSeen?.location ?? null,
    approvals,
    alerts,
    sightings,
    sightingsTotal: sightingAudits.length,
    outcome,
    timeline,
  };
}

export type EndedCaseHistory = Awaited<ReturnType<typeof endedCaseHistory>>;
