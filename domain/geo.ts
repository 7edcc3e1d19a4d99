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
