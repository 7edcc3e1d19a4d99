/**
 * The report form's state (strings, as inputs hold them), the body of POST /cases built from it
 * (domain/case-schemas.ts: empty optional fields left out, lists one per line), and the checks that
 * mirror the API's schema and rules (domain/report-rules.ts), keyed by the API's field paths so that
 * the server's 422 reasons land next to the same fields.
 */
import type { GeoPoint } from '../api/case-detail';
import type { PhotoConfig } from '../api/console-config';
import { isInsidePolygon } from '../map/geo';

export interface ReportDraft {
  fullName: string;
  dateOfBirth: string;
  sex: '' | 'female' | 'male';
  heightCm: string;
  build: string;
  hair: string;
  eyes: string;
  clothing: string;
  distinguishingMarks: string;
  medicalNeeds: string;
  photoUrls: string;
  lastSeenAt: string;
  lat: string;
  lon: string;
  address: string;
  circumstanceType: '' | 'abduction' | 'runaway' | 'lost' | 'unknown';
  details: string;
  suspectDescription: string;
  suspectVehicle: string;
  hobbies: string;
  personalProblems: string;
  frequentedPlaces: string;
  guardianName: string;
  relationship: string;
  phone: string;
  consent: '' | 'yes' | 'no';
  unitId: string;
  jurisdiction: string;
}

export const emptyDraft = (jurisdiction: string): ReportDraft => ({
  fullName: '', dateOfBirth: '', sex: '', heightCm: '', build: '', hair: '', eyes: '', clothing: '', distinguishingMarks: '',
  medicalNeeds: '', photoUrls: '', lastSeenAt: '', lat: '', lon: '', address: '', circumstanceType: '', details: '',
  suspectDescription: '', suspectVehicle: '', hobbies: '', personalProblems: '', frequentedPlaces: '', guardianName: '',
  relationship: '', phone: '', consent: '', unitId: '', jurisdiction,
});

/** Field path (as the API names it) -> a message key of `report.errors`, or the API's own reason. */
export type FieldErrors = Record<string, { key?: string; reason?: string }>;

/** The paths the form shows an error next to; the API's others are listed above the submit button. */
export const FORM_FIELDS: ReadonlySet<string> = new Set([
  'child.fullName', 'child.dateOfBirth', 'child.sex', 'child.medicalNeeds', 'child.photoUrls', 'photos',
  ...['heightCm', 'build', 'hair', 'eyes', 'clothing', 'distinguishingMarks'].map((k) => `child.description.${k}`),
  'lastSeen.at', 'lastSeen.location', 'lastSeen.address',
  'circumstances.type', 'circumstances.details', 'circumstances.suspect.description', 'circumstances.suspect.vehicle',
  'background.hobbies', 'background.personalProblems', 'background.frequentedPlaces',
  'guardian.fullName', 'guardian.relationship', 'guardian.phone', 'guardian.consentToPublish',
  'reportingUnit.id', 'reportingUnit.jurisdiction',
]);

/** `child.photoUrls.0` -> `child.photoUrls`, `lastSeen.location.lat` -> `lastSeen.location`: the field that holds it. */
export function formFieldOf(apiPath: string): string | null {
  const parts = apiPath.split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (FORM_FIELDS.has(candidate)) return candidate;
  }
  return null;
}

/** The API's 422 reasons keyed by the field that shows them (the first reason of each field). */
export function serverFieldErrors(problems: ReadonlyArray<{ field: string; reason: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) {
    const field = formFieldOf(p.field);
    if (field && !errors[field]) errors[field] = { reason: p.reason };
  }
  return errors;
}

const lines = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);
const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
const number = (text: string) => (text.trim() === '' ? NaN : Number(text.replace(',', '.')));

export function draftPoint(d: ReportDraft): GeoPoint | null {
  const lat = number(d.lat);
  const lon = number(d.lon);
  return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
}

/** `YYYY-MM-DDTHH:mm` in the device's zone -> ISO 8601 with offset (UTC). */
const localToIso = (value: string) => (value ? new Date(value).toISOString() : '');

export function toReportBody(d: ReportDraft): unknown {
  const height = number(d.heightCm);
  const suspect = optional(d.suspectDescription);
  return {
    child: {
      fullName: d.fullName.trim(),
      dateOfBirth: d.dateOfBirth,
      sex: d.sex,
      description: {
        heightCm: Number.isFinite(height) ? height : undefined,
        build: optional(d.build), hair: optional(d.hair), eyes: optional(d.eyes),
        clothing: optional(d.clothing), distinguishingMarks: optional(d.distinguishingMarks),
      },
      photoUrls: lines(d.photoUrls),
      medicalNeeds: optional(d.medicalNeeds),
    },
    lastSeen: { at: localToIso(d.lastSeenAt), location: draftPoint(d), address: optional(d.address) },
    circumstances: {
      type: d.circumstanceType,
      details: d.details.trim(),
      suspect: suspect ? { description: suspect, vehicle: optional(d.suspectVehicle) } : undefined,
    },
    background: { hobbies: lines(d.hobbies), personalProblems: lines(d.personalProblems), frequentedPlaces: lines(d.frequentedPlaces).map((name) => ({ name })) },
    guardian: { fullName: d.guardianName.trim(), relationship: d.relationship.trim(), phone: d.phone.trim(), consentToPublish: d.consent === 'yes' },
    reportingUnit: { id: d.unitId.trim(), jurisdiction: d.jurisdiction.trim() },
  };
}

