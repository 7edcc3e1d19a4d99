/** Who is calling: the verified claims of a bearer token, and the rules that follow from them. */
import { z } from 'zod';
import { regionCode } from '../cases/schemas';

export const ROLES = ['intake_officer', 'prosecutor', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A region code as in `reportingUnit.jurisdiction`, or `*` for national staff. */
const jurisdictionClaimSchema = z.union([z.literal('*'), regionCode]);

export const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  jurisdiction: jurisdictionClaimSchema,
});

export type Principal = z.infer<typeof claimsSchema>;

export const NATIONAL = '*';

export function coversJurisdiction(principal: Principal, jurisdiction: string): boolean {
  return principal.jurisdiction === NATIONAL || principal.jurisdiction === jurisdiction;
}

/**
 * Minimal disclosure: the report (child, guardian, background) goes to the people who work the case.
 * Administrators run the service and see the non-identifying record only.
 */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['intake_officer', 'prosecutor', 'officer'];
