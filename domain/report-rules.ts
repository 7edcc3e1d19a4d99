/**
 * Business rules on a report that need no I/O. The API applies them before anything starts (so a bad
 * report gets 422 and no workflow) and the validation activity applies them again, because a case
 * can also be started straight through Temporal and time passes between the two.
 */
import type { CountryArea } from './country-areas';
import type { CaseReport } from './case-schemas';
import type { RiskLevel } from './case-vocabulary';
import { isInsideArea } from './geo';

export interface RuleViolation {
  path: string;
  message: string;
}

/** Clocks of phones and desktops drift; a report a minute "in the future" is not a false report. */
const CLOCK_SKEW_MS = 2 * 60_000;

/** Later than now by more than clock drift: a time nobody can have observed yet. */
export function isInFuture(at: string | Date, now: Date = new Date()): boolean {
  return new Date(at).getTime() > now.getTime() + CLOCK_SKEW_MS;
}
const HOUR_MS = 3_600_000;

/** Whole years between a YYYY-MM-DD birth date and an instant, by calendar (UTC). */
export function ageInYears(dateOfBirth: string, at: Date): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  let age = at.getUTCFullYear() - year;
  const beforeBirthday = at.getUTCMonth() + 1 < month || (at.getUTCMonth() + 1 === month && at.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

export function checkReportRules(report: CaseReport, now: Date, country: CountryArea): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const seenAt = new Date(report.lastSeen.at);
  const born = new Date(`${report.child.dateOfBirth}T00:00:00Z`);
  if (born.getTime() > now.getTime()) {
    violations.push({ path: 'child.dateOfBirth', message: 'is in the future' });
  }
  if (isInFuture(seenAt, now)) {
    violations.push({ path: 'lastSeen.at', message: 'is in the future' });
  }
  if (seenAt.getTime() < born.getTime()) {
    violations.push({ path: 'lastSeen.at', message: 'is before the date of birth' });
  } else if (ageInYears(report.child.dateOfBirth, seenAt) >= 18) {
    violations.push({ path: 'child.dateOfBirth', message: 'the child must be under 18 when last seen' });
  }
  if (!isInsideArea(report.lastSeen.location, country)) {
    violations.push({ path: 'lastSeen.location', message: `is outside the service area (${country.name})` });
  }
  return violations;
}

/**
 * critical: abduction, a child under 6, or medical needs under 12.
 * high: medical needs, a child under 12, or a lost/unknown disappearance reported within 24 hours.
 * standard: everything else (typically an older runaway reported late).
 */
export function assessRisk(report: CaseReport, now: Date): RiskLevel {
  const seenAt = new Date(report.lastSeen.at);
  const age = ageInYears(report.child.dateOfBirth, seenAt);
  const medical = report.child.medicalNeeds !== undefined;
  const elapsedMs = now.getTime() - seenAt.getTime();
  const type = report.circumstances.type;
  if (type === 'abduction' || age < 6 || (medical && age < 12)) return 'critical';
  if (medical || age < 12) return 'high';
  if ((type === 'lost' || type === 'unknown') && elapsedMs <= 24 * HOUR_MS) return 'high';
  return 'standard';
}
