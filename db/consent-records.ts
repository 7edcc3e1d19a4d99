/** Consent records: written at intake, one per case and purpose; the first writer wins. */
import type { Database } from './client';
import { consentRecords } from './schema';

export const PUBLICATION_CONSENT = 'public_alert';
/** What the system writes as actor when no person acted (validation, purge). */
export const SYSTEM_ACTOR = { sub: 'system', role: 'system' } as const;

type Executor = Pick<Database, 'insert'>;

export interface ConsentInput {
  caseId: string;
  given: boolean;
  recordedAt: Date;
  recordedBy: { sub: string; role: string };
  source: 'intake_api' | 'workflow_validation';
}

/** Idempotent on (case, purpose): a retried intake or activity leaves the one row there is. */
export async function recordPublicationConsent(db: Executor, input: ConsentInput): Promise<void> {
  await db
    .insert(consentRecords)
    .values({
      caseId: input.caseId,
      purpose: PUBLICATION_CONSENT,
      given: input.given,
      // Who gives it, as a category: the report's free-text relationship could hold a name.
      givenBy: 'guardian',
      recordedAt: input.recordedAt,
      recordedBySub: input.recordedBy.sub,
      recordedByRole: input.recordedBy.role,
      source: input.source,
    })
    .onConflictDoNothing();
}
