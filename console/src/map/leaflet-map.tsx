/**
 * The Leaflet map (lazy-loaded with its CSS: the first screen never pays for it). The base layer is
 * the service area's outline from /console/config.json: no tile server, no request leaves the
 * machine, unless the service names one (MAP_TILE_URL), drawn under the outline with its
 * attribution. Markers are vector circles (no marker images, nothing for the CSP to allow).
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '../api/case-detail';
import type { MapConfig } from '../api/console-config';
import { MAP_COLOURS, type MapLayers } from './map-layers';

export interface LeafletMapProps {
  polygon: Array<[number, number]>;
  tiles?: MapConfig['tiles'];
  layers: MapLayers;
  onPick?: (point: GeoPoint) => void;
  label: string;
}

const dot = (at: GeoPoint, colour: string, radius: number, tip: string) =>
  L.circleMarker([at.lat, at.lon], { radius, color: '#ffffff', weight: 2, fillColor: colour, fillOpacity: 1 }).bindTooltip(tip);

export default function LeafletMap({ polygon, tiles, layers, onPick, label }: LeafletMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const overlay = useRef<L.LayerGroup | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!element.current) return;
    const m = L.map(element.current, { attributionControl: !!tiles, zoomSnap: 0.5, minZoom: 4 });
    // With tiles the outline is drawn over them, see-through; without, it is the whole base layer.
    if (tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(m);
    const outline = L.polygon(polygon, { color: MAP_COLOURS.country, weight: 1.5, fillColor: '#dfe7ef', fillOpacity: tiles ? 0.1 : 1, interactive: false }).addTo(m);
    m.fitBounds(outline.getBounds(), { padding: [8, 8] });
    overlay.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => pick.current?.({ lat: e.latlng.lat, lon: e.latlng.lng }));
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, [polygon, tiles]);

  useEffect(() => {
    const group = overlay.current;
    const m = map.current;
    if (!group || !m) return;
    group.clearLayers();
    const focus: L.LatLng[] = [];
    for (const area of layers.areas ?? []) {
      if (area.kind === 'national') {
        L.polygon(polygon, { color: MAP_COLOURS.national, weight: 2, fillColor: MAP_COLOURS.national, fillOpacity: 0.12, interactive: false }).addTo(group);
      } else if (area.radiusKm) {
        const circle = L.circle([area.centre.lat, area.centre.lon], { radius: area.radiusKm * 1000, color: MAP_COLOURS.area, weight: 2, fillOpacity: 0.06, dashArray: '6 4' });
        circle.bindTooltip(t('map.areaTip', { km: area.radiusKm })).addTo(group);
        focus.push(...[circle.getBounds().getNorthEast(), circle.getBounds().getSouthWest()]);
      }
    }
    const points: Array<[GeoPoint | null | undefined, string, number, string]> = [
      [layers.lastSeen, MAP_COLOURS.lastSeen, 8, t('map.lastSeen')],
      ...(layers.sightings ?? []).map((s): [GeoPoint, string, number, string] => [s, MAP_COLOURS.sighting, 6, t('map.sighting')]),
      ...(layers.tips ?? []).map((s): [GeoPoint, string, number, string] => [s, MAP_COLOURS.tip, 5, t('map.tip')]),
      [layers.found, MAP_COLOURS.found, 9, t('map.found')],
      [layers.picked, MAP_COLOURS.picked, 9, t('map.picked')],
    ];
    for (const [at, colour, radius, tip] of points) {
      if (!at) continue;
      dot(at, colour, radius, tip).addTo(group);
      focus.push(L.latLng(at.lat, at.lon));
    }
    // The search centre is a ring around whatever marks it (usually the latest sighting).
    if (layers.searchCentre) {
      const c = layers.searchCentre;
      L.circleMarker([c.lat, c.lon], { radius: 12, color: MAP_COLOURS.searchCentre, weight: 3, fill: false }).bindTooltip(t('map.searchCentre')).addTo(group);
      focus.push(L.latLng(c.lat, c.lon));
    }
    // Without tiles a close zoom shows only the country's fill: stop where the coast still shows.
    if (focus.length > 0 && !onPick) m.fitBounds(L.latLngBounds(focus), { padding: [24, 24], maxZoom: (layers.areas ?? []).length > 0 ? 12 : 9 });
  }, [layers, polygon, t, onPick]);

  // The map is drawn left to right in every language; the page around it mirrors.
  return <div ref={element} className="map" dir="ltr" role="region" aria-label={label} />;
}
