/**
 * What every language must say in a CAP `info` block. The texts are written per language (not
 * assembled from translated fragments) because Arabic and French agree words with the child's sex and
 * Arabic counts years with its own plural rules.
 */
import type { PublicAlertContent } from '../public-content';

/** How the case ended, for the Cancel's wording; never the child's condition. */
export type CancelReason = 'found' | 'withdrawn';

export interface AlertTexts {
  event(abducted: boolean): string;
  senderName: string;
  headline(content: PublicAlertContent): string;
  description(content: PublicAlertContent): string;
  instruction(content: PublicAlertContent, contact: string): string;
  photoDescription(content: PublicAlertContent): string;
  radiusArea(radiusKm: number, place: string): string;
  nationalArea(countryName: string): string;
  cancelHeadline(name: string, reason: CancelReason): string;
  cancelInstruction(contact: string): string;
}

export const displayName = (content: Pick<PublicAlertContent, 'firstName' | 'familyName'>): string =>
  `${content.firstName} ${content.familyName}`.trim();

/** The zone the public lives in: times in the texts are Moroccan wall-clock times with their offset. */
export const PUBLIC_TIME_ZONE = 'Africa/Casablanca';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: PUBLIC_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/**
 * `{ date: '30/11/2026', time: '04:17', offset: 'UTC+01:00' }`, with Latin digits in every language
 * (as Moroccan media write them). The offset is spelled out because Morocco moves its clock for Ramadan.
 */
export function localTime(iso: string): { date: string; time: string; offset: string } {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const offset = parts.timeZoneName === 'GMT' ? 'UTC+00:00' : parts.timeZoneName.replace('GMT', 'UTC');
  return { date: `${parts.day}/${parts.month}/${parts.year}`, time: `${parts.hour}:${parts.minute}`, offset };
}

/** Joins the sentences that exist: `["Height: 125 cm.", null, ...]` -> "Height: 125 cm. ...". */
export const sentences = (items: Array<string | null>): string => items.filter((s): s is string => s !== null).join(' ');

/** `label(value)` when the value is known, else null. */
export const known = <T>(value: T | null, render: (v: T) => string): string | null => (value === null ? null : render(value));
