/**
 * The rows a new case is made of, written in the caller's transaction: the `cases` row, the report
 * apart in `case_personal_data`, and the guardian's consent. Intake is their only writer; the
 * workflow starts afterwards with `caseFactsOf` and reads the report back by case id.
 */
import { childFingerprint, type FingerprintKey } from '../domain/child-fingerprint';
import { insertCasePhotos, type ProcessedPhoto } from './case-photos';
import { recordPublicationConsent } from './consent-records';
import type { CaseFacts, CaseReport } from '../workflows/contract';
import type { Database } from './client';
import { casePersonalData, cases } from './schema';

type Executor = Pick<Database, 'insert'>;

export interface NewCase {
  caseId: string;
  report: CaseReport;
  receivedAt: Date;
  recordedBy: { sub: string; role: string };
  /** Photos uploaded with the report (checked and re-encoded), stored apart in `case_photos`. */
  photos?: readonly ProcessedPhoto[];
  /** The newest fingerprint key (FINGERPRINT_KEYS' first). */
  fingerprintKey: FingerprintKey;
}

export async function insertCaseRecords(tx: Executor, { caseId, report, receivedAt, recordedBy, photos = [], fingerprintKey }: NewCase): Promise<void> {
  await tx.insert(cases).values({
    id: caseId,
    status: 'validating',
    jurisdiction: report.reportingUnit.jurisdiction,
    reportingUnitId: report.reportingUnit.id,
    consentToPublish: report.guardian.consentToPublish,
    receivedAt,
  });
  await tx.insert(casePersonalData).values({ caseId, report, childFingerprint: childFingerprint(report.child, fingerprintKey) });
  await insertCasePhotos(tx, caseId, photos);
  await recordPublicationConsent(tx, { caseId, given: report.guardian.consentToPublish, recordedAt: receivedAt, recordedBy, source: 'intake_api' });
}

/** The non-personal facts the workflow decides on: nothing that names or describes anyone. */
export function caseFactsOf(report: CaseReport, receivedAt: Date): CaseFacts {
  return {
    jurisdiction: report.reportingUnit.jurisdiction,
    consentToPublish: report.guardian.consentToPublish,
    lastSeen: { at: report.lastSeen.at, location: { lat: report.lastSeen.location.lat, lon: report.lastSeen.location.lon } },
    receivedAt: receivedAt.toISOString(),
  };
}
