/**
 * CAP 1.2 code values (OASIS CAP 1.2, section 3.2) used by the builder and checked by the tests, and
 * the mapping from a case's risk to urgency, severity and certainty.
 */
import type { RiskLevel } from '../case-vocabulary';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_STATUS = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPE = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPE = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORY = [
  'Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other',
] as const;
export const CAP_RESPONSE_TYPE = [
  'Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None',
] as const;
export const CAP_URGENCY = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITY = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTY = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapUrgency = (typeof CAP_URGENCY)[number];
export type CapSeverity = (typeof CAP_SEVERITY)[number];
export type CapCertainty = (typeof CAP_CERTAINTY)[number];
export type CapResponseType = (typeof CAP_RESPONSE_TYPE)[number];

export interface CapAssessment {
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  responseType: CapResponseType;
}

/**
 * - critical (abduction, a very young child, a young child with medical needs): act now, life may be
 *   at stake, and the police have confirmed the disappearance: Immediate / Extreme / Observed.
 * - high (medical needs, a child under 12, a recent lost/unknown disappearance): act now, serious
 *   danger, confirmed: Immediate / Severe / Observed.
 * - standard (typically an older runaway reported late): the public should look out in the coming
 *   hours; the danger is real but many such cases resolve on their own: Expected / Moderate / Likely.
 * The public's response in every case is to watch for the child and report: `Monitor`.
 */
export const RISK_ASSESSMENT: Record<RiskLevel, CapAssessment> = {
  critical: { urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed', responseType: 'Monitor' },
  high: { urgency: 'Immediate', severity: 'Severe', certainty: 'Observed', responseType: 'Monitor' },
  standard: { urgency: 'Expected', severity: 'Moderate', certainty: 'Likely', responseType: 'Monitor' },
};

/**
 * A Cancel ends the alert whatever the risk was: nothing is left to do (`Past`), nothing is at stake
 * any more (`Minor`), and the end is a fact (`Observed`); `AllClear` tells receivers to stand down.
 */
export const CANCEL_ASSESSMENT: CapAssessment = {
  urgency: 'Past',
  severity: 'Minor',
  certainty: 'Observed',
  responseType: 'AllClear',
};

export const CAP_CATEGORY_RESCUE = 'Rescue' satisfies (typeof CAP_CATEGORY)[number];