const CLOCK_SKEW_MS = 2 * 60_000;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const REGION = /^[A-Za-z0-9_-]{1,32}$/;

function ageAt(dateOfBirth: string, at: Date): number {
  const [y, m, day] = dateOfBirth.split('-').map(Number);
  let age = at.getUTCFullYear() - y;
  if (at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < day)) age -= 1;
  return age;
}

/** As domain/public-host.ts: https, no user name or password in it (the API also refuses internal hosts). */
function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * The chosen files against the API's limits: count, size and declared type. The API checks the
 * content itself (a renamed file is refused there), so this only spares a doomed upload.
 */
export function checkPhotos(files: readonly File[], limits: PhotoConfig): FieldErrors {
  if (files.length > limits.maxFiles) return { photos: { key: 'photoFiles' } };
  if (files.some((f) => !limits.types.includes(f.type))) return { photos: { key: 'photoType' } };
  if (files.some((f) => f.size > limits.maxBytes)) return { photos: { key: 'photoSize' } };
  return {};
}

function photoHostOf(text: string): string | null {
  try {
    return new URL(text).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export function checkDraft(
  d: ReportDraft,
  now: Date,
  polygon: ReadonlyArray<readonly [number, number]> | undefined,
  urlHosts?: readonly string[],
): FieldErrors {
  const e: FieldErrors = {};
  const need = (path: string, value: string) => value.trim() === '' && (e[path] = { key: 'required' });
  need('child.fullName', d.fullName);
  need('child.dateOfBirth', d.dateOfBirth);
  need('child.sex', d.sex);
  need('lastSeen.at', d.lastSeenAt);
  need('circumstances.type', d.circumstanceType);
  need('circumstances.details', d.details);
  need('guardian.fullName', d.guardianName);
  need('guardian.relationship', d.relationship);
  need('guardian.phone', d.phone);
  need('guardian.consentToPublish', d.consent);
  need('reportingUnit.id', d.unitId);
  if (d.heightCm.trim() !== '') {
    const h = number(d.heightCm);
    if (!Number.isInteger(h) || h < 30 || h > 230) e['child.description.heightCm'] = { key: 'height' };
  }
  if (lines(d.photoUrls).some((u) => !isHttpsUrl(u))) e['child.photoUrls'] = { key: 'photoUrl' };
  else if (urlHosts && lines(d.photoUrls).some((u) => !urlHosts.includes(photoHostOf(u) ?? ''))) e['child.photoUrls'] = { key: 'photoHost' };
  if (lines(d.photoUrls).length > 10) e['child.photoUrls'] = { key: 'photoCount' };
  if (d.phone.trim() !== '' && !PHONE.test(d.phone.trim())) e['guardian.phone'] = { key: 'phone' };
  if (!REGION.test(d.jurisdiction.trim())) e['reportingUnit.jurisdiction'] = { key: 'jurisdiction' };
  const point = draftPoint(d);
  if (!point) e['lastSeen.location'] = { key: d.lat || d.lon ? 'coordinates' : 'placePoint' };
  else if (Math.abs(point.lat) > 90 || Math.abs(point.lon) > 180) e['lastSeen.location'] = { key: 'coordinates' };
  else if (polygon && !isInsidePolygon(point, polygon)) e['lastSeen.location'] = { key: 'outsideArea' };
  const born = d.dateOfBirth ? new Date(`${d.dateOfBirth}T00:00:00Z`) : null;
  const seen = d.lastSeenAt ? new Date(d.lastSeenAt) : null;
  if (born && born.getTime() > now.getTime()) e['child.dateOfBirth'] = { key: 'future' };
  if (seen && seen.getTime() > now.getTime() + CLOCK_SKEW_MS) e['lastSeen.at'] = { key: 'future' };
  if (born && seen && !e['child.dateOfBirth'] && !e['lastSeen.at']) {
    if (seen.getTime() < born.getTime()) e['lastSeen.at'] = { key: 'beforeBirth' };
    else if (ageAt(d.dateOfBirth, seen) >= 18) e['child.dateOfBirth'] = { key: 'adult' };
  }
  return e;
}
