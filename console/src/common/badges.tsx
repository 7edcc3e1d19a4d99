/** Status and risk as words with a colour (never colour alone: the word is always there). */
import { useTranslation } from 'react-i18next';
import type { CaseStatus, RiskLevel } from '../api/vocabulary';

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--status-${status}`}>{t(`status.${status}`)}</span>;
}

export function RiskBadge({ risk }: { risk: RiskLevel | null }) {
  const { t } = useTranslation();
  const key = risk ?? 'unassessed';
  return <span className={`badge badge--risk-${key}`}>{t(`risk.${key}`)}</span>;
}
