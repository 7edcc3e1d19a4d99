/** The status and risk filters. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, RISK_FILTERS } from '../api/vocabulary';
import { parseRiskFilter, parseStatusFilter, type CaseFilters } from './case-order';

interface Props {
  filters: CaseFilters;
  onChange: (filters: CaseFilters) => void;
}

export function CaseFiltersBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const statusId = useId();
  const riskId = useId();
  return (
    <div className="filters" role="group" aria-label={t('cases.filters')}>
      <div className="field field--inline">
        <label htmlFor={statusId}>{t('cases.filterStatus')}</label>
        <select id={statusId} value={filters.status} onChange={(e) => onChange({ ...filters, status: parseStatusFilter(e.target.value) })}>
          <option value="open">{t('cases.openCases')}</option>
          <option value="all">{t('cases.allStatuses')}</option>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={riskId}>{t('cases.filterRisk')}</label>
        <select id={riskId} value={filters.risk} onChange={(e) => onChange({ ...filters, risk: parseRiskFilter(e.target.value) })}>
          <option value="all">{t('cases.allRisks')}</option>
          {RISK_FILTERS.map((r) => (
            <option key={r} value={r}>
              {t(`risk.${r}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
