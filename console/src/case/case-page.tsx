/**
 * One case: summary and clock, the map (last-seen point, search centre, every alert area, sightings,
 * found place, tips with a point), the actions of the role, the outcome, the timeline, the tips from
 * the public (triage), alerts with their deliveries, the audit trail. Once the case has ended the same page reads the history the API rebuilds from its records.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { useCaseAlerts, useCaseView, type GeoPoint } from '../api/case-detail';
import { useSignedIn } from '../auth/auth-context';
import { may } from '../auth/permissions';
import { ApiProblem } from '../common/api-problem';
import { FullPageMessage } from '../common/full-page-message';
import { CaseMap } from '../map/case-map';
import { AlertDeliveries } from './alert-deliveries';
import { AuditTrail } from './audit-trail';
import { CaseActions } from './case-actions';
import { caseLayers, recordTimeline } from './case-layers';
import { CaseOutcome } from './case-outcome';
import { CaseSummary } from './case-summary';
import { CaseTimeline } from './case-timeline';
import { PointCommandPanel, type PointCommand } from './point-command-panel';
import { TipPromotePanel } from './tip-promote-panel';
import { TipsPanel } from './tips-panel';
import { useCaseTips, type Tip } from '../api/tips';
import { isOpen } from '../api/vocabulary';

export default function CasePage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const location = useLocation();
  const { principal } = useSignedIn();
  const view = useCaseView(caseId);
  const alerts = useCaseAlerts(caseId);
  const tips = useCaseTips(caseId, may.personalData(principal.role));
  // A command being placed belongs to one case: it is dropped when the page shows another case.
  // A tip placed on the map is one such command (it becomes a sighting).
  const [placing, setPlacing] = useState<{ caseId: string; mode: PointCommand | Tip } | null>(null);
  const [point, setPoint] = useState<GeoPoint | null>(null);

  if (view.isPending) return <FullPageMessage messageKey="case.loading" />;
  if (view.isError) return <ApiProblem error={view.error} />;
  const data = view.data;
  const steps = alerts.data ?? [];
  // ...and ends with the case, even while its panel is open (found elsewhere, seen live).
  const placed = placing?.caseId === caseId && isOpen(data.status) ? placing.mode : null;
  const mode = typeof placed === 'string' ? placed : null;
  const placingTip = placed && typeof placed === 'object' ? placed : null;
  const tipPoints = (tips.data?.tips ?? []).flatMap((tip) => (tip.position && !tip.promotedAt ? [tip.position] : []));
  const layers = { ...caseLayers(data, steps), tips: tipPoints, picked: placed ? point : null };
  const alerting = data.status === 'alerting';
  const changeMode = (next: PointCommand | Tip | null) => {
    setPlacing(next ? { caseId, mode: next } : null);
    setPoint(null);
  };
  return (
    <article className="case" aria-labelledby="case-title">
      {(location.state as { created?: boolean } | null)?.created && (
        <p className="notice notice--ok" role="status">
          {t('report.created')}
        </p>
      )}
      <CaseSummary view={data} />
      {data.withheld && (
        <p className="notice notice--warning" role="note">
          {t('case.withheld')}
        </p>
      )}
      <CaseActions view={data} mode={mode} onMode={changeMode} />
      <div className="case__grid">
        <div className="case__map">
          <CaseMap label={t('case.mapLabel')} layers={layers} onPick={placed ? setPoint : undefined} />
          {mode && <PointCommandPanel key={mode} caseId={caseId} command={mode} point={point} onPoint={setPoint} onDone={() => changeMode(null)} alerting={alerting} />}
          {placingTip && <TipPromotePanel key={placingTip.id} caseId={caseId} tip={placingTip} point={point} onPoint={setPoint} onDone={() => changeMode(null)} alerting={alerting} />}
        </div>
        <div className="case__side">
          <CaseOutcome view={data} />
          <CaseTimeline entries={recordTimeline(data)} />
        </div>
      </div>
      {tips.isError ? <ApiProblem error={tips.error} /> : tips.data && <TipsPanel caseId={caseId} list={tips.data} canAct={may.sighting(principal.role) && isOpen(data.status)} alerting={alerting} onPlace={changeMode} />}
      {alerts.isError ? <ApiProblem error={alerts.error} /> : <AlertDeliveries steps={steps} purged={data.record.personalDataPurgedAt !== null && data.record.firstAlertAt !== null} />}
      {may.audit(principal.role) && <AuditTrail caseId={caseId} />}
    </article>
  );
}
