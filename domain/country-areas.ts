/**
 * Country areas the service can be configured for. A point-in-polygon test on a simplified outline is
 * enough to reject coordinates that are plainly elsewhere (swapped lat/lon, wrong sign); the outline is
 * drawn slightly offshore so that a child last seen on a beach is never rejected.
 * Polygons are [lat, lon] pairs, in order, not closed.
 */
export interface CountryArea {
  code: string;
  name: string;
  polygon: Array<[number, number]>;
}

export const MOROCCO: CountryArea = {
  code: 'MA',
  name: 'Morocco',
  polygon: [
    [36.0, -5.9], [35.95, -5.3], [35.4, -4.2], [35.4, -2.9], [35.2, -2.15], [35.15, -1.95],
    [34.7, -1.6], [34.0, -1.6], [32.9, -1.35], [32.1, -1.0], [31.9, -2.9], [31.4, -3.7],
    [30.6, -5.6], [29.8, -6.7], [29.5, -8.0], [28.7, -8.6], [27.67, -8.6], [26.0, -8.6],
    [26.0, -12.0], [23.45, -12.0], [21.33, -13.0], [21.33, -16.95], [20.7, -17.1],
    [20.7, -17.3], [21.5, -17.3], [23.7, -16.3], [26.1, -14.8], [27.9, -13.3], [28.9, -10.9],
    [30.4, -10.2], [31.5, -10.1], [32.5, -9.6], [33.7, -8.0], [34.4, -6.9], [35.9, -6.3],
  ],
};

export const COUNTRY_AREAS: Record<string, CountryArea> = { MA: MOROCCO };
