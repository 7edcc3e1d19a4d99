/** Elapsed times in the reader's language ("2 h 05 min", "٣ ي"), through Intl's unit formatting. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unit = (lng: string, name: 'minute' | 'hour' | 'day', value: number) =>
  new Intl.NumberFormat(lng, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);

/** Two units at most, the largest first: 3 d 4 h, 2 h 5 min, 7 min; under a minute is 0 min. */
export function formatElapsed(ms: number, lng: string): string {
  const safe = Math.max(0, ms);
  if (safe >= DAY) {
    const days = Math.floor(safe / DAY);
    const hours = Math.floor((safe % DAY) / HOUR);
    return hours ? `${unit(lng, 'day', days)} ${unit(lng, 'hour', hours)}` : unit(lng, 'day', days);
  }
  if (safe >= HOUR) {
    const hours = Math.floor(safe / HOUR);
    const minutes = Math.floor((safe % HOUR) / MINUTE);
    return minutes ? `${unit(lng, 'hour', hours)} ${unit(lng, 'minute', minutes)}` : unit(lng, 'hour', hours);
  }
  return unit(lng, 'minute', Math.floor(safe / MINUTE));
}

/** Between two API timestamps, or null when the later one has not happened. */
export function between(from: string, to: string | null, lng: string): string | null {
  return to === null ? null : formatElapsed(Date.parse(to) - Date.parse(from), lng);
}

export function formatDateTime(iso: string, lng: string): string {
  return new Intl.DateTimeFormat(lng, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}
