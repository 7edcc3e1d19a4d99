/**
 * Records for people, auditors and statistics; Temporal holds the process state.
 * Personal data lives only in `case_personal_data`, apart from everything else, so it can be purged
 * while the non-identifying facts of a case stay for statistics.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    status: text('status').notNull(),
    risk: text('risk'),
    jurisdiction: text('jurisdiction').notNull(),
    reportingUnitId: text('reporting_unit_id').notNull(),
    consentToPublish: boolean('consent_to_publish'),
    probableDuplicateOf: uuid('probable_duplicate_of'),
    tierReached: integer('tier_reached'),
    nationalReached: boolean('national_reached').notNull().default(false),
    receivedAt: ts('received_at').notNull(),
    validatedAt: ts('validated_at'),
    approvalRequestedAt: ts('approval_requested_at'),
    decidedAt: ts('decided_at'),
    firstAlertAt: ts('first_alert_at'),
    endedAt: ts('ended_at'),
    outcome: text('outcome'),
    closeReason: text('close_reason'),
    /**
     * Where a found child was found (the officer's point) and the condition reported: what the case
     * page shows once the workflow no longer answers. The place is personal: the purge blanks it.
     */
    foundLat: doublePrecision('found_lat'),
    foundLon: doublePrecision('found_lon'),
    foundCondition: text('found_condition'),
    personalDataPurgedAt: ts('personal_data_purged_at'),
    /**
     * The case's tips from the public, counted by the purge as it deletes them (null before): statistics
     * keep counting them. Until then they are counted in `case_tips` itself.
     */
    tipsReceived: integer('tips_received'),
    tipsPromoted: integer('tips_promoted'),
    tipsDismissed: integer('tips_dismissed'),
    /**
     * The case's public reference: the alert page is `/a/<public_ref>` (the CAP `web` link). Random
     * (122 bits, drawn by PostgreSQL for every new row), so it says nothing about the case and cannot be
     * guessed; it names no one, so the purge keeps it and the page keeps answering 410 Gone.
     */
    publicRef: text('public_ref')
      .notNull()
      .unique('cases_public_ref_unique')
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('cases_status_idx').on(t.status), index('cases_jurisdiction_idx').on(t.jurisdiction, t.status)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Photos the service owns (uploaded with the report): personal data, apart like the report and deleted
 * by the purge. `bytes` are the re-encoded JPEG the public gets (every metadata block stripped);
 * `sha1` (hex) and `size` are those bytes', as the CAP `<resource>` carries them. `source_sha256` is the
 * uploaded file's digest, only so that a retried intake (same Idempotency-Key) is recognised as the
 * same request. Served at `/p/<photo_ref>.jpg` while the case's alert is active.
 */
export const casePhotos = pgTable(
  'case_photos',
  {
    photoRef: text('photo_ref').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    mimeType: text('mime_type').notNull(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
    sha1: text('sha1').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    sourceSha256: text('source_sha256').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('case_photos_case_position').on(t.caseId, t.position)],
);

export const casePersonalData = pgTable(
  'case_personal_data',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id, { onDelete: 'cascade' }),
    /** The whole report as received: child, guardian, background. */
    report: jsonb('report').notNull(),
    /** Keyed hash of full name + date of birth, to spot a probable duplicate without a name index. */
    childFingerprint: text('child_fingerprint').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('case_personal_data_fingerprint_idx').on(t.childFingerprint)],
);

/**
 * Idempotency keys of intake requests: a retried POST returns the same case. A key is the caller's own
 * (token `sub`): another officer choosing the same key neither blocks nor reads this one's case.
 */
export const intakeRequests = pgTable(
  'intake_requests',
  {
    idempotencyKey: text('idempotency_key').notNull(),
    actorSub: text('actor_sub').notNull(),
    caseId: uuid('case_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'intake_requests_actor_key_pk', columns: [t.actorSub, t.idempotencyKey] })],
);

/** Approval requests, reminders, escalations and decisions: one row per (case, round, kind). */
export const approvalEvents = pgTable(
  'approval_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    kind: text('kind').notNull(),
    audience: text('audience').notNull(),
    jurisdiction: text('jurisdiction').notNull(),
    at: ts('at').notNull(),
    actorSub: text('actor_sub'),
    reason: text('reason'),
    notifiedAt: ts('notified_at'),
    /** The push to NOTIFY_WEBHOOK_URL gave up after its bounded retries: transport facts only. */
    notifyFailedAt: ts('notify_failed_at'),
    notifyError: text('notify_error'),
  },
  (t) => [unique('approval_events_case_round_kind').on(t.caseId, t.round, t.kind)],
);

/** Every broadcast step of a case; the public feed and the deliveries hang off it. */
export const alertSteps = pgTable(
  'alert_steps',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    kind: text('kind').notNull(),
    msgType: text('msg_type').notNull(),
    messageId: text('message_id').notNull().unique(),
    tierIndex: integer('tier_index').notNull(),
    areas: jsonb('areas').notNull(),
    sentAt: ts('sent_at').notNull(),
    cancelledAt: ts('cancelled_at'),
    /** The CAP 1.2 document of the step, written with the row: the feed serves exactly what partners got. */
    capXml: text('cap_xml'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.step] })],
);

