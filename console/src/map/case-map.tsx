/** The map as any screen uses it: lazy (Leaflet is its own chunk), with a legend in words. */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleConfig } from '../api/console-config';
import type { GeoPoint } from '../api/case-detail';
import type { MapLayers } from './map-layers';

const LeafletMap = lazy(() => import('./leaflet-map'));

interface Props {
  layers: MapLayers;
  onPick?: (point: GeoPoint) => void;
  label: string;
}

export function CaseMap({ layers, onPick, label }: Props) {
  const { t } = useTranslation();
  const config = useConsoleConfig();
  const polygon = config.data?.map.country.polygon;
  const legend = (
    [
      ['lastSeen', !!layers.lastSeen],
      ['searchCentre', !!layers.searchCentre],
      ['area', (layers.areas ?? []).some((a) => a.kind === 'radius')],
      ['national', (layers.areas ?? []).some((a) => a.kind === 'national')],
      ['sighting', (layers.sightings ?? []).length > 0],
      ['tip', (layers.tips ?? []).length > 0],
      ['found', !!layers.found],
      ['picked', !!layers.picked],
    ] as const
  ).filter(([, shown]) => shown);
  return (
    <figure className="map-figure">
      {polygon ? (
        <Suspense fallback={<div className="map map--loading">{t('map.loading')}</div>}>
          <LeafletMap polygon={polygon} tiles={config.data?.map.tiles} layers={layers} onPick={onPick} label={label} />
        </Suspense>
      ) : (
        <div className="map map--loading">{t('map.loading')}</div>
      )}
      {legend.length > 0 && (
        <figcaption>
          <ul className="map-legend">
            {legend.map(([key]) => (
              <li key={key}>
                <span className={`map-legend__swatch map-legend__swatch--${key}`} aria-hidden="true" />
                {t(`map.legend.${key}`)}
              </li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}
