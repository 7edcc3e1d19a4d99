/**
 * New report (intake officers). The console checks what it can (the API's schema and rules, mirrored
 * in report-draft.ts) and shows the API's 422 reasons next to the same fields. One Idempotency-Key
 * per form: a double submit or a retry after a lost answer gives the same case. On success, the case.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useConsoleConfig, type PhotoConfig } from '../api/console-config';
import { useCreateCase } from '../api/intake';
import { useSignedIn } from '../auth/auth-context';
import { NATIONAL } from '../common/jurisdiction-name';
import { GuardianSection } from './guardian-section';
import { LastSeenSection } from './last-seen-section';
import { PhotoSection } from './photo-section';
import { checkDraft, checkPhotos, emptyDraft, serverFieldErrors, toReportBody, type FieldErrors, type ReportDraft } from './report-draft';
import { BackgroundSection, ChildSection, CircumstancesSection } from './report-sections';
import { SubmitProblem } from './submit-problem';

/** Until config.json has loaded: no upload offered. */
const NO_UPLOADS: PhotoConfig = { maxFiles: 0, maxBytes: 0, types: [], urlHosts: [] };

export default function ReportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { principal } = useSignedIn();
  const national = principal.jurisdiction === NATIONAL;
  const config = useConsoleConfig().data;
  const polygon = config?.map.country.polygon;
  const photoLimits = config?.photos ?? NO_UPLOADS;
  const [draft, setDraft] = useState<ReportDraft>(() => emptyDraft(national ? '' : principal.jurisdiction));
  const [photos, setPhotos] = useState<File[]>([]);
  const [checked, setChecked] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const key = useRef(crypto.randomUUID()).current;
  const create = useCreateCase(key);
  const summary = useRef<HTMLDivElement>(null);

  const check = () => ({ ...checkDraft(draft, new Date(), polygon, photoLimits.urlHosts), ...checkPhotos(photos, photoLimits) });
  // Cheap checks: computed on each render once the officer has tried to submit.
  const localErrors = checked ? check() : {};
  const errors = { ...serverErrors, ...localErrors };
  const set: <K extends keyof ReportDraft>(k: K, v: ReportDraft[K]) => void = (k, v) => setDraft((d) => ({ ...d, [k]: v }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    const found = check();
    if (Object.keys(found).length > 0) {
      // The first field to correct, after React has marked it.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    try {
      const created = await create.mutateAsync({ report: toReportBody(draft), photos });
      navigate(`/cases/${created.caseId}`, { state: { created: true } });
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setServerErrors(serverFieldErrors(err.errors));
      }
      summary.current?.focus();
    }
  };

  const count = Object.keys(errors).length;
  return (
    <section className="report" aria-labelledby="report-title">
      <h1 id="report-title">{t('report.title')}</h1>
      <p className="report__intro">{t('report.intro')}</p>
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <ChildSection draft={draft} set={set} errors={errors} />
        <PhotoSection draft={draft} set={set} errors={errors} photos={photos} setPhotos={setPhotos} limits={photoLimits} />
        <LastSeenSection draft={draft} set={set} errors={errors} />
        <CircumstancesSection draft={draft} set={set} errors={errors} />
        <GuardianSection draft={draft} set={set} errors={errors} jurisdictionFixed={!national} />
        <BackgroundSection draft={draft} set={set} errors={errors} />
        <div ref={summary} tabIndex={-1} className="report__summary">
          {count > 0 && (
            <p className="notice notice--error" role="alert">
              {t('report.errorsSummary', { count })}
            </p>
          )}
          <SubmitProblem error={create.error} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? t('report.submitting') : t('report.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
