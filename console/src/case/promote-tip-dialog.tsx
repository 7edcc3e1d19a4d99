/** The confirmation before a tip becomes a sighting: what will happen (the area re-centres), then the command. */
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '../api/case-detail';
import { usePromoteTip } from '../api/tips';
import { ConfirmDialog } from '../common/confirm-dialog';

interface Props {
  caseId: string;
  tipId: string;
  open: boolean;
  alerting: boolean;
  /** Where, for a tip that had only a place in words; else the tip's own point. */
  position?: GeoPoint;
  onClose: (promoted: boolean) => void;
}

export function PromoteTipDialog({ caseId, tipId, open, alerting, position, onClose }: Props) {
  const { t } = useTranslation();
  const promote = usePromoteTip(caseId);
  return (
    <ConfirmDialog
      open={open}
      title={t('tips.promote')}
      consequence={t(alerting ? 'tips.promoteConsequenceAlerting' : 'tips.promoteConsequence')}
      confirmLabel={t('tips.promoteConfirm')}
      pending={promote.isPending}
      error={promote.error}
      onConfirm={() => void promote.mutateAsync({ tipId, body: position ? { position } : {} }).then(() => onClose(true), () => undefined)}
      onClose={() => {
        promote.reset();
        onClose(false);
      }}
    />
  );
}
