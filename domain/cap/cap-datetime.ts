/**
 * CAP 1.2 (section 3.3.2) date-times: `YYYY-MM-DDThh:mm:ssXzh:zm`, no fractional seconds, and the
 * offset always written out: the spec forbids `Z` ("-00:00" would mean an unknown zone). We write UTC
 * as `+00:00`; receivers convert to local time themselves.
 */
export const CAP_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

export function toCapDateTime(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date-time: ${String(instant)}`);
  // toISOString is always UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`: drop the milliseconds (truncate, never
  // round, so a message's `sent` and the references to it agree) and spell the offset out.
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

export function addMs(instant: string, ms: number): Date {
  return new Date(new Date(instant).getTime() + ms);
}
