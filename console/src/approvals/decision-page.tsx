/**
 * The decision screen: the case's summary, the exact public text in each language the service sends
 * and the photos, then approve or decline (with its reason).
 */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePublicPreview } from '../api/approvals';
import { useCaseView } from '../api/case-detail';
import { ApiProblem } from '../common/api-problem';
import { FullPageMessage } from '../common/full-page-message';
import { CaseSummary } from '../case/case-summary';
import { DecisionForm } from './decision-form';
import { PublicText } from './public-text';

export default function DecisionPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const view = useCaseView(caseId);
  const preview = usePublicPreview(caseId);
  if (view.isPending) return <FullPageMessage messageKey="case.loading" />;
  if (view.isError) return <ApiProblem error={view.error} />;
  return (
    <article className="case decision" aria-labelledby="case-title">
      <p className="back-link">
        <Link to="/approvals">{t('decision.back')}</Link> · <Link to={`/cases/${caseId}`}>{t('decision.openCase')}</Link>
      </p>
      <CaseSummary view={view.data} />
      {view.data.status !== 'awaiting_approval' && <p className="notice notice--warning">{t('decision.notAwaiting')}</p>}
      {preview.isError ? <ApiProblem error={preview.error} /> : preview.data ? <PublicText preview={preview.data} /> : <p>{t('app.loading')}</p>}
      {view.data.status === 'awaiting_approval' && <DecisionForm caseId={caseId} consent={preview.data?.consentToPublish ?? true} />}
    </article>
  );
}
