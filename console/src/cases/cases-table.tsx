/**
 * The cases as a table on a wide screen; on a phone each row becomes a card (CSS only: the same
 * table, so screen readers keep its headers; each cell names its column for the card view).
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseRecord } from '../api/cases';
import { RiskBadge, StatusBadge } from '../common/badges';
import { formatLocale } from '../i18n/i18n';
import { between, formatDateTime, formatElapsed } from './durations';
import { useNow } from './use-now';

const COLUMNS = ['risk', 'status', 'case', 'sinceReport', 'toApproval', 'toFirstAlert', 'tier'] as const;

export function CasesTable({ cases }: { cases: CaseRecord[] }) {
  const { t } = useTranslation();
  const now = useNow();
  if (cases.length === 0) return <p className="empty">{t('cases.empty')}</p>;
  return (
    <table className="cases-table">
      <caption className="visually-hidden">{t('cases.caption')}</caption>
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th key={c} scope="col">
              {t(`cases.column.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <CaseRow key={c.caseId} record={c} now={now} />
        ))}
      </tbody>
    </table>
  );
}

function CaseRow({ record: c, now }: { record: CaseRecord; now: number }) {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const label = (column: (typeof COLUMNS)[number]) => t(`cases.column.${column}`);
  const sinceReport = formatElapsed((c.endedAt ? Date.parse(c.endedAt) : now) - Date.parse(c.receivedAt), lng);
  const tier = c.nationalReached ? t('cases.tierNational') : c.tierReached === null ? '—' : t('cases.tier', { n: c.tierReached + 1 });
  return (
    <tr className={`case-row case-row--${c.risk ?? 'unassessed'}`}>
      <td data-label={label('risk')}>
        <RiskBadge risk={c.risk} />
      </td>
      <td data-label={label('status')}>
        <StatusBadge status={c.status} />
      </td>
      <td data-label={label('case')}>
        <span className="cell">
          <Link className="case-id" dir="ltr" title={c.caseId} to={`/cases/${c.caseId}`}>
            {c.caseId.slice(0, 8)}
          </Link>
          <span className="case-received">{formatDateTime(c.receivedAt, lng)}</span>
        </span>
      </td>
      <td data-label={label('sinceReport')}>
        <span className="cell">
          <span className="duration">{sinceReport}</span>
          {c.endedAt && <span className="case-ended">{t('cases.ended')}</span>}
        </span>
      </td>
      <td data-label={label('toApproval')}>{between(c.receivedAt, c.decidedAt, lng) ?? '—'}</td>
      <td data-label={label('toFirstAlert')}>{between(c.receivedAt, c.firstAlertAt, lng) ?? '—'}</td>
      <td data-label={label('tier')}>{tier}</td>
    </tr>
  );
}
