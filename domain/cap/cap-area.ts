/**
 * CAP 1.2 `area` geometry (section 3.2.4): WGS 84 decimal degrees, `lat,lon` pairs.
 * - circle: `lat,lon radius` with the radius in kilometres;
 * - polygon: space-separated pairs, at least four, the first and the last identical (a closed ring).
 */
import type { CountryArea } from '../country-areas';
import type { GeoPoint } from '../case-schemas';
import { formatDegrees } from './public-content';

const pair = (lat: number, lon: number) => `${formatDegrees(lat)},${formatDegrees(lon)}`;

export function capCircle(centre: GeoPoint, radiusKm: number): string {
  if (!(radiusKm > 0) || !Number.isFinite(radiusKm)) throw new RangeError(`a circle needs a positive radius, got ${radiusKm}`);
  return `${pair(centre.lat, centre.lon)} ${formatDegrees(radiusKm)}`;
}

/** The country outline as a CAP polygon; our outlines are stored open, so the ring is closed here. */
export function capPolygon(country: CountryArea): string {
  const points = country.polygon.map(([lat, lon]) => pair(lat, lon));
  if (points.length > 1 && points[0] === points[points.length - 1]) points.pop();
  if (points.length < 3) throw new RangeError(`country ${country.code} has no usable outline`);
  return [...points, points[0]].join(' ');
}

const sameSpot = (a: GeoPoint, b: GeoPoint) => formatDegrees(a.lat) === formatDegrees(b.lat) && formatDegrees(a.lon) === formatDegrees(b.lon);

/**
 * The place an area's description names: the reported address while the search is centred on the
 * last-seen point, the coordinates once a sighting has moved the centre elsewhere.
 */
export function circlePlaceName(centre: GeoPoint, lastSeen: { location: GeoPoint; place: string }): string {
  return sameSpot(centre, lastSeen.location) ? lastSeen.place : `${formatDegrees(centre.lat)}, ${formatDegrees(centre.lon)}`;
}

/** "المغرب", "Maroc", "Morocco": the region's name in the language, or the configured name. */
export function countryName(country: CountryArea, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }).of(country.code) ?? country.name;
  } catch {
    return country.name;
  }
}
