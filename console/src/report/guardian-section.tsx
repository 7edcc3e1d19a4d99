/**
 * The guardian and the reporting unit. Consent to publish is an explicit choice (nothing pre-selected),
 * with the words read to the guardian: without it no public alert is ever sent.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldMessage, FormField } from '../common/form-field';
import type { ReportDraft } from './report-draft';
import type { SectionProps } from './report-sections';

export function GuardianSection({ draft, set, errors, jurisdictionFixed }: SectionProps & { jurisdictionFixed: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const consentError = errors['guardian.consentToPublish'];
  return (
    <fieldset className="form-section">
      <legend>{t('report.guardian.title')}</legend>
      <FormField label={t('report.guardian.fullName')} value={draft.guardianName} onChange={(v) => set('guardianName', v)} error={errors['guardian.fullName']} required />
      <div className="form-row">
        <FormField label={t('report.guardian.relationship')} value={draft.relationship} onChange={(v) => set('relationship', v)} error={errors['guardian.relationship']} required />
        <FormField label={t('report.guardian.phone')} type="tel" inputMode="tel" dir="ltr" value={draft.phone} onChange={(v) => set('phone', v)} error={errors['guardian.phone']} required />
      </div>
      <fieldset className={`consent${consentError ? ' consent--invalid' : ''}`} aria-describedby={`${id}-wording`}>
        <legend>{t('report.consent.title')}</legend>
        <p id={`${id}-wording`} className="consent__wording">
          {t('report.consent.wording')}
        </p>
        {(['yes', 'no'] as const).map((choice) => (
          <label key={choice} className="consent__choice">
            <input type="radio" name={`${id}-consent`} value={choice} checked={draft.consent === choice} onChange={() => set('consent', choice as ReportDraft['consent'])} />
            <span>{t(`report.consent.${choice}`)}</span>
          </label>
        ))}
        <FieldMessage id={`${id}-error`} error={consentError} />
      </fieldset>
      <div className="form-row">
        <FormField label={t('report.unit.id')} value={draft.unitId} onChange={(v) => set('unitId', v)} error={errors['reportingUnit.id']} required dir="ltr" />
        {jurisdictionFixed ? (
          <FormField label={t('report.unit.jurisdiction')} value={draft.jurisdiction} onChange={() => undefined} error={errors['reportingUnit.jurisdiction']} required readOnly dir="ltr">
            <span className="field__hint">{t('report.unit.fixed')}</span>
          </FormField>
        ) : (
          <FormField label={t('report.unit.jurisdiction')} value={draft.jurisdiction} onChange={(v) => set('jurisdiction', v)} error={errors['reportingUnit.jurisdiction']} required dir="ltr" />
        )}
      </div>
    </fieldset>
  );
}
