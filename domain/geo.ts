import type { CountryArea } from './country-areas';

export interface Point {
  lat: number;
  lon: number;
}

/** Ray casting on [lat, lon] vertices; accurate enough for the simplified outlines we use. */
export function isInsidePolygon(point: Point, polygon: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [latI, lonI] = polygon[i];
    const [latJ, lonJ] = polygon[j];
    const crosses = latI > point.lat !== latJ > point.lat;
    if (crosses && point.lon < ((lonJ - lonI) * (point.lat - latI)) / (latJ - latI) + lonI) inside = !inside;
  }
  return inside;
}

export const isInsideArea = (point: Point, area: CountryArea): boolean => isInsidePolygon(point, area.polygon);

const EARTH_RADIUS_M = 6_371_008.8;
const radians = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (haversine) in metres. */
export function distanceMeters(a: Point, b: Point): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
