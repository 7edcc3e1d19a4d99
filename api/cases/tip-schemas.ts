/**
 * Tip triage through the API: the request bodies (assessment, promotion) and what the routes answer.
 * The console builds its screen against these shapes (the OpenAPI document carries them).
 */
import { z } from 'zod';
import { CONTROL_OR_LONE_SURROGATE, geoPointSchema } from '../../domain/case-schemas';
import { commandResultSchema } from './response-schemas';

const isoTime = z.string().describe('ISO 8601 date-time');

export const tipParamsSchema = z.object({ id: z.uuid(), tipId: z.uuid() });

export const tipAssessmentSchema = z.strictObject({
  credible: z.boolean(),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .refine((s) => !CONTROL_OR_LONE_SURROGATE.test(s), 'must not contain control characters or invalid Unicode'),
});
export type TipAssessmentBody = z.infer<typeof tipAssessmentSchema>;

export const tipPromotionSchema = z.strictObject({
  position: geoPointSchema.optional().describe('where the sighting was: required when the tip has only a place in words; else the tip\'s point'),
});

export const tipSchema = z.object({
  id: z.uuid(),
  receipt: z.string().describe('the code the tipster was given'),
  receivedAt: isoTime,
  seenAt: isoTime,
  place: z.string().nullable(),
  position: geoPointSchema.nullable(),
  description: z.string(),
  phone: z.string().nullable(),
  callbackConsent: z.boolean(),
  distanceMeters: z.number().int().nullable().describe('from the case\'s current search centre; null without a point'),
  group: z.string().describe('tips within 500 m and 30 minutes of each other (transitively) share it: the id of the group\'s earliest tip'),
  assessment: z.object({ credible: z.boolean(), reason: z.string(), at: isoTime, by: z.string().describe('the assessing officer\'s sub') }).nullable(),
  promotedAt: isoTime.nullable(),
});
export type Tip = z.infer<typeof tipSchema>;

export const tipCountsSchema = z.object({
  received: z.number().int(),
  promoted: z.number().int(),
  dismissed: z.number().int().describe('assessed not credible'),
});

export const tipListSchema = z.object({ tips: z.array(tipSchema).describe('newest first'), counts: tipCountsSchema });

export const tipPromotionResultSchema = z.object({ tip: tipSchema, result: commandResultSchema.describe('what POST /cases/:id/sightings answers') });
