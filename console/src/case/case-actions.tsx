/** The actions the signed-in role may take on this case, and only those (the API still decides). */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseView } from '../api/case-detail';
import { isOpen } from '../api/vocabulary';
import { useSignedIn } from '../auth/auth-context';
import { may } from '../auth/permissions';
import { CloseAction } from './close-action';
import type { PointCommand } from './point-command-panel';

interface Props {
  view: CaseView;
  mode: PointCommand | null;
  onMode: (mode: PointCommand | null) => void;
}

export function CaseActions({ view, mode, onMode }: Props) {
  const { t } = useTranslation();
  const { principal } = useSignedIn();
  const role = principal.role;
  const open = isOpen(view.status);
  const buttons = [
    may.decide(role) && view.status === 'awaiting_approval' && (
      <Link key="decide" className="button button--primary" to={`/approvals/${view.caseId}`}>
        {t('actions.decide')}
      </Link>
    ),
    may.sighting(role) && open && (
      <button key="sighting" type="button" className="button button--primary" aria-pressed={mode === 'sightings'} onClick={() => onMode(mode === 'sightings' ? null : 'sightings')}>
        {t('actions.sighting.button')}
      </button>
    ),
    may.found(role) && open && (
      <button key="found" type="button" className="button button--ok" aria-pressed={mode === 'found'} onClick={() => onMode(mode === 'found' ? null : 'found')}>
        {t('actions.found.button')}
      </button>
    ),
    may.close(role) && open && <CloseAction key="close" caseId={view.caseId} alerting={view.status === 'alerting'} />,
  ].filter(Boolean);
  if (buttons.length === 0) return null;
  return (
    <div className="case-actions" role="group" aria-label={t('actions.label')}>
      {buttons}
    </div>
  );
}
