/** Status, risk, the clock since the report (stopped when the case ended), and the facts around them. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseView } from '../api/case-detail';
import { RiskBadge, StatusBadge } from '../common/badges';
import { JurisdictionName } from '../common/jurisdiction-name';
import { formatLocale } from '../i18n/i18n';
import { formatDateTime, formatElapsed } from '../cases/durations';
import { useNow } from '../cases/use-now';

export function CaseSummary({ view }: { view: CaseView }) {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const now = useNow();
  const { record, state, report } = view;
  const end = record.endedAt ? Date.parse(record.endedAt) : now;
  const duplicate = state?.probableDuplicateOf ?? record.probableDuplicateOf;
  const consent = state?.consentToPublish ?? record.consentToPublish;
  return (
    <header className="case-summary">
      <div className="case-summary__title">
        <h1 id="case-title">{report ? report.child.fullName : t('case.title', { id: view.caseId.slice(0, 8) })}</h1>
        <span className="case-id" dir="ltr" title={view.caseId}>
          {view.caseId.slice(0, 8)}
        </span>
      </div>
      <div className="case-summary__badges">
        <StatusBadge status={view.status} />
        <RiskBadge risk={state?.risk ?? record.risk} />
      </div>
      <dl className="facts">
        <div>
          <dt>{t('case.sinceReport')}</dt>
          <dd>
            {/* The role on a child: a <dd> with a role of its own is no longer a definition (axe: definition-list). */}
            <span className="duration" role="timer">
              {formatElapsed(end - Date.parse(record.receivedAt), lng)}
              {record.endedAt && ` ${t('cases.ended')}`}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('case.received')}</dt>
          <dd>{formatDateTime(record.receivedAt, lng)}</dd>
        </div>
        <div>
          <dt>{t('case.jurisdiction')}</dt>
          <dd>
            <JurisdictionName code={record.jurisdiction} />
          </dd>
        </div>
        <div>
          <dt>{t('case.consent')}</dt>
          <dd>{consent === null ? '—' : consent ? t('case.consentYes') : t('case.consentNo')}</dd>
        </div>
        {state?.nextStepAt && (
          <div>
            <dt>{t('case.nextStep')}</dt>
            <dd>{formatDateTime(state.nextStepAt, lng)}</dd>
          </div>
        )}
      </dl>
      {duplicate && (
        <p className="notice notice--warning">
          {t('case.duplicate')} <Link to={`/cases/${duplicate}`} dir="ltr">{duplicate.slice(0, 8)}</Link>
        </p>
      )}
      {state && state.rejectionReasons.length > 0 && <p className="notice notice--error">{t('case.rejected', { reasons: state.rejectionReasons.join('; ') })}</p>}
    </header>
  );
}
