/** Why the API refused the report, when it is not a field's reason (those are next to their fields). */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { FieldErrors } from './report-draft';

const FIELD_PATHS = /^(child|lastSeen|circumstances|background|guardian|reportingUnit)\./;

export function SubmitProblem({ error, known }: { error: Error | null; known: FieldErrors }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) return <p className="notice notice--error" role="alert">{t('common.networkError')}</p>;
  const loose = error.errors.filter((e) => !FIELD_PATHS.test(e.field) || !known[e.field]);
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
