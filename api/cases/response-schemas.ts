/**
 * zod schemas of the API's responses: they exist for the OpenAPI document (clients generate code from
 * it), and the compile-time checks at the bottom keep them in step with the workflow contract.
 */
import { z } from 'zod';
import { CASE_STATUSES, RISK_LEVELS, type CaseState } from '../../workflows/contract';
import type { EndedCaseHistory } from './ended-case';
import { caseReportSchema, closeSchema, foundSchema, geoPointSchema } from './schemas';

const isoTime = z.string().describe('ISO 8601 date-time');
const actorSchema = z.object({ sub: z.string(), role: z.string(), jurisdiction: z.string().optional() });
const noteIdSchema = z.uuid().nullish().describe('the staff note (personal data, kept in the database), by id');
const statusSchema = z.enum(CASE_STATUSES);
const riskSchema = z.enum(RISK_LEVELS).nullable();

const tierSchema = z.object({
  index: z.number().int(),
  kind: z.enum(['radius', 'national']),
  radiusKm: z.number().nullable(),
  centre: geoPointSchema,
});

export const alertStepSchema = z.object({
  step: z.number().int(),
  kind: z.enum(['alert', 'widen', 'rebroadcast', 'sighting_update', 'cancel']),
  msgType: z.enum(['Alert', 'Update', 'Cancel']),
  messageId: z.string(),
  areas: z.array(tierSchema),
  sentAt: isoTime,
});

const approvalRoundSchema = z.object({
  round: z.number().int(),
  requestedAt: isoTime,
  reminders: z.array(isoTime),
  escalatedAt: isoTime.nullable(),
  decision: z.enum(['approve', 'decline']).nullable(),
  decidedBy: actorSchema.nullable(),
  decidedAt: isoTime.nullable(),
  reason: z.string().nullable().describe('cases started before notes moved to the database only; else null'),
  reasonNoteId: noteIdSchema,
});

const timelineEntrySchema = z.object({ event: z.string(), at: isoTime, detail: z.string().optional() });

const outcomeSchema = z.object({
  kind: z.enum(['found', 'closed']),
  at: isoTime,
  location: geoPointSchema.nullable(),
  condition: foundSchema.shape.condition.unwrap().nullish(),
  reason: closeSchema.shape.reason.nullable(),
  note: z.string().nullable().describe('cases started before notes moved to the database only; else null'),
  noteId: noteIdSchema,
  by: actorSchema,
});

export const caseStateSchema = z.object({
  caseId: z.uuid(),
  status: statusSchema,
  risk: riskSchema,
  jurisdiction: z.string(),
  consentToPublish: z.boolean(),
  lastSeen: z.object({ at: isoTime, location: geoPointSchema.nullable().describe('null for an admin (withheld)') }),
  searchCentre: geoPointSchema.nullable().describe('null for an admin until the first alert made an area public'),
  rejectionReasons: z.array(z.string()),
  probableDuplicateOf: z.uuid().nullable(),
  tier: tierSchema.nullable(),
  nextStepAt: isoTime.nullable(),
  approvals: z.array(approvalRoundSchema),
  alerts: z.array(alertStepSchema),
  sightings: z
    .array(
      z.object({
        commandId: z.uuid().optional(),
        location: geoPointSchema,
        seenAt: isoTime,
        noteId: noteIdSchema,
        note: z.string().optional(),
        reportedBy: actorSchema,
        receivedAt: isoTime,
      }),
    )
    .describe('the latest CASE_STATE_SIGHTINGS_MAX sightings'),
  sightingsTotal: z.number().int().optional(),
  timeline: z.array(timelineEntrySchema),
  outcome: outcomeSchema.nullable(),
  personalDataPurgedAt: isoTime.nullable(),
  runs: z.number().int(),
});

/** The non-identifying row of a case: what survives the retention purge. */
export const caseRecordSchema = z.object({
  caseId: z.uuid(),
  status: statusSchema,
  risk: riskSchema,
  jurisdiction: z.string(),
  reportingUnitId: z.string(),
  consentToPublish: z.boolean().nullable(),
  probableDuplicateOf: z.uuid().nullable(),
  tierReached: z.number().int().nullable(),
  nationalReached: z.boolean(),
  receivedAt: isoTime,
  validatedAt: isoTime.nullable(),
  approvalRequestedAt: isoTime.nullable(),
  decidedAt: isoTime.nullable(),
  firstAlertAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  outcome: z.string().nullable(),
  closeReason: z.string().nullable(),
  personalDataPurgedAt: isoTime.nullable(),
});

