/**
 * A sighting (a point is required) or found (the place is optional): the officer taps the map or types
 * the coordinates, adds the time and a note, then confirms in a dialog that says what will happen.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '../api/case-detail';
import { useCaseCommand } from '../api/commands';
import { ConfirmDialog } from '../common/confirm-dialog';
import { FormField } from '../common/form-field';
import { CoordinateFields } from './coordinate-fields';

export type PointCommand = 'sightings' | 'found';

interface Props {
  caseId: string;
  command: PointCommand;
  point: GeoPoint | null;
  onPoint: (point: GeoPoint | null) => void;
  onDone: () => void;
  alerting: boolean;
}

const localNow = () => {
  const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const CONDITIONS = ['unharmed', 'injured', 'deceased', 'unknown'] as const;

export function PointCommandPanel({ caseId, command, point, onPoint, onDone, alerting }: Props) {
  const { t } = useTranslation();
  const mutation = useCaseCommand(caseId, command);
  const [at, setAt] = useState(localNow);
  const [note, setNote] = useState('');
  const [condition, setCondition] = useState('');
  const [confirming, setConfirming] = useState(false);
  const sighting = command === 'sightings';
  const send = async () => {
    const iso = at ? new Date(at).toISOString() : undefined;
    const trimmed = note.trim() || undefined;
    const body = sighting
      ? { location: point!, seenAt: iso ?? new Date().toISOString(), note: trimmed }
      : { foundAt: iso, location: point ?? undefined, condition: (condition || undefined) as (typeof CONDITIONS)[number] | undefined, note: trimmed };
    await mutation.mutateAsync(body as never);
    setConfirming(false);
    onDone();
  };
  const consequence = sighting ? t(alerting ? 'actions.sighting.consequenceAlerting' : 'actions.sighting.consequence') : t('actions.found.consequence');
  return (
    <section className="panel panel--action" aria-labelledby="point-command-title">
      <h2 id="point-command-title">{t(sighting ? 'actions.sighting.title' : 'actions.found.title')}</h2>
      <p className="field__hint">{t(sighting ? 'actions.sighting.mapHint' : 'actions.found.mapHint')}</p>
      <CoordinateFields point={point} onPoint={onPoint} required={sighting} />
      <FormField label={t(sighting ? 'actions.sighting.seenAt' : 'actions.found.foundAt')} type="datetime-local" value={at} onChange={setAt} required={sighting} />
      {!sighting && (
        <FormField label={t('actions.found.condition')} value={condition} onChange={setCondition} options={CONDITIONS.map((c) => [c, t(`actions.found.conditions.${c}`)] as const)} />
      )}
      <FormField label={t('actions.note')} hint={t('report.privateHint')} value={note} onChange={setNote} multiline />
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--primary" disabled={sighting && !point} onClick={() => setConfirming(true)}>
          {t(sighting ? 'actions.sighting.submit' : 'actions.found.submit')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t(sighting ? 'actions.sighting.confirmTitle' : 'actions.found.confirmTitle')}
        consequence={consequence}
        confirmLabel={t(sighting ? 'actions.sighting.confirm' : 'actions.found.confirm')}
        danger={!sighting}
        pending={mutation.isPending}
        error={mutation.error}
        onConfirm={() => void send().catch(() => undefined)}
        onClose={() => {
          setConfirming(false);
          mutation.reset();
        }}
      />
    </section>
  );
}
