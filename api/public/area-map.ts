/**
 * The alert area as a small inline SVG: the service area's outline (the same simplified polygon the
 * CAP national area uses) and the alert's circles, nothing else. Drawn on the page itself: no tile
 * server, no request anywhere, and no more detail than the CAP `<area>` already gives (a centre and a
 * radius, or the whole country).
 */
import type { AlertStep } from '../../domain/case-vocabulary';
import type { CountryArea } from '../../domain/country-areas';
import { escapeHtml } from './html';

const KM_PER_DEGREE_LAT = 110.57;
const KM_PER_DEGREE_LON_AT_EQUATOR = 111.32;
/** A radius area is shown with this much room around it, and never narrower than MIN_VIEW_KM. */
const MARGIN = 0.6;
const MIN_VIEW_KM = 50;

type Area = AlertStep['areas'][number];

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const round = (n: number) => String(Math.round(n * 10) / 10);

/** Equirectangular, in kilometres from a reference latitude: true enough at the scale of a country. */
function projector(referenceLat: number) {
  const kmPerLon = KM_PER_DEGREE_LON_AT_EQUATOR * Math.cos((referenceLat * Math.PI) / 180);
  return (lat: number, lon: number) => ({ x: lon * kmPerLon, y: -lat * KM_PER_DEGREE_LAT });
}

function boxOf(points: Array<{ x: number; y: number }>): Box {
  return {
    minX: Math.min(...points.map((p) => p.x)),
    minY: Math.min(...points.map((p) => p.y)),
    maxX: Math.max(...points.map((p) => p.x)),
    maxY: Math.max(...points.map((p) => p.y)),
  };
}

export function areaMapSvg(areas: readonly Area[], country: CountryArea, label: string): string {
  const circles = areas.filter((a) => a.kind !== 'national' && a.radiusKm !== null);
  const national = areas.some((a) => a.kind === 'national');
  const lats = country.polygon.map(([lat]) => lat);
  const referenceLat = national || circles.length === 0 ? (Math.min(...lats) + Math.max(...lats)) / 2 : circles[0].centre.lat;
  const project = projector(referenceLat);
  const outline = country.polygon.map(([lat, lon]) => project(lat, lon));
  const drawn = circles.map((a) => ({ ...project(a.centre.lat, a.centre.lon), r: a.radiusKm! }));

  let view: Box;
  if (national || drawn.length === 0) {
    view = boxOf(outline);
    const pad = Math.max(view.maxX - view.minX, view.maxY - view.minY) * 0.04;
    view = { minX: view.minX - pad, minY: view.minY - pad, maxX: view.maxX + pad, maxY: view.maxY + pad };
  } else {
    const box = boxOf(drawn.flatMap((c) => [{ x: c.x - c.r, y: c.y - c.r }, { x: c.x + c.r, y: c.y + c.r }]));
    const cx = (box.minX + box.maxX) / 2;
    const cy = (box.minY + box.maxY) / 2;
    const half = Math.max(((box.maxX - box.minX) / 2) * (1 + MARGIN), ((box.maxY - box.minY) / 2) * (1 + MARGIN), MIN_VIEW_KM / 2);
    view = { minX: cx - half, minY: cy - half, maxX: cx + half, maxY: cy + half };
  }
  const width = view.maxX - view.minX;
  const height = view.maxY - view.minY;
  const stroke = Math.max(width, height) / 250;
  const path = `M${outline.map((p) => `${round(p.x)} ${round(p.y)}`).join('L')}Z`;
  const zones = drawn
    .map((c) => `<circle class="zone" cx="${round(c.x)}" cy="${round(c.y)}" r="${round(c.r)}" stroke-width="${round(stroke * 2)}"/>`)
    .join('');
  const centres = drawn.map((c) => `<circle class="centre" cx="${round(c.x)}" cy="${round(c.y)}" r="${round(stroke * 3)}"/>`).join('');
  return (
    `<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="${round(view.minX)} ${round(view.minY)} ${round(width)} ${round(height)}" role="img" aria-label="${escapeHtml(label)}">` +
    `<rect class="sea" x="${round(view.minX)}" y="${round(view.minY)}" width="${round(width)}" height="${round(height)}"/>` +
    `<path class="${national ? 'land national' : 'land'}" d="${path}" stroke-width="${round(stroke)}"/>` +
    zones +
    centres +
    `</svg>`
  );
}
