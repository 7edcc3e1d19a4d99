/**
 * A few cases of different risks and statuses for looking at the console on a development machine
 * (`npm run console:screenshots -- --seed`): one alerting with two sightings (the search re-centred),
 * two awaiting approval, one found before any alert, one found after its alert and a sighting (an
 * ended case with a map). Signs in through POST /dev/sign-in, so it only works against
 * `npm start` with its development secret. Idempotency keys make a second run add nothing.
 */
const hoursAgo = (h: number, from = Date.now()) => new Date(from - h * 3_600_000).toISOString();
/**
 * Reports are written relative to the start of the current hour, and their keys name it: a second run
 * within the hour replays the same reports (same cases), a later one adds fresh ones instead of
 * reusing a key with a different report (which the API refuses with 422).
 */
const HOUR_START = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const birthDate = (years: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 20);
  return d.toISOString().slice(0, 10);
};

interface Sample {
  key: string;
  age: number;
  type: 'abduction' | 'runaway' | 'lost' | 'unknown';
  seenHoursAgo: number;
  then?: 'approve' | 'found';
  /** After approval: sightings that move the search (only on the run that approved). */
  sightings?: Array<{ lat: number; lon: number; hoursAgo: number }>;
  /** After the sightings: found there (an ended case that had public alerts). */
  foundAt?: { lat: number; lon: number };
}

const SAMPLES: Sample[] = [
  {
    key: 'abduction',
    age: 9,
    type: 'abduction',
    seenHoursAgo: 0.5,
    then: 'approve',
    sightings: [
      { lat: 33.6046, lon: -7.5302, hoursAgo: 0.3 },
      { lat: 33.6861, lon: -7.3829, hoursAgo: 0.1 },
    ],
  },
  { key: 'toddler', age: 4, type: 'lost', seenHoursAgo: 2 },
  { key: 'lost-market', age: 10, type: 'lost', seenHoursAgo: 5, then: 'found' },
  { key: 'runaway', age: 15, type: 'runaway', seenHoursAgo: 30 },
  {
    key: 'found-after-alert',
    age: 7,
    type: 'lost',
    seenHoursAgo: 3,
    then: 'approve',
    sightings: [{ lat: 33.5412, lon: -7.6701, hoursAgo: 0.05 }],
    foundAt: { lat: 33.5234, lon: -7.7012 },
  },
];

function report(sample: Sample, jurisdiction: string) {
  return {
    child: {
      fullName: `Sample child ${sample.key}`,
      dateOfBirth: birthDate(sample.age),
      sex: sample.age % 2 ? 'female' : 'male',
      description: { heightCm: 90 + sample.age * 5, hair: 'black, short', clothing: 'blue jacket' },
      photoUrls: [`https://photos.example.org/sample-${sample.key}.jpg`],
    },
    lastSeen: { at: hoursAgo(sample.seenHoursAgo, HOUR_START), location: { lat: 33.5731, lon: -7.5898 }, address: 'Casablanca' },
    circumstances: { type: sample.type, details: 'Sample case for the console screenshots.' },
    background: { hobbies: [], personalProblems: [], frequentedPlaces: [] },
    guardian: { fullName: 'Sample guardian', relationship: 'parent', phone: '+212600000000', consentToPublish: true },
    reportingUnit: { id: 'SAMPLE-UNIT', jurisdiction },
  };
}

async function call(base: string, path: string, token: string | null, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

export async function devToken(base: string, role: string, jurisdiction: string): Promise<string> {
  const res = await call(base, '/dev/sign-in', null, { role, jurisdiction });
  if (res.status !== 200) throw new Error(`POST /dev/sign-in answered ${res.status}: is this npm start with its development secret?`);
  return String(res.body!.token);
}

/** The sample cases by key (abduction, toddler, lost-market, runaway, found-after-alert) -> case id. */
export async function seedSampleCases(base: string, jurisdiction = 'MA-06', log: (line: string) => void = console.log): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const intake = await devToken(base, 'intake_officer', jurisdiction);
  const prosecutor = await devToken(base, 'prosecutor', jurisdiction);
  const officer = await devToken(base, 'officer', jurisdiction);
  for (const sample of SAMPLES) {
    const created = await call(base, '/cases', intake, report(sample, jurisdiction), { 'Idempotency-Key': `console-sample-${jurisdiction}-${sample.key}-${HOUR_START}` });
    if (created.status !== 201 && created.status !== 200) throw new Error(`POST /cases answered ${created.status}: ${JSON.stringify(created.body)}`);
    const caseId = String(created.body!.caseId);
    ids[sample.key] = caseId;
    log(`sample case ${sample.key}: ${caseId}${created.status === 200 ? ' (already there)' : ''}`);
    if (!sample.then) continue;
    // The decision and "found" need the workflow to have reached awaiting_approval.
    for (let i = 0; i < 50; i++) {
      const view = await call(base, `/cases/${caseId}`, prosecutor, undefined);
      if (view.body?.status !== 'validating') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const action =
      sample.then === 'approve'
        ? await call(base, `/cases/${caseId}/approval`, prosecutor, { decision: 'approve' })
        : await call(base, `/cases/${caseId}/found`, officer, { condition: 'unharmed' });
    // 409: done on an earlier run.
    if (![200, 202, 409].includes(action.status)) throw new Error(`${sample.then} answered ${action.status}: ${JSON.stringify(action.body)}`);
    if (action.status !== 200) continue;
    for (const seen of sample.sightings ?? []) {
      const sighting = await call(base, `/cases/${caseId}/sightings`, officer, { location: { lat: seen.lat, lon: seen.lon }, seenAt: hoursAgo(seen.hoursAgo) });
      if (sighting.status !== 200) throw new Error(`sighting answered ${sighting.status}: ${JSON.stringify(sighting.body)}`);
    }
    if (sample.foundAt) {
      const found = await call(base, `/cases/${caseId}/found`, officer, { condition: 'unharmed', location: sample.foundAt });
      if (found.status !== 200) throw new Error(`found answered ${found.status}: ${JSON.stringify(found.body)}`);
    }
  }
  return ids;
}
