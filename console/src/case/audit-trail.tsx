/** The case's audit trail (prosecutors and admins): who did what, when, accepted or refused. */
import { useTranslation } from 'react-i18next';
import { useCaseAudit } from '../api/case-detail';
import { ApiProblem } from '../common/api-problem';
import { formatDateTime } from '../cases/durations';
import { formatLocale } from '../i18n/i18n';

export function AuditTrail({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const audit = useCaseAudit(caseId, true);
  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('case.audit.title')}</h2>
      {audit.isError ? (
        <ApiProblem error={audit.error} />
      ) : !audit.data ? (
        <p>{t('app.loading')}</p>
      ) : (
        <details className="audit-details">
          <summary>{t('case.audit.show', { count: audit.data.length })}</summary>
          <ol className="audit">
            {audit.data.map((a) => (
              <li key={a.id} className={`audit__item audit__item--${a.outcome}`}>
                <time dateTime={a.at}>{formatDateTime(a.at, lng)}</time>
                <span>{t(`case.audit.action.${a.action}`, { defaultValue: a.action })}</span>
                <span className="audit__who">
                  {t(`roles.${a.actor.role}`, { defaultValue: a.actor.role })} · <span dir="ltr">{a.actor.sub}</span>
                </span>
                {a.outcome === 'refused' && <span className="badge badge--status-rejected">{t('case.audit.refused')}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
