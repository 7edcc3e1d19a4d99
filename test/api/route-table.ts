/** Every route of the API with the roles it admits: the matrix test and the OpenAPI test share it. */
import type { Role } from '../../api/auth/principal';

export const ALL_ROLES: Role[] = ['intake_officer', 'prosecutor', 'officer', 'admin'];

export interface RouteCase {
  method: 'get' | 'post';
  path: string;
  roles: Role[] | 'public';
  /** Status for an admitted caller with a valid request. */
  success: number;
}

export const API_ROUTES: RouteCase[] = [
  { method: 'post', path: '/cases', roles: ['intake_officer'], success: 201 },
  { method: 'get', path: '/cases', roles: ALL_ROLES, success: 200 },
  { method: 'get', path: '/cases/:id', roles: ALL_ROLES, success: 200 },
  { method: 'get', path: '/cases/:id/alerts', roles: ALL_ROLES, success: 200 },
  // The public words before approval name the child: the report's roles (GET /cases/:id gives admins no report).
  { method: 'get', path: '/cases/:id/public-preview', roles: ['intake_officer', 'prosecutor', 'officer'], success: 200 },
  // A photo of the report, for the same roles; the matrix's case has none: an admitted caller reaches the handler's 404.
  { method: 'get', path: '/cases/:id/photos/:position', roles: ['intake_officer', 'prosecutor', 'officer'], success: 404 },
  { method: 'get', path: '/approvals/pending', roles: ['prosecutor'], success: 200 },
  { method: 'post', path: '/cases/:id/approval', roles: ['prosecutor'], success: 200 },
  { method: 'post', path: '/cases/:id/sightings', roles: ['officer'], success: 200 },
  { method: 'post', path: '/cases/:id/found', roles: ['officer'], success: 200 },
  { method: 'post', path: '/cases/:id/close', roles: ['prosecutor', 'admin'], success: 200 },
  { method: 'get', path: '/cases/:id/audit', roles: ['admin', 'prosecutor'], success: 200 },
  // Tips are personal data: the report's roles (test/api/public-tips-triage.test.ts reads them with content).
  { method: 'get', path: '/cases/:id/tips', roles: ['intake_officer', 'prosecutor', 'officer'], success: 200 },
  { method: 'get', path: '/stats', roles: ['admin'], success: 200 },
  // The matrix's app listens to no change feed, so an admitted caller gets 503; test/api/events.test.ts streams.
  { method: 'get', path: '/events', roles: ALL_ROLES, success: 503 },
  // National scope only (a payload cannot be tied to a jurisdiction before it is decrypted).
  // The report's roles, national only (the matrix's callers are national where the handler needs it).
  { method: 'post', path: '/codec/decode', roles: ['intake_officer', 'prosecutor', 'officer'], success: 200 },
  { method: 'post', path: '/codec/encode', roles: ['intake_officer', 'prosecutor', 'officer'], success: 200 },
];

/**
 * Triage writes need a tip of the case: test/api/public-tips-triage.test.ts checks their roles (admitted,
 * refused, another jurisdiction) with one; the OpenAPI test checks them with the others.
 */
export const TIP_TRIAGE_ROUTES: RouteCase[] = [
  { method: 'post', path: '/cases/:id/tips/:tipId/assessment', roles: ['officer'], success: 200 },
  { method: 'post', path: '/cases/:id/tips/:tipId/promote', roles: ['officer'], success: 200 },
];

export const PUBLIC_ROUTES: RouteCase[] = [
  { method: 'get', path: '/healthz', roles: 'public', success: 200 },
  { method: 'get', path: '/readyz', roles: 'public', success: 200 },
  { method: 'get', path: '/openapi.json', roles: 'public', success: 200 },
  { method: 'get', path: '/docs', roles: 'public', success: 200 },
  { method: 'get', path: '/docs/init.js', roles: 'public', success: 200 },
  { method: 'get', path: '/metrics', roles: 'public', success: 200 },
  { method: 'get', path: '/alerts/feed', roles: 'public', success: 200 },
  // Needs a recorded message for a 200: test/case-alert-delivery.test.ts serves one.
  { method: 'get', path: '/alerts/:messageId.xml', roles: 'public', success: 200 },
  // Need an alerting case for a 200: test/api/public-alert-page.test.ts drives one.
  { method: 'get', path: '/a/:ref', roles: 'public', success: 200 },
  { method: 'get', path: '/p/:photoRef.jpg', roles: 'public', success: 200 },
  // Needs an active alert: test/api/public-tips.test.ts.
  { method: 'post', path: '/public/tips', roles: 'public', success: 202 },
];
