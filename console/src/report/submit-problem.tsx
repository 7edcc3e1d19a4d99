/** Why the API refused the report, when it is not a field's reason (those are next to their fields). */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { formFieldOf } from './report-draft';

export function SubmitProblem({ error }: { error: Error | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) return <p className="notice notice--error" role="alert">{t('common.networkError')}</p>;
  const loose = error.errors.filter((e) => formFieldOf(e.field) === null);
  return (
    <div className="notice notice--error" role="alert">
      <p>{t(`common.httpStatus.${error.status}`, { defaultValue: t('common.httpStatus.other', { status: error.status }) })}</p>
      {error.detail && <p>{t('common.serverSays', { reason: error.detail })}</p>}
      {loose.length > 0 && (
        <ul>
          {loose.map((e) => (
            <li key={e.field}>
              <span dir="ltr">{e.field}</span>: {e.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
