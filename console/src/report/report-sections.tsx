/** The child, the circumstances, the background: plain fields, each keyed by its API path. */
import { useTranslation } from 'react-i18next';
import { FormField } from '../common/form-field';
import type { FieldErrors, ReportDraft } from './report-draft';

export interface SectionProps {
  draft: ReportDraft;
  set: <K extends keyof ReportDraft>(key: K, value: ReportDraft[K]) => void;
  errors: FieldErrors;
}

export function ChildSection({ draft, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const text = (key: 'build' | 'hair' | 'eyes' | 'clothing' | 'distinguishingMarks', multiline = false) => (
    <FormField label={t(`report.child.${key}`)} value={draft[key]} onChange={(v) => set(key, v)} error={errors[`child.description.${key}`]} multiline={multiline} />
  );
  return (
    <fieldset className="form-section">
      <legend>{t('report.child.title')}</legend>
      <FormField label={t('report.child.fullName')} value={draft.fullName} onChange={(v) => set('fullName', v)} error={errors['child.fullName']} required />
      <div className="form-row">
        <FormField label={t('report.child.dateOfBirth')} type="date" value={draft.dateOfBirth} onChange={(v) => set('dateOfBirth', v)} error={errors['child.dateOfBirth']} required />
        <FormField
          label={t('report.child.sex')}
          value={draft.sex}
          onChange={(v) => set('sex', v as ReportDraft['sex'])}
          error={errors['child.sex']}
          options={[['female', t('report.child.female')], ['male', t('report.child.male')]]}
          required
        />
        <FormField label={t('report.child.heightCm')} type="number" inputMode="numeric" value={draft.heightCm} onChange={(v) => set('heightCm', v)} error={errors['child.description.heightCm']} />
      </div>
      <div className="form-row">
        {text('build')}
        {text('hair')}
        {text('eyes')}
      </div>
      {text('clothing', true)}
      {text('distinguishingMarks', true)}
      <FormField label={t('report.child.medicalNeeds')} hint={t('report.child.medicalHint')} value={draft.medicalNeeds} onChange={(v) => set('medicalNeeds', v)} error={errors['child.medicalNeeds']} multiline />
    </fieldset>
  );
}

export function CircumstancesSection({ draft, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const types = (['abduction', 'lost', 'runaway', 'unknown'] as const).map((k) => [k, t(`report.circumstances.types.${k}`)] as const);
  return (
    <fieldset className="form-section">
      <legend>{t('report.circumstances.title')}</legend>
      <FormField label={t('report.circumstances.type')} value={draft.circumstanceType} onChange={(v) => set('circumstanceType', v as ReportDraft['circumstanceType'])} error={errors['circumstances.type']} options={types} required />
      <FormField label={t('report.circumstances.details')} hint={t('report.privateHint')} value={draft.details} onChange={(v) => set('details', v)} error={errors['circumstances.details']} multiline required />
      <FormField label={t('report.circumstances.suspect')} value={draft.suspectDescription} onChange={(v) => set('suspectDescription', v)} error={errors['circumstances.suspect.description']} multiline />
      {draft.suspectDescription.trim() !== '' && (
        <FormField label={t('report.circumstances.vehicle')} value={draft.suspectVehicle} onChange={(v) => set('suspectVehicle', v)} error={errors['circumstances.suspect.vehicle']} />
      )}
    </fieldset>
  );
}

export function BackgroundSection({ draft, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const list = (key: 'hobbies' | 'personalProblems' | 'frequentedPlaces') => (
    <FormField label={t(`report.background.${key}`)} hint={t('report.onePerLine')} value={draft[key]} onChange={(v) => set(key, v)} error={errors[`background.${key}`]} multiline />
  );
  return (
    <fieldset className="form-section">
      <legend>{t('report.background.title')}</legend>
      <p className="field__hint">{t('report.privateHint')}</p>
      {list('hobbies')}
      {list('personalProblems')}
      {list('frequentedPlaces')}
    </fieldset>
  );
}
