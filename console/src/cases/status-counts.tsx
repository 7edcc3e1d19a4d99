/** One button per status with its count; pressing one filters on it (pressing it again shows the open cases). */
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type CaseStatus } from '../api/vocabulary';
import { formatLocale } from '../i18n/i18n';
import type { StatusFilter } from './case-order';

interface Props {
  counts: Record<CaseStatus, number>;
  selected: StatusFilter;
  onSelect: (status: StatusFilter) => void;
}

export function StatusCounts({ counts, selected, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(formatLocale(i18n.resolvedLanguage ?? 'fr'));
  return (
    <ul className="status-counts" aria-label={t('cases.countsLabel')}>
      {CASE_STATUSES.map((status) => (
        <li key={status}>
          <button
            type="button"
            className={`status-count status-count--${status}`}
            aria-pressed={selected === status}
            onClick={() => onSelect(selected === status ? 'open' : status)}
          >
            <span className="status-count__number">{number.format(counts[status])}</span>
            <span className="status-count__label">{t(`status.${status}`)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
