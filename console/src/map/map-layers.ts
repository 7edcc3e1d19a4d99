/** What a map shows: every layer is optional; the legend and the Leaflet layers are drawn from this. */
import type { GeoPoint, Tier } from '../api/case-detail';

export interface MapLayers {
  lastSeen?: GeoPoint | null;
  searchCentre?: GeoPoint | null;
  /** Each alert area sent: a circle per radius tier; a national area shades the whole country. */
  areas?: Tier[];
  sightings?: GeoPoint[];
  found?: GeoPoint | null;
  /** Tips from the public with a point, not yet made sightings. */
  tips?: GeoPoint[];
  /** The point being placed (the report's last-seen point, a new sighting). */
  picked?: GeoPoint | null;
}

/** Colours of the markers, shared by the map and its legend (the legend always names them in words). */
export const MAP_COLOURS = {
  country: '#1f4f7a',
  lastSeen: '#9b1c1c',
  searchCentre: '#8a4b00',
  area: '#9b1c1c',
  national: '#9b1c1c',
  sighting: '#5b21b6',
  found: '#1e5e34',
  tip: '#0e7490',
  picked: '#1d4ed8',
} as const;
