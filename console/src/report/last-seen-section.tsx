/**
 * When and where the child was last seen: a click (or tap) on the map places the point, or the
 * coordinates are typed. No address search: every geocoder is a remote service, and no request may
 * leave the machine; the address is free text that the alert quotes.
 */
import { useTranslation } from 'react-i18next';
import { FormField, FieldMessage } from '../common/form-field';
import { CaseMap } from '../map/case-map';
import { roundDegrees } from '../map/geo';
import { draftPoint } from './report-draft';
import type { SectionProps } from './report-sections';

export function LastSeenSection({ draft, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const point = draftPoint(draft);
  const locationError = errors['lastSeen.location'];
  return (
    <fieldset className="form-section">
      <legend>{t('report.lastSeen.title')}</legend>
      <FormField label={t('report.lastSeen.at')} type="datetime-local" value={draft.lastSeenAt} onChange={(v) => set('lastSeenAt', v)} error={errors['lastSeen.at']} required />
      <p className="field__label" id="last-seen-map-label">
        {t('report.lastSeen.place')}
      </p>
      <p className="field__hint">{t('report.lastSeen.mapHint')}</p>
      <CaseMap
        label={t('report.lastSeen.mapLabel')}
        layers={{ picked: point }}
        onPick={(p) => {
          set('lat', String(roundDegrees(p.lat)));
          set('lon', String(roundDegrees(p.lon)));
        }}
      />
      <div className="form-row form-row--coords">
        <FormField label={t('report.lastSeen.lat')} value={draft.lat} onChange={(v) => set('lat', v)} inputMode="decimal" dir="ltr" required />
        <FormField label={t('report.lastSeen.lon')} value={draft.lon} onChange={(v) => set('lon', v)} inputMode="decimal" dir="ltr" required />
      </div>
      <FieldMessage id="last-seen-location-error" error={locationError} />
      <FormField label={t('report.lastSeen.address')} hint={t('report.lastSeen.addressHint')} value={draft.address} onChange={(v) => set('address', v)} error={errors['lastSeen.address']} />
    </fieldset>
  );
}
