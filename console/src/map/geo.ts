/** The console's copy of domain/geo.ts (ray casting on [lat, lon] vertices): the same answer as intake's check. */
import type { GeoPoint } from '../api/case-detail';

export function isInsidePolygon(point: GeoPoint, polygon: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [latI, lonI] = polygon[i];
    const [latJ, lonJ] = polygon[j];
    const crosses = latI > point.lat !== latJ > point.lat;
    if (crosses && point.lon < ((lonJ - lonI) * (point.lat - latI)) / (latJ - latI) + lonI) inside = !inside;
  }
  return inside;
}

/** 6 decimals at most (about 10 cm), as the CAP texts write them. */
export const roundDegrees = (value: number) => Number(value.toFixed(6));
