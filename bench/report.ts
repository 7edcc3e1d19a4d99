/** A valid report for the bench (an 8-year-old last seen 30 minutes ago in Casablanca), unique per call. */
import { randomUUID } from 'node:crypto';

export const BENCH_JURISDICTION = 'MA-06';

export function benchReport(): unknown {
  const unique = randomUUID().slice(0, 8);
  const born = new Date();
  born.setUTCFullYear(born.getUTCFullYear() - 8);
  born.setUTCDate(born.getUTCDate() - 10);
  return {
    child: {
      fullName: `Bench Child-${unique}`,
      dateOfBirth: born.toISOString().slice(0, 10),
      sex: 'female',
      description: { heightCm: 125, build: 'slim', hair: 'black, braided', eyes: 'brown', clothing: 'red coat, blue jeans' },
      photoUrls: [],
    },
    lastSeen: { at: new Date(Date.now() - 30 * 60_000).toISOString(), location: { lat: 33.5731, lon: -7.5898 }, address: 'Place Mohammed V, Casablanca' },
    circumstances: { type: 'lost', details: 'Separated from her mother at the market.' },
    background: { hobbies: [], personalProblems: [], frequentedPlaces: [] },
    guardian: { fullName: `Bench Guardian-${unique}`, relationship: 'mother', phone: '+212600000001', consentToPublish: true },
    reportingUnit: { id: 'CASA-03', jurisdiction: BENCH_JURISDICTION },
  };
}