/** How a POST to a partner went: attempts, the last answer or transport error, the acknowledgement. */
const partnerPostColumns = () => ({
  attempts: integer('attempts').notNull().default(0),
  lastStatusCode: integer('last_status_code'),
  lastError: text('last_error'),
  acknowledgedAt: ts('acknowledged_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * One row per (case, step, channel): the public feed and each partner webhook. The row is the
 * exactly-once guard of a delivery: once `delivered`, a retried or replayed activity sends nothing.
 * `last_error` holds transport facts only (host, status, timeout), never message content.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    caseId: uuid('case_id').notNull(),
    step: integer('step').notNull(),
    channel: text('channel').notNull(),
    messageId: text('message_id').notNull(),
    /** `superseded`: a newer message of the case reached the channel first, so this one was never sent. */
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'superseded'] }).notNull(),
    ...partnerPostColumns(),
  },
  (t) => [
    unique('alert_deliveries_case_step_channel').on(t.caseId, t.step, t.channel),
    // A delivery belongs to its step: deleting the step (the retention purge) deletes its deliveries.
    foreignKey({ columns: [t.caseId, t.step], foreignColumns: [alertSteps.caseId, alertSteps.step] }).onDelete('cascade'),
    index('alert_deliveries_status_idx').on(t.channel, t.status),
  ],
);

/**
 * One row per (case, partner channel) that was sent a message of the case: the `erase` notification the
 * purge owes it, written in the purge's own transaction (before its alert rows go) with every CAP
 * message id the channel was sent. Ids name the case, never the child, so the row outlives the purge
 * as the record of when each partner acknowledged the erasure. The guard of its exactly-once effect,
 * as `alert_deliveries` is for messages.
 */
export const partnerErasures = pgTable(
  'partner_erasures',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    messageIds: jsonb('message_ids').$type<string[]>().notNull(),
    /** When the personal data was purged: the notification's `erasedAt`. */
    erasedAt: ts('erased_at').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    ...partnerPostColumns(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.channel] })],
);


/**
 * What staff type about a case (sighting notes, found and close notes, decline reasons): personal data,
 * so it stays here and a workflow command carries only its id. Deleted by the purge.
 */
export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['sighting', 'found', 'close', 'decline'] }).notNull(),
    text: text('text').notNull(),
    authorSub: text('author_sub').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('case_notes_case_idx').on(t.caseId)],
);

/** Every sighting of a case, as applied by the workflow (which keeps only the latest few in its state). */
export const caseSightings = pgTable(
  'case_sightings',
  {
    commandId: uuid('command_id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    seenAt: ts('seen_at').notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    noteId: uuid('note_id'),
    reportedBySub: text('reported_by_sub').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [index('case_sightings_case_idx').on(t.caseId, t.receivedAt)],
);

/**
 * Append-only: a trigger in the migrations refuses UPDATE and DELETE. It outlives the retention period,
 * so it never holds personal data: who (staff sub and role), what, which case, when, outcome.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().default(sql`now()`),
    actorSub: text('actor_sub').notNull(),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    caseId: uuid('case_id'),
    outcome: text('outcome').notNull(),
    detail: jsonb('detail'),
    /** The command an entry records (written by the workflow as it applies it): once per command. */
    commandId: uuid('command_id'),
  },
  (t) => [
    index('audit_log_case_idx').on(t.caseId, t.at),
    uniqueIndex('audit_log_command_once').on(t.commandId),
    uniqueIndex('audit_log_once_per_case').on(t.caseId, t.action).where(sql`action = 'case.purge_personal_data'`),
  ],
);

/**
 * The guardian's consent to publish (the only legal basis of a public alert), one row per case and
 * purpose, kept after the purge: it names no one, and it is the proof the alert was lawful.
 * `source` says who recorded it: the intake officer through the API, or the workflow at validation
 * (cases started without the API); the first writer wins, a retry changes nothing.
 */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    given: boolean('given').notNull(),
    givenBy: text('given_by').notNull(),
    recordedAt: ts('recorded_at').notNull(),
    recordedBySub: text('recorded_by_sub').notNull(),
    recordedByRole: text('recorded_by_role').notNull(),
    source: text('source').notNull(),
  },
  (t) => [unique('consent_records_case_purpose').on(t.caseId, t.purpose)],
);

/**
 * Tips from the public (POST /public/tips): personal data (what a stranger saw, maybe a phone number),
 * kept apart like the report, never sent to Temporal, deleted by the purge with the case. The client's
 * address is not stored. `receipt` is the code the tipster gets back (random, 10 base32 characters).
 * Triage: `credible` with its reason, who and when; a tip promoted to a sighting keeps the sighting's
 * command id (`case_sightings.command_id`, written by the workflow a moment later: no foreign key).
 */
export const caseTips = pgTable(
  'case_tips',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    receipt: text('receipt').notNull().unique('case_tips_receipt_unique'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    seenAt: ts('seen_at').notNull(),
    place: text('place'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    description: text('description').notNull(),
    phone: text('phone'),
    callbackConsent: boolean('callback_consent').notNull().default(false),
    credible: boolean('credible'),
    assessmentReason: text('assessment_reason'),
    assessedBySub: text('assessed_by_sub'),
    assessedAt: ts('assessed_at'),
    promotedAt: ts('promoted_at'),
    sightingCommandId: uuid('sighting_command_id'),
  },
  (t) => [index('case_tips_case_idx').on(t.caseId, t.receivedAt)],
);
