/**
 * What each role may do, as the API's routes admit it (api/cases/router.ts, api/records/router.ts,
 * api/approvals/router.ts). The console only hides what a role cannot use; the API decides.
 */
import type { Role } from './types';

const of = (...roles: Role[]) => (role: Role) => roles.includes(role);

export const may = {
  report: of('intake_officer'),
  decide: of('prosecutor'),
  queue: of('prosecutor'),
  sighting: of('officer'),
  found: of('officer'),
  close: of('prosecutor', 'admin'),
  audit: of('prosecutor', 'admin'),
  /** GET /stats (api/records/router.ts): administrators; a regional one sees its region. */
  stats: of('admin'),
  /** The report and the alert's public words before approval (personal data). */
  personalData: of('intake_officer', 'prosecutor', 'officer'),
};
