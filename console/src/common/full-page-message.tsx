/** A page-sized message: loading, an error with a retry, a route that does not exist. */
import { useTranslation } from 'react-i18next';

interface Props {
  messageKey: string;
  tone?: 'info' | 'error';
  onRetry?: () => void;
}

export function FullPageMessage({ messageKey, tone = 'info', onRetry }: Props) {
  const { t } = useTranslation();
  return (
    <div className={`page-message page-message--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p>{t(messageKey)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
