import { randomUUID } from 'node:crypto';
import type { CasePolicy, CaseReport } from '../../workflows/contract';

const HOUR = 3_600_000;

/** The default policy of the service, written out: tests assert timings against these numbers. */
export const defaultPolicy = (overrides: Partial<CasePolicy> = {}): CasePolicy => ({
  approvalReminderAfterMs: 15 * 60_000,
  approvalEscalateAfterMs: HOUR,
  expansionIntervalMs: HOUR,
  expansionRadiiKm: [10, 40, 160],
  rebroadcastIntervalMs: 24 * HOUR,
  retentionAfterCloseMs: 30 * 24 * HOUR,
  historyEventLimit: 2_000,
  alertChannels: [],
  ...overrides,
});

export const yearsAgo = (years: number, from = new Date()): string => {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 10);
  return d.toISOString().slice(0, 10);
};

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * Canaries in every field that must never leave the system (medical, circumstance details,
 * background): merged into `makeReport` by the privacy tests of the CAP builder and of deliveries.
 */
export const PRIVATE_FIELD_CANARIES = {
  child: { medicalNeeds: 'CANARY-MEDICAL insulin twice a day' },
  circumstances: { type: 'abduction', details: 'CANARY-DETAILS left after an argument', suspect: { description: 'tall man, grey jacket', vehicle: 'red scooter' } },
  background: {
    hobbies: ['CANARY-HOBBY chess club'],
    personalProblems: ['CANARY-PROBLEM bullied at school'],
    frequentedPlaces: [{ name: 'CANARY-PLACE Parc de la Ligue Arabe', location: { lat: 33.580511, lon: -7.622633 } }],
  },
} satisfies DeepPartial<CaseReport>;

/** A valid report: an 8-year-old last seen 30 minutes ago in Casablanca, guardian consenting. */
export function makeReport(overrides: DeepPartial<CaseReport> = {}): CaseReport {
  const unique = randomUUID().slice(0, 8);
  const base: CaseReport = {
    child: {
      fullName: `Yasmine Canary-${unique}`,
      dateOfBirth: yearsAgo(8),
      sex: 'female',
      description: { heightCm: 125, build: 'slim', hair: 'black, braided', eyes: 'brown', clothing: 'red coat, blue jeans' },
      photoUrls: ['https://photos.example.org/yasmine.jpg'],
      medicalNeeds: undefined,
    },
    lastSeen: { at: new Date(Date.now() - 30 * 60_000).toISOString(), location: { lat: 33.5731, lon: -7.5898 }, address: 'Place Mohammed V, Casablanca' },
    circumstances: { type: 'lost', details: 'Separated from her mother at the market.' },
    background: {
      hobbies: ['football'],
      personalProblems: ['bullied at school'],
      frequentedPlaces: [{ name: 'Parc de la Ligue Arabe', location: { lat: 33.5805, lon: -7.6226 } }],
    },
    guardian: { fullName: `Fatima Canary-${unique}`, relationship: 'mother', phone: '+212600000001', consentToPublish: true },
    reportingUnit: { id: 'CASA-03', jurisdiction: 'MA-06' },
  };
  delete base.child.medicalNeeds;
  return merge(base, overrides) as CaseReport;
}

function merge(target: unknown, patch: unknown): unknown {
  if (patch === undefined) return target;
  if (Array.isArray(patch) || typeof patch !== 'object' || patch === null) return patch;
  const out: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(out[key], value);
  return out;
}

export const officer = { sub: 'officer-7', role: 'officer' };
export const prosecutor = { sub: 'prosecutor-2', role: 'prosecutor' };
