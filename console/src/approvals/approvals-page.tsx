/**
 * The prosecutor's queue: cases waiting for a decision, oldest first, how long each has waited,
 * reminder and escalation marks, whether the notice reached the on-call prosecutor, duplicates.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePendingApprovals } from '../api/approvals';
import { useSignedIn } from '../auth/auth-context';
import { ApiProblem } from '../common/api-problem';
import { RiskBadge } from '../common/badges';
import { FullPageMessage } from '../common/full-page-message';
import { JurisdictionName } from '../common/jurisdiction-name';
import { formatDateTime, formatElapsed } from '../cases/durations';
import { useNow } from '../cases/use-now';
import { formatLocale } from '../i18n/i18n';

export default function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const { principal } = useSignedIn();
  const pending = usePendingApprovals();
  const now = useNow();
  return (
    <section className="approvals" aria-labelledby="approvals-title">
      <div className="cases__heading">
        <h1 id="approvals-title">{t('approvals.title')}</h1>
        <p className="cases__scope">
          <JurisdictionName code={principal.jurisdiction} />
        </p>
      </div>
      {pending.isPending ? (
        <FullPageMessage messageKey="app.loading" />
      ) : pending.isError ? (
        <ApiProblem error={pending.error} />
      ) : pending.data.length === 0 ? (
        <p className="empty">{t('approvals.empty')}</p>
      ) : (
        <ol className="queue">
          {pending.data.map((p) => (
            <li key={p.caseId} className={`queue__item${p.escalatedAt ? ' queue__item--escalated' : ''}`}>
              <div className="queue__top">
                <RiskBadge risk={p.risk} />
                <span className="duration" role="timer">
                  {t('approvals.waiting', { time: formatElapsed(now - Date.parse(p.requestedAt), lng) })}
                </span>
              </div>
              <p className="queue__case">
                <span className="case-id" dir="ltr">{p.caseId.slice(0, 8)}</span>
                <span className="case-received">{t('approvals.requested', { at: formatDateTime(p.requestedAt, lng) })}</span>
                {p.round > 1 && <span className="case-received">{t('approvals.round', { n: p.round })}</span>}
              </p>
              <ul className="marks" aria-label={t('approvals.marks')}>
                {p.reminders.length > 0 && <li className="mark mark--reminder">{t('approvals.reminders', { count: p.reminders.length })}</li>}
                {p.escalatedAt && <li className="mark mark--escalated">{t('approvals.escalated', { at: formatDateTime(p.escalatedAt, lng) })}</li>}
                <li className={`mark mark--notify-${p.notification}`}>{t(`approvals.notification.${p.notification}`)}</li>
                {p.probableDuplicateOf && (
                  <li className="mark mark--duplicate">
                    {t('approvals.duplicateOf')} <Link to={`/cases/${p.probableDuplicateOf}`} dir="ltr">{p.probableDuplicateOf.slice(0, 8)}</Link>
                  </li>
                )}
              </ul>
              <Link className="button button--primary queue__open" to={`/approvals/${p.caseId}`}>
                {t('approvals.open')}
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
