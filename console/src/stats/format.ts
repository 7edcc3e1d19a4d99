/** A duration in seconds in the reader's language: seconds under a minute, else as the Cases screen writes it. */
import { formatElapsed } from '../cases/durations';

export function formatSeconds(seconds: number, lng: string): string {
  if (seconds < 60) return new Intl.NumberFormat(lng, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 0 }).format(Math.max(0, seconds));
  return formatElapsed(seconds * 1000, lng);
}
