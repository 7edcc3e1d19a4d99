/**
 * i18next with French by default, Arabic and English; each language's strings are a JSON file in
 * src/locales/, loaded on demand (one small chunk each). The choice is remembered in localStorage (it
 * is not a secret) and can be forced with `?lng=ar`. `<html lang dir>` follow the language, so the
 * whole layout (written with CSS logical properties) mirrors in Arabic.
 */
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

export function applyDocumentLanguage(lng: string): void {
  const root = document.documentElement;
  root.lang = lng;
  root.dir = i18n.dir(lng);
  document.title = i18n.t('app.documentTitle');
}

export const i18nReady = i18n
  .use(resourcesToBackend((lng: string) => import(`../locales/${lng}.json`)))
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    supportedLngs: LANGUAGES,
    fallbackLng: DEFAULT_LANGUAGE,
    load: 'languageOnly',
    nonExplicitSupportedLngs: true,
    detection: {
      // Not the browser's language: the service's default is French unless someone chooses.
      order: ['querystring', 'localStorage'],
      lookupQuerystring: 'lng',
      lookupLocalStorage: 'console.language',
      caches: ['localStorage'],
    },
    interpolation: { escapeValue: false },
  });

i18n.on('languageChanged', applyDocumentLanguage);
i18n.on('loaded', () => applyDocumentLanguage(i18n.resolvedLanguage ?? DEFAULT_LANGUAGE));

export default i18n;

/**
 * The locale numbers and dates are written in: Morocco's (`ar-MA` writes Western digits, as Moroccan
 * forms do), English as is.
 */
export const formatLocale = (lng: string): string => (lng.startsWith('ar') ? 'ar-MA' : lng.startsWith('fr') ? 'fr-MA' : 'en-GB');
