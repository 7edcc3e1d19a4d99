/**
 * One tip from the public: when the child was seen (and how long ago), where (a point and its distance
 * from the search centre, or a place in words), what was seen, a number to call back if the tipster
 * agreed; its assessment. An officer marks it credible or not (with a reason), or makes it a sighting:
 * at once when it has a point, after placing it on the map when it has only words.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssessTip, type Tip } from '../api/tips';
import { formatDateTime, formatElapsed } from '../cases/durations';
import { formatLocale } from '../i18n/i18n';
import { ConfirmDialog } from '../common/confirm-dialog';
import { FormField } from '../common/form-field';
import { PromoteTipDialog } from './promote-tip-dialog';

interface Props {
  caseId: string;
  tip: Tip;
  now: number;
  /** Officer on an open case: the triage buttons. */
  canAct: boolean;
  alerting: boolean;
  /** A tip without a point: the page lets the officer place it on the map first. */
  onPlace: (tip: Tip) => void;
}

const distance = (meters: number, lng: string) =>
  meters < 1000
    ? new Intl.NumberFormat(lng, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }).format(Math.round(meters / 10) * 10)
    : new Intl.NumberFormat(lng, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }).format(meters / 1000);

function TipStatus({ tip }: { tip: Tip }) {
  const { t } = useTranslation();
  if (tip.promotedAt) return <span className="badge badge--status-alerting">{t('tips.promoted')}</span>;
  if (!tip.assessment) return <span className="badge">{t('tips.unassessed')}</span>;
  return <span className={`badge ${tip.assessment.credible ? 'badge--ok' : 'badge--muted'}`}>{t(tip.assessment.credible ? 'tips.credible' : 'tips.notCredible')}</span>;
}

export function TipItem({ caseId, tip, now, canAct, alerting, onPlace }: Props) {
  const { t, i18n } = useTranslation();
  const assess = useAssessTip(caseId);
  const [assessing, setAssessing] = useState<boolean | null>(null);
  const [reason, setReason] = useState('');
  const [promoting, setPromoting] = useState(false);
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const where = tip.position
    ? t('tips.atPoint', { distance: tip.distanceMeters === null ? '—' : distance(tip.distanceMeters, lng) })
    : t('tips.inWords', { place: tip.place ?? '' });
  const closeAssess = () => {
    setAssessing(null);
    setReason('');
    assess.reset();
  };
  return (
    <li className="tip">
      <p className="tip__head">
        <strong>{t('tips.seen', { ago: formatElapsed(now - Date.parse(tip.seenAt), lng) })}</strong>
        <span className="tip__meta">{formatDateTime(tip.seenAt, lng)}</span>
        <TipStatus tip={tip} />
      </p>
      <p className="tip__where">{where}</p>
      <p className="tip__text" dir="auto">
        {tip.description}
      </p>
      <p className="tip__meta">
        {t('tips.received', { at: formatDateTime(tip.receivedAt, lng), receipt: tip.receipt })}
        {tip.phone && tip.callbackConsent && (
          <>
            {' · '}
            <a href={`tel:${tip.phone.replace(/[^+0-9]/g, '')}`} dir="ltr">
              {t('tips.callBack', { phone: tip.phone })}
            </a>
          </>
        )}
      </p>
      {tip.promotedAt ? (
        <p className="tip__meta">{t('tips.promotedAt', { at: formatDateTime(tip.promotedAt, lng) })}</p>
      ) : (
        tip.assessment && (
        <p className="tip__meta" dir="auto">
          {t('tips.assessedBecause', { reason: tip.assessment.reason, by: tip.assessment.by })}
        </p>
        )
      )}
      {canAct && !tip.promotedAt && (
        <div className="tip__actions">
          <button type="button" className="button button--primary" onClick={() => (tip.position ? setPromoting(true) : onPlace(tip))}>
            {t(tip.position ? 'tips.promote' : 'tips.placeAndPromote')}
          </button>
          {tip.assessment?.credible !== true && (
            <button type="button" className="button button--quiet" onClick={() => setAssessing(true)}>
              {t('tips.markCredible')}
            </button>
          )}
          {tip.assessment?.credible !== false && (
            <button type="button" className="button button--quiet" onClick={() => setAssessing(false)}>
              {t('tips.markNotCredible')}
            </button>
          )}
        </div>
      )}
      <ConfirmDialog
        open={assessing !== null}
        title={t(assessing ? 'tips.markCredible' : 'tips.markNotCredible')}
        consequence={t(assessing ? 'tips.credibleConsequence' : 'tips.notCredibleConsequence')}
        confirmLabel={t('tips.assessConfirm')}
        pending={assess.isPending}
        error={assess.error}
        onConfirm={() => reason.trim() && void assess.mutateAsync({ tipId: tip.id, body: { credible: assessing === true, reason: reason.trim() } }).then(closeAssess, () => undefined)}
        onClose={closeAssess}
      >
        <FormField label={t('tips.reason')} value={reason} onChange={setReason} multiline required />
      </ConfirmDialog>
      <PromoteTipDialog caseId={caseId} tipId={tip.id} open={promoting} alerting={alerting} onClose={() => setPromoting(false)} />
    </li>
  );
}
