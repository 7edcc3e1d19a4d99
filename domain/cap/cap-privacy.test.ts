/**
 * No background, guardian, medical, circumstance-details or reporting-unit field leaves the system:
 * checked on every message of a full case, in every language, with a canary planted in each field.
 */
import { makeReport, PRIVATE_FIELD_CANARIES } from '../../test/helpers/fixtures';
import type { CaseReport } from '../../workflows/contract';
import { toPublicAlertContent } from './public-content';
import { buildFullCase, NOW } from './testing/full-case';
import { childrenNamed, parseXmlStrict } from './testing/xml-dom';

function reportWithCanaries(): { report: CaseReport; canaries: Record<string, string> } {
  const report = makeReport({
    ...PRIVATE_FIELD_CANARIES,
    guardian: { relationship: 'CANARY-RELATIONSHIP aunt', phone: '+212 699 123 457' },
    reportingUnit: { id: 'CANARY-UNIT-CASA-03', jurisdiction: 'CANARYJUR-06' },
  });
  const canaries = {
    guardianName: report.guardian.fullName,
    guardianPhone: report.guardian.phone,
    relationship: 'CANARY-RELATIONSHIP',
    medical: 'CANARY-MEDICAL',
    medicalWord: 'insulin',
    details: 'CANARY-DETAILS',
    detailsWords: 'argument',
    hobby: 'CANARY-HOBBY',
    problem: 'CANARY-PROBLEM',
    place: 'CANARY-PLACE',
    placeName: 'Ligue Arabe',
    placeLat: '33.580511',
    placeLon: '-7.622633',
    unit: 'CANARY-UNIT',
    jurisdiction: 'CANARYJUR',
    dateOfBirth: report.child.dateOfBirth,
  };
  return { report, canaries };
}

/** The message with spaces and separators removed, so a phone written differently is still caught. */
const squeezed = (text: string) => text.replace(/[\s()+-]/g, '');

describe('no private field in any alert', () => {
  const { report, canaries } = reportWithCanaries();
  const messages = buildFullCase(report, { languages: ['ar-MA', 'fr-MA', 'en'], cancelReason: 'found' });

  it('plants canaries the report really carries (the check below is not vacuous)', () => {
    const raw = JSON.stringify(report);
    for (const canary of Object.values(canaries)) expect(raw).toContain(canary);
    expect(messages).toHaveLength(7);
  });

  it.each(['ar-MA', 'fr-MA', 'en'])('keeps every canary out of every message, in the %s info block and in the whole document', (language) => {
    const firstName = report.child.fullName.split(' ')[0];
    for (const { xml } of messages) {
      const root = parseXmlStrict(xml).documentElement!;
      const block = childrenNamed(root, 'info').find((i) => childrenNamed(i, 'language')[0].textContent === language)!;
      const text = block.textContent ?? '';
      // Positive control: the public part is there, so the block is the one we think it is.
      expect(text).toContain(firstName);
      for (const canary of Object.values(canaries)) {
        expect(text).not.toContain(canary);
        expect(xml).not.toContain(canary);
      }
      expect(squeezed(xml)).not.toContain(squeezed(canaries.guardianPhone));
    }
  });

  it('publishes the suspect and vehicle, which the public needs', () => {
    expect(messages[0].xml).toContain('Suspect: tall man, grey jacket. Vehicle: red scooter.');
  });

  it('keeps every canary out of the public content itself', () => {
    const json = JSON.stringify(toPublicAlertContent(report, NOW));
    for (const canary of Object.values(canaries)) expect(json).not.toContain(canary);
  });
});
