/**
 * The API's own request schemas (query, path, headers); the bodies are the domain's
 * (domain/case-schemas.ts), re-exported here for the routes.
 */
import { z } from 'zod';
import { CASE_STATUSES, RISK_LEVELS } from '../../workflows/contract';
import { regionCode } from '../../domain/case-schemas';

export * from '../../domain/case-schemas';

// Query and path parameters. Unknown query parameters are refused like unknown body fields.

export const caseIdParamsSchema = z.object({ id: z.uuid() });

export const listCasesQuerySchema = z.strictObject({
  status: z.enum(CASE_STATUSES).optional(),
  jurisdiction: regionCode.optional(),
  risk: z.enum([...RISK_LEVELS, 'unassessed']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a nextCursor value').optional(),
});

export const idempotencyKeyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{8,200}$/, 'must be 8 to 200 visible ASCII characters')
    .optional(),
});

