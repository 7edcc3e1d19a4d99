/**
 * The report and the command bodies: the single source of truth for the API's validation, for the
 * OpenAPI document and (through `z.infer`) for the types the workflow contract carries. Domain layer:
 * the API and the contract import it; it imports only the domain's own rules (public-host.ts).
 * Objects are strict: an unknown field is an error, never silently stored personal data.
 */
import { z } from 'zod';
import { photoLinkReason } from './public-host';

/**
 * Free text: no control characters (PostgreSQL jsonb refuses NUL, and nothing legitimate needs them)
 * and no lone UTF-16 surrogates (they cannot be stored as UTF-8 without being altered).
 */
export const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A jurisdiction: the region code of `reportingUnit.jurisdiction` and of the tokens' claim. */
export const regionCode = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a region code such as MA-06');

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL_OR_LONE_SURROGATE.test(s), 'must not contain control characters or invalid Unicode');
const isoDateTime = z.iso.datetime({ offset: true });

export const geoPointSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const caseReportSchema = z.strictObject({
  child: z.strictObject({
    fullName: text(200),
    dateOfBirth: z.iso.date(),
    sex: z.enum(['female', 'male']),
    description: z.strictObject({
      heightCm: z.number().int().min(30).max(230).optional(),
      build: text(100).optional(),
      hair: text(100).optional(),
      eyes: text(100).optional(),
      clothing: text(500).optional(),
      distinguishingMarks: text(500).optional(),
    }),
    photoUrls: z.array(z.string().max(2000).superRefine((link, ctx) => {
      const reason = photoLinkReason(link);
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    })).max(10),
    medicalNeeds: text(1000).optional(),
  }),
  lastSeen: z.strictObject({
    at: isoDateTime,
    location: geoPointSchema,
    address: text(500).optional(),
  }),
  circumstances: z.strictObject({
    type: z.enum(['abduction', 'runaway', 'lost', 'unknown']),
    details: text(4000),
    suspect: z
      .strictObject({
        description: text(1000),
        vehicle: text(500).optional(),
      })
      .optional(),
  }),
  background: z.strictObject({
    hobbies: z.array(text(200)).max(50),
    personalProblems: z.array(text(1000)).max(50),
    frequentedPlaces: z
      .array(z.strictObject({ name: text(200), location: geoPointSchema.optional() }))
      .max(50),
  }),
  guardian: z.strictObject({
    fullName: text(200),
    relationship: text(100),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number such as +212600000000'),
    consentToPublish: z.boolean(),
  }),
  reportingUnit: z.strictObject({
    id: text(100),
    jurisdiction: regionCode.trim(),
  }),
});

export const approvalDecisionSchema = z
  .strictObject({
    decision: z.enum(['approve', 'decline']),
    reason: text(2000).optional(),
  })
  .refine((body) => body.decision === 'approve' || body.reason !== undefined, {
    message: 'a reason is required to decline',
    path: ['reason'],
  });

export const sightingSchema = z.strictObject({
  location: geoPointSchema,
  seenAt: isoDateTime,
  note: text(2000).optional(),
});

export const foundSchema = z.strictObject({
  foundAt: isoDateTime.optional(),
  location: geoPointSchema.optional(),
  condition: z.enum(['unharmed', 'injured', 'deceased', 'unknown']).optional(),
  note: text(2000).optional(),
});

export const closeSchema = z.strictObject({
  reason: z.enum(['false_report', 'withdrawn', 'duplicate', 'other']),
  note: text(2000).optional(),
});

export type GeoPoint = z.infer<typeof geoPointSchema>;
export type CaseReport = z.infer<typeof caseReportSchema>;
export type ApprovalDecisionBody = z.infer<typeof approvalDecisionSchema>;
export type SightingBody = z.infer<typeof sightingSchema>;
export type FoundBody = z.infer<typeof foundSchema>;
export type CloseBody = z.infer<typeof closeSchema>;

