/**
 * A tip with a place in words becomes a sighting once the officer has placed it: a tap on the map (or
 * the coordinates typed), then a confirmation that says the alert area will re-centre there.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '../api/case-detail';
import type { Tip } from '../api/tips';
import { PromoteTipDialog } from './promote-tip-dialog';
import { CoordinateFields } from './coordinate-fields';

interface Props {
  caseId: string;
  tip: Tip;
  point: GeoPoint | null;
  onPoint: (point: GeoPoint | null) => void;
  onDone: () => void;
  alerting: boolean;
}

export function TipPromotePanel({ caseId, tip, point, onPoint, onDone, alerting }: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="panel panel--action" aria-labelledby="tip-promote-title">
      <h2 id="tip-promote-title">{t('tips.placeTitle')}</h2>
      <p className="field__hint">{t('tips.placeHint')}</p>
      <blockquote className="tip__quote" dir="auto">
        <strong>{tip.place}</strong> — {tip.description}
      </blockquote>
      <CoordinateFields point={point} onPoint={onPoint} required />
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--primary" disabled={!point} onClick={() => setConfirming(true)}>
          {t('tips.promote')}
        </button>
      </div>
      <PromoteTipDialog
        caseId={caseId}
        tipId={tip.id}
        open={confirming}
        alerting={alerting}
        position={point ?? undefined}
        onClose={(promoted) => {
          setConfirming(false);
          if (promoted) onDone();
        }}
      />
    </section>
  );
}
