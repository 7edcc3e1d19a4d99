/**
 * The words a case is described in, shared by the rules, CAP and the workflow contract: how urgent it
 * is and which alert steps went out over which areas. Plain data only: the workflow bundle reads it.
 */
import type { GeoPoint } from './case-schemas';

export const RISK_LEVELS = ['critical', 'high', 'standard'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface Tier {
  /** 0..radii.length-1 for radius tiers; radii.length for national coverage. */
  index: number;
  kind: 'radius' | 'national';
  radiusKm: number | null;
  centre: GeoPoint;
}

export type AlertStepKind = 'alert' | 'widen' | 'rebroadcast' | 'sighting_update' | 'cancel';

export interface AlertStep {
  /** 1-based, unique within a case: the business key of every delivery (case + step + channel). */
  step: number;
  kind: AlertStepKind;
  msgType: 'Alert' | 'Update' | 'Cancel';
  messageId: string;
  /** Radius tiers carry a circle; national carries none. A Cancel lists every area reached. */
  areas: Array<Pick<Tier, 'index' | 'kind' | 'radiusKm' | 'centre'>>;
  sentAt: string;
}
