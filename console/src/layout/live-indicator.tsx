/** Whether this console hears changes as they happen (GET /events), in words, not colour alone. */
import { useTranslation } from 'react-i18next';
import { useLiveUpdates } from '../api/live-updates';

export function LiveIndicator() {
  const { t } = useTranslation();
  const status = useLiveUpdates();
  return (
    <span className={`live-indicator live-indicator--${status}`} role="status" title={t(`live.${status}Hint`)}>
      <span className="live-indicator__dot" aria-hidden="true" />
      <span className="live-indicator__text">{t(`live.${status}`)}</span>
    </span>
  );
}
