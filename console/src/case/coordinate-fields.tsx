/**
 * Latitude and longitude of a point being placed: a tap on the map writes both; what is typed stays
 * as typed (a comma works as the decimal mark) and moves the point once both parse.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '../api/case-detail';
import { FormField } from '../common/form-field';
import { roundDegrees } from '../map/geo';

interface Props {
  point: GeoPoint | null;
  onPoint: (point: GeoPoint | null) => void;
  required?: boolean;
}

const parse = (text: string) => Number(text.replace(',', '.'));

export function CoordinateFields({ point, onPoint, required }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState({ lat: '', lon: '' });
  useEffect(() => {
    if (!point) return;
    setTyped((was) => (parse(was.lat) === point.lat && parse(was.lon) === point.lon ? was : { lat: String(roundDegrees(point.lat)), lon: String(roundDegrees(point.lon)) }));
  }, [point]);
  const coordinate = (value: string, axis: 'lat' | 'lon') => {
    const next = { ...typed, [axis]: value };
    setTyped(next);
    const lat = parse(next.lat);
    const lon = parse(next.lon);
    const valid = next.lat.trim() !== '' && next.lon.trim() !== '' && Number.isFinite(lat) && Number.isFinite(lon);
    onPoint(valid ? { lat, lon } : null);
  };
  return (
    <div className="form-row form-row--coords">
      <FormField label={t('report.lastSeen.lat')} value={typed.lat} onChange={(v) => coordinate(v, 'lat')} inputMode="decimal" dir="ltr" required={required} />
      <FormField label={t('report.lastSeen.lon')} value={typed.lon} onChange={(v) => coordinate(v, 'lon')} inputMode="decimal" dir="ltr" required={required} />
    </div>
  );
}