const caseLinksSchema = z.object({ self: z.string(), alerts: z.string() });

/** An ended case rebuilt from the records (api/cases/ended-case.ts): no free text, places until the purge. */
export const caseHistorySchema = z.object({
  lastSeen: z.object({ at: isoTime, location: geoPointSchema.nullable().describe('null for an admin (withheld)') }).nullable().describe('from the report; null once purged'),
  searchCentre: geoPointSchema.nullable().describe('the last sighting, else the last-seen point; null once purged'),
  approvals: z.array(approvalRoundSchema.omit({ reason: true, reasonNoteId: true })).describe('from approval_events: requests, reminders, escalations, decisions (never a reason)'),
  alerts: z.array(alertStepSchema).describe('every alert step with its areas; empty once purged'),
  sightings: z
    .array(z.object({ commandId: z.uuid(), location: geoPointSchema, seenAt: isoTime, noteId: z.uuid().nullable(), reportedBy: actorSchema, receivedAt: isoTime }))
    .describe('every sighting, oldest first; empty once purged'),
  sightingsTotal: z.number().int().describe('sightings reported (the audit log: still counted after the purge)'),
  outcome: outcomeSchema
    .omit({ note: true, noteId: true, by: true })
    .extend({ by: actorSchema.nullable().describe('from the audit log; null for cases that predate it') })
    .nullable()
    .describe('found (its place until the purge) or closed; null for a rejected case'),
  timeline: z.array(timelineEntrySchema).describe('the workflow\'s event names, from the dates the records keep'),
});

export const caseViewSchema = z.object({
  caseId: z.uuid(),
  status: statusSchema,
  source: z.enum(['workflow', 'database']).describe('workflow: the live state; database: the case has ended (or its workflow is gone)'),
  record: caseRecordSchema,
  state: caseStateSchema.nullable().describe('the live workflow state; null once read from the database'),
  history: caseHistorySchema.nullable().describe('once read from the database: the case rebuilt from its records; null while live'),
  report: caseReportSchema.optional().describe('personal data: intake officers, prosecutors and officers only, until purged'),
  withheld: z.array(z.string()).optional().describe('for an admin: what the state and history leave out (api/cases/state-disclosure.ts)'),
  links: caseLinksSchema,
});

export const caseCreatedSchema = z.object({ caseId: z.uuid(), status: statusSchema, links: caseLinksSchema });

export const caseListSchema = z.object({
  items: z.array(caseRecordSchema.extend({ links: caseLinksSchema })),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const alertListSchema = z.object({
  caseId: z.uuid(),
  items: z.array(
    z.object({
      step: z.number().int(),
      kind: z.string(),
      msgType: z.string(),
      tierIndex: z.number().int(),
      radiusKm: z.number().nullable().describe('null for national coverage or a multi-area cancellation'),
      centre: geoPointSchema.nullable(),
      areas: z.array(tierSchema),
      messageId: z.string(),
      sentAt: isoTime,
      cancelledAt: isoTime.nullable().describe('when a Cancel took this message off the public feed'),
      deliveries: z
        .array(
          z.object({
            channel: z.string().describe('`feed` (the public CAP feed) or a partner webhook name'),
            status: z.enum(['pending', 'delivered', 'failed', 'superseded']).describe('superseded: a newer message of the case reached the channel first'),
            attempts: z.number().int(),
            lastStatusCode: z.number().int().nullable().describe('HTTP status of the last answer; null for the feed or when none came'),
            lastError: z.string().nullable(),
            acknowledgedAt: isoTime.nullable(),
            updatedAt: isoTime,
          }),
        )
        .describe('one per channel: the feed first, then partners by name'),
    }),
  ),
});

export const commandResultSchema = z.object({
  caseId: z.uuid(),
  accepted: z.enum(['approval', 'sighting', 'found', 'close']),
  status: statusSchema.nullable().describe('200: the status after the command took effect; 202: null (not applied yet)'),
  state: caseStateSchema.nullable().describe('200: the state after the command took effect; 202: null'),
  links: caseLinksSchema,
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
});

// Compile-time guards: the documented shapes accept what the workflow really returns.
type Assert<T extends true> = T;
export type CaseStateMatches = Assert<CaseState extends z.input<typeof caseStateSchema> ? true : false>;
export type CaseHistoryMatches = Assert<EndedCaseHistory extends z.input<typeof caseHistorySchema> ? true : false>;
