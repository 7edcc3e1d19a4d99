/** An API refusal in words: 403 (role, jurisdiction), 409 (the case's state), 422 (reasons), others. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function ApiProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <p className="notice notice--error" role="alert">
        {t('common.networkError')}
      </p>
    );
  }
  return (
    <div className="notice notice--error" role="alert">
      <p>{t(`common.httpStatus.${error.status}`, { defaultValue: t('common.httpStatus.other', { status: error.status }) })}</p>
      {error.detail && <p>{t('common.serverSays', { reason: error.detail })}</p>}
      {error.errors.length > 0 && (
        <ul>
          {error.errors.map((e) => (
            <li key={e.field}>
              <span dir="ltr">{e.field}</span>: {e.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
