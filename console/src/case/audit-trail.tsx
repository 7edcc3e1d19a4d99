/**
 * The case's audit trail (prosecutors and admins): who did what, when, accepted or refused, and the
 * entry's non-identifying detail in words (the decision, the close reason, what the purge erased).
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useCaseAudit, type AuditEntry } from '../api/case-detail';
import { ApiProblem } from '../common/api-problem';
import { formatDateTime } from '../cases/durations';
import { formatLocale } from '../i18n/i18n';

/** The purge's counts, in the order the entry lists them. */
const PURGED = ['reports', 'alertSteps', 'notes', 'sightings', 'approvalReasons'] as const;

/** The words of an entry's detail; the actor's jurisdiction goes with the actor, unknown keys as written. */
export function auditDetail(entry: Pick<AuditEntry, 'action' | 'detail'>, t: TFunction): string[] {
  const detail = entry.detail ?? {};
  if (entry.action === 'case.purge_personal_data') {
    const erased = PURGED.filter((k) => typeof detail[k] === 'number' && (detail[k] as number) > 0).map((k) => t(`case.audit.detail.purged.${k}`, { count: detail[k] as number }));
    return [erased.length > 0 ? t('case.audit.detail.erased', { list: erased.join(', ') }) : t('case.audit.detail.erasedNothing')];
  }
  const words: string[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (key === 'jurisdiction' || value === null) continue;
    if (key === 'decision') words.push(t(`case.audit.detail.decision.${String(value)}`, { defaultValue: String(value) }));
    else if (key === 'reason') words.push(t('case.audit.detail.reason', { reason: t(`actions.close.reasons.${String(value)}`, { defaultValue: String(value) }) }));
    else words.push(`${key}: ${String(value)}`);
  }
  return words;
}

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
                {auditDetail(a, t).map((line) => (
                  <span key={line} className="audit__detail">
                    {line}
                  </span>
                ))}
                {a.outcome === 'refused' && <span className="badge badge--status-rejected">{t('case.audit.refused')}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
