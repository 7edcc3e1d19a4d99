/**
 * A sighting (a point is required) or found (the place is optional): the officer taps the map or types
 * the coordinates, adds the time and a note, then confirms in a dialog that says what will happen.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '../api/case-detail';
import { useCaseCommand } from '../api/commands';
import { ConfirmDialog } from '../common/confirm-dialog';
import { FormField } from '../common/form-field';
import { roundDegrees } from '../map/geo';

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
  // What is typed stays as typed; a tap on the map writes both.
  const [typed, setTyped] = useState({ lat: '', lon: '' });
  useEffect(() => {
    if (!point) return;
    setTyped((was) => {
      const same = Number(was.lat.replace(',', '.')) === point.lat && Number(was.lon.replace(',', '.')) === point.lon;
      return same ? was : { lat: String(roundDegrees(point.lat)), lon: String(roundDegrees(point.lon)) };
    });
  }, [point]);
  const coordinate = (value: string, axis: 'lat' | 'lon') => {
    const next = { ...typed, [axis]: value };
    setTyped(next);
    const lat = Number(next.lat.replace(',', '.'));
    const lon = Number(next.lon.replace(',', '.'));
    const valid = next.lat.trim() !== '' && next.lon.trim() !== '' && Number.isFinite(lat) && Number.isFinite(lon);
    onPoint(valid ? { lat, lon } : null);
  };
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
      <div className="form-row form-row--coords">
        <FormField label={t('report.lastSeen.lat')} value={typed.lat} onChange={(v) => coordinate(v, 'lat')} inputMode="decimal" dir="ltr" required={sighting} />
        <FormField label={t('report.lastSeen.lon')} value={typed.lon} onChange={(v) => coordinate(v, 'lon')} inputMode="decimal" dir="ltr" required={sighting} />
      </div>
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
