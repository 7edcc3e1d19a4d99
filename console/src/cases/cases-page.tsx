/**
 * Cases: the caller's jurisdiction, counts per status, filters by status and risk (kept in the URL,
 * so a filtered view can be shared and survives a reload), sorted by risk then age.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCaseList } from '../api/cases';
import { useSignedIn } from '../auth/auth-context';
import { FullPageMessage } from '../common/full-page-message';
import { JurisdictionName } from '../common/jurisdiction-name';
import { CaseFiltersBar } from './case-filters';
import { countsByStatus, parseRiskFilter, parseStatusFilter, visibleCases, type CaseFilters } from './case-order';
import { CasesTable } from './cases-table';
import { StatusCounts } from './status-counts';

export function CasesPage() {
  const { t } = useTranslation();
  const { principal } = useSignedIn();
  const cases = useCaseList();
  const [params, setParams] = useSearchParams();
  const filters: CaseFilters = { status: parseStatusFilter(params.get('status')), risk: parseRiskFilter(params.get('risk')) };
  const setFilters = (next: CaseFilters) => setParams({ status: next.status, risk: next.risk }, { replace: true });

  const items = cases.data?.items;
  const shown = useMemo(() => (items ? visibleCases(items, filters) : []), [items, filters.status, filters.risk]);
  const counts = useMemo(() => countsByStatus(items ?? [], filters.risk), [items, filters.risk]);

  return (
    <section className="cases" aria-labelledby="cases-title">
      <div className="cases__heading">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <p className="cases__scope">
          <JurisdictionName code={principal.jurisdiction} />
        </p>
      </div>
      {cases.isPending ? (
        <FullPageMessage messageKey="cases.loading" />
      ) : cases.isError ? (
        <FullPageMessage tone="error" messageKey="cases.error" onRetry={() => void cases.refetch()} />
      ) : (
        <>
          <StatusCounts counts={counts} selected={filters.status} onSelect={(status) => setFilters({ ...filters, status })} />
          <CaseFiltersBar filters={filters} onChange={setFilters} />
          <p className="cases__summary" role="status">
            {t('cases.shown', { count: shown.length })}
            {cases.data.truncated && ` ${t('cases.truncated')}`}
          </p>
          <CasesTable cases={shown} />
        </>
      )}
    </section>
  );
}
