/**
 * The languages an alert can be written in: one CAP `info` block each. Only languages with real
 * texts are accepted, so a typo in ALERT_LANGUAGES fails at start-up instead of sending an empty block.
 */
import type { AlertTexts } from './texts/alert-texts';
import { arMA } from './texts/ar-ma';
import { en } from './texts/en';
import { frMA } from './texts/fr-ma';

export const ALERT_TEXTS = { 'ar-MA': arMA, 'fr-MA': frMA, en } as const satisfies Record<string, AlertTexts>;

export type AlertLanguage = keyof typeof ALERT_TEXTS;
export const SUPPORTED_ALERT_LANGUAGES = Object.keys(ALERT_TEXTS) as AlertLanguage[];
export const DEFAULT_ALERT_LANGUAGES: readonly AlertLanguage[] = ['ar-MA', 'fr-MA'];

export const isAlertLanguage = (value: string): value is AlertLanguage =>
  Object.prototype.hasOwnProperty.call(ALERT_TEXTS, value);

/** `"ar-MA, fr-MA,en"` -> ['ar-MA', 'fr-MA', 'en'], in the given order, duplicates dropped. */
export function parseAlertLanguages(list: string): AlertLanguage[] {
  const codes = list.split(',').map((code) => code.trim()).filter((code) => code !== '');
  const unknown = codes.filter((code) => !isAlertLanguage(code));
  if (unknown.length > 0) {
    throw new Error(`unsupported alert language(s): ${unknown.join(', ')} (supported: ${SUPPORTED_ALERT_LANGUAGES.join(', ')})`);
  }
  if (codes.length === 0) throw new Error('at least one alert language is required');
  return [...new Set(codes as AlertLanguage[])];
}
