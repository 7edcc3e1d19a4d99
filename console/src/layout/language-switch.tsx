/** French, Arabic, English: each named in its own language, as a person looking for theirs reads it. */
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/i18n';

const NAMES: Record<(typeof LANGUAGES)[number], string> = { fr: 'Français', ar: 'العربية', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? 'fr';
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={current} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {NAMES[lng]}
          </option>
        ))}
      </select>
    </label>
  );
}
