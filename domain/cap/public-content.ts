/**
 * The only part of a report that may leave the system in an alert. Every field is copied by name
 * into a new object of a closed type: background, guardian, medical needs, the circumstances' free
 * text and the reporting unit have no field here, so no later change to the report can leak them
 * through a spread or a serialiser.
 */
import type { CaseReport, GeoPoint } from '../case-schemas';
import { ageInYears } from '../report-rules';

export interface PublicPhysicalDescription {
  heightCm: number | null;
  build: string | null;
  hair: string | null;
  eyes: string | null;
  clothing: string | null;
  distinguishingMarks: string | null;
}

export interface PublicSuspect {
  description: string;
  vehicle: string | null;
}

export interface PublicAlertContent {
  firstName: string;
  /** Everything after the first name; empty when the report gives a single name. */
  familyName: string;
  /** Whole years when last seen: the age the public should look for in the photo. */
  ageYears: number;
  sex: 'female' | 'male';
  photoUrls: string[];
  description: PublicPhysicalDescription;
  /** The event name depends on it ("Abducted child"); the other circumstance types are not published. */
  abducted: boolean;
  lastSeen: {
    at: string;
    /** The address given, or the coordinates written out when there is none. */
    place: string;
    location: GeoPoint;
    /** True when `place` is the reported address (texts say "at"), false for bare coordinates. */
    hasAddress: boolean;
  };
  suspect: PublicSuspect | null;
}

/** "Yasmine El Amrani" -> ["Yasmine", "El Amrani"]: the first word is the first name. */
export function splitFullName(fullName: string): { firstName: string; familyName: string } {
  const words = fullName.trim().split(/\s+/);
  return { firstName: words[0] ?? '', familyName: words.slice(1).join(' ') };
}

/** `33.5731, -7.5898`: readable, and the same in every language. */
export function formatCoordinates(point: GeoPoint): string {
  return `${formatDegrees(point.lat)}, ${formatDegrees(point.lon)}`;
}

/** At most 6 decimals (about 10 cm), no exponent notation, no trailing zeros. */
export function formatDegrees(value: number): string {
  return String(Number(value.toFixed(6)));
}

/**
 * `now` caps the instant the age is computed at: the API tolerates a last-seen time a little in the
 * future (clock skew), and an age must never be computed past the present.
 */
export function toPublicAlertContent(report: CaseReport, now: Date): PublicAlertContent {
  const { child, lastSeen, circumstances } = report;
  const seenAt = new Date(Math.min(new Date(lastSeen.at).getTime(), now.getTime()));
  const address = lastSeen.address?.trim();
  const suspect = circumstances.suspect;
  return {
    ...splitFullName(child.fullName),
    ageYears: ageInYears(child.dateOfBirth, seenAt),
    sex: child.sex,
    photoUrls: [...child.photoUrls],
    description: {
      heightCm: child.description.heightCm ?? null,
      build: child.description.build ?? null,
      hair: child.description.hair ?? null,
      eyes: child.description.eyes ?? null,
      clothing: child.description.clothing ?? null,
      distinguishingMarks: child.description.distinguishingMarks ?? null,
    },
    abducted: circumstances.type === 'abduction',
    lastSeen: {
      at: lastSeen.at,
      place: address ? address : formatCoordinates(lastSeen.location),
      location: { lat: lastSeen.location.lat, lon: lastSeen.location.lon },
      hasAddress: Boolean(address),
    },
    suspect: suspect ? { description: suspect.description, vehicle: suspect.vehicle ?? null } : null,
  };
}
