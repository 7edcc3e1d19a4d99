/**
 * Test support: every broadcast step of one case, in the order the case workflow sends them (local
 * alert, two widenings, national, a re-broadcast, a sighting that re-centres the search, the Cancel),
 * and the CAP document of each. Times and ids are fixed so expected values can be written out.
 */
import { MOROCCO } from '../../country-areas';
import type { CaseReport, GeoPoint } from '../../case-schemas';
import type { AlertStep, RiskLevel } from '../../case-vocabulary';
import type { AlertLanguage } from '../alert-languages';
import { buildCapMessage, type CapMessageInput } from '../cap-message';
import { toPublicAlertContent } from '../public-content';

export const CASE_ID = '3f2c9a10-5b7e-4d21-9c3a-8e1f0b6d4a27';
export const SENDER = 'alerts@police.ma';
export const CONTACT = '+212 5 22 00 19 19';
export const WEB_BASE_URL = 'https://alerts.police.ma';
export const LAST_SEEN: GeoPoint = { lat: 33.5731, lon: -7.5898 };
export const SIGHTING: GeoPoint = { lat: 34.020882, lon: -6.84165 };
export const LAST_SEEN_AT = '2026-11-30T02:47:00.000Z';
export const NOW = new Date('2026-11-30T03:00:00.000Z');
export const EXPIRES_AFTER_MS = 24 * 3_600_000;

const radius = (index: number, radiusKm: number, centre: GeoPoint): AlertStep['areas'][number] => ({ index, kind: 'radius', radiusKm, centre });
const national = (centre: GeoPoint): AlertStep['areas'][number] => ({ index: 3, kind: 'national', radiusKm: null, centre });

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.parse('2026-11-30T03:17:00.000Z') + hours * HOUR).toISOString();
const step = (n: number, kind: AlertStep['kind'], areas: AlertStep['areas'], sentAt: string): AlertStep => ({
  step: n,
  kind,
  msgType: kind === 'alert' ? 'Alert' : kind === 'cancel' ? 'Cancel' : 'Update',
  messageId: `mca-${CASE_ID}-${n}`,
  areas,
  sentAt,
});

export function fullCaseSteps(): AlertStep[] {
  return [
    step(1, 'alert', [radius(0, 10, LAST_SEEN)], at(0)),
    step(2, 'widen', [radius(1, 40, LAST_SEEN)], at(1)),
    step(3, 'widen', [radius(2, 160, LAST_SEEN)], at(2)),
    step(4, 'widen', [national(LAST_SEEN)], at(3)),
    step(5, 'rebroadcast', [national(LAST_SEEN)], at(27)),
    // A sighting while national: still the whole country, now centred on the sighting.
    step(6, 'sighting_update', [national(SIGHTING)], new Date(Date.parse(at(30)) + 123).toISOString()),
    // The Cancel lists every area reached (as `alertAreasReached` in the workflow does).
    step(7, 'cancel', [radius(0, 10, LAST_SEEN), radius(1, 40, LAST_SEEN), radius(2, 160, LAST_SEEN), national(LAST_SEEN)], at(31)),
  ];
}

export interface BuiltMessage {
  step: AlertStep;
  input: CapMessageInput;
  xml: string;
}

export function buildFullCase(
  report: CaseReport,
  options: { risk?: RiskLevel; languages?: AlertLanguage[]; cancelReason?: 'found' | 'withdrawn' } = {},
): BuiltMessage[] {
  const content = toPublicAlertContent(report, NOW);
  const steps = fullCaseSteps();
  return steps.map((current, i) => {
    const input: CapMessageInput = {
      step: current,
      caseId: CASE_ID,
      risk: options.risk ?? 'critical',
      content,
      sender: SENDER,
      references: steps.slice(0, i).map((earlier) => ({ messageId: earlier.messageId, sentAt: earlier.sentAt })),
      languages: options.languages,
      country: MOROCCO,
      webBaseUrl: WEB_BASE_URL,
      contact: CONTACT,
      expiresAfterMs: EXPIRES_AFTER_MS,
      cancelReason: options.cancelReason,
    };
    return { step: current, input, xml: buildCapMessage(input) };
  });
}
