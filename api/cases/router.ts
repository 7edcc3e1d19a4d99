/** The case routes: who may call each, and what each accepts and answers (for Express and OpenAPI). */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { PERSONAL_DATA_ROLES, ROLES } from '../auth/principal';
import { AUTH_ERRORS, json, jsonBody, problems, WRITE_ERRORS } from '../openapi/responses';
import type { ApiRoute } from '../routes';
import { createCaseActionHandlers, type CaseActionDeps } from './command-handlers';
import { createCaseReadHandlers } from './read-handlers';
import { createTipTriageHandlers } from './tip-triage';
import { tipAssessmentSchema, tipListSchema, tipParamsSchema, tipPromotionResultSchema, tipPromotionSchema, tipSchema } from './tip-schemas';
import { createIntakeHandler, type IntakeDeps } from './intake';
import {
  alertListSchema,
  caseCreatedSchema,
  caseListSchema,
  caseViewSchema,
  commandResultSchema,
} from './response-schemas';
import {
  approvalDecisionSchema,
  caseIdParamsSchema,
  caseReportSchema,
  closeSchema,
  foundSchema,
  idempotencyKeyHeaderSchema,
  listCasesQuerySchema,
  sightingSchema,
} from './schemas';

const reportWithPhotosSchema = z.object({
  report: z.string().describe('the report, as the JSON body would be (CaseReport)'),
  photos: z.array(z.string().meta({ format: 'binary' })).max(5).optional().describe('photo files: JPEG, PNG or WebP, at most 5 MB each'),
});

export interface CaseRouteDeps {
  config: CaseActionDeps['config'] & IntakeDeps['config'];
  client: Client;
  db: Database;
}

const applied = json('the command took effect; the state after it', commandResultSchema);
const TAKEN_IN = 'the case took the command in and was still applying it when the request\'s time ran out: it takes effect (once); the case shows the outcome';
const takenIn = json(TAKEN_IN, commandResultSchema);
/** Found and close have one more way to 202 than the commands that need the live case (approval, sighting). */
const durablyAccepted = json(`either no worker answered in time, and the command was accepted durably: it is applied (once) as soon as a worker runs; or ${TAKEN_IN}`, commandResultSchema);
const params = caseIdParamsSchema;

export function caseRoutes(deps: CaseRouteDeps): ApiRoute[] {
  const read = createCaseReadHandlers(deps);
  const act = createCaseActionHandlers(deps);
  const tips = createTipTriageHandlers({ ...deps, reportSighting: act.reportSighting });
  return [
    {
      method: 'post',
      path: '/cases',
      roles: ['intake_officer'],
      handler: createIntakeHandler(deps),
      doc: {
        tags: ['cases'],
        summary: 'Report a missing child (starts the case workflow)',
        description:
          'Schema and rules (under 18 when last seen, no future dates, inside the country area) are checked before anything starts. ' +
          'With an `Idempotency-Key`, a retried or concurrent duplicate returns the same case with 200 and `Idempotent-Replayed: true`; ' +
          'the key reused with a different report is 422. A key is the caller\'s own: another caller\'s request with the same key is theirs alone. Without a key, every POST is a new case. ' +
          'Photos: send `multipart/form-data` with the report\'s JSON as the `report` part and up to 5 `photos` files (JPEG, PNG or WebP by content, 5 MB each); ' +
          'each is re-encoded without metadata and served at `/p/<ref>.jpg` while the alert is active. A refused file is 422 (413 when too large), field `photos.<n>`, and nothing is stored; ' +
          'a replay with the same key must bring the same files. Photo links (`child.photoUrls`) are accepted only on the hosts of PHOTO_URL_HOSTS.',
        request: {
          headers: idempotencyKeyHeaderSchema,
          body: {
            required: true,
            content: {
              ...jsonBody(caseReportSchema).content,
              // With photos: the same report as a part, and the files (api/cases/photo-upload.ts).
              'multipart/form-data': { schema: reportWithPhotosSchema },
            },
          },
        },
        responses: {
          '201': json('case created; its workflow is starting', caseCreatedSchema),
          '200': json('an Idempotency-Key replay: the same case', caseCreatedSchema),
          ...problems(...WRITE_ERRORS, 503),
        },
      },
    },
    {
      method: 'get',
      path: '/cases',
      roles: ROLES,
      handler: read.list,
      doc: {
        tags: ['cases'],
        summary: 'List cases (newest first), limited to the caller\'s jurisdiction unless national',
        request: { query: listCasesQuerySchema },
        responses: { '200': json('one page of cases', caseListSchema), ...problems(...AUTH_ERRORS, 422) },
      },
    },
    {
      method: 'get',
      path: '/cases/:id',
      roles: ROLES,
      handler: read.get,
      doc: {
        tags: ['cases'],
        summary: 'One case: the live workflow state while it runs, the database record once it has ended',
        request: { params },
        responses: { '200': json('the case', caseViewSchema), ...problems(...AUTH_ERRORS, 404) },
      },
    },
    {
      method: 'get',
      path: '/cases/:id/alerts',
      roles: ROLES,
      handler: read.alerts,
      doc: {
        tags: ['cases'],
        summary: 'Every alert step sent for the case, with its delivery to each channel (the public feed and each partner webhook)',
        request: { params },
        responses: { '200': json('the alert steps, in order', alertListSchema), ...problems(...AUTH_ERRORS, 404) },
      },
    },
    {
      method: 'post',
      path: '/cases/:id/approval',
      roles: ['prosecutor'],
      handler: act.approval,
      doc: {
        tags: ['approvals'],
        summary: 'Approve or decline the public alert (a prosecutor of the case\'s jurisdiction)',
        request: { params, body: jsonBody(approvalDecisionSchema) },
        responses: { '200': applied, '202': takenIn, ...problems(...WRITE_ERRORS, 404, 409, 503) },
      },
    },
    {
      method: 'post',
      path: '/cases/:id/sightings',
      roles: ['officer'],
      handler: act.sighting,
      doc: {
        tags: ['cases'],
        summary: 'Report a sighting: the search area re-centres on it',
        request: { params, body: jsonBody(sightingSchema) },
        responses: { '200': applied, '202': takenIn, ...problems(...WRITE_ERRORS, 404, 409, 503) },
      },
    },
    {
      method: 'post',
      path: '/cases/:id/found',
      roles: ['officer'],
      handler: act.found,
      doc: {
        tags: ['cases'],
        summary: 'The child is found: alerts stop and are cancelled',
        request: { params, body: jsonBody(foundSchema) },
        responses: { '200': applied, '202': durablyAccepted, ...problems(...WRITE_ERRORS, 404, 409) },
      },
    },
    {
      method: 'post',
      path: '/cases/:id/close',
      roles: ['prosecutor', 'admin'],
      handler: act.close,
      doc: {
        tags: ['cases'],
        summary: 'Close the case (false report, withdrawn, duplicate): alerts stop and are cancelled',
        request: { params, body: jsonBody(closeSchema) },
        responses: { '200': applied, '202': durablyAccepted, ...problems(...WRITE_ERRORS, 404, 409) },
      },
    },
    {
      method: 'get',
      path: '/cases/:id/tips',
      // Tips are personal data (what strangers saw, their phone numbers): the report's roles.
      roles: PERSONAL_DATA_ROLES,
      handler: tips.list,
      doc: {
        tags: ['tips'],
        summary: 'The tips from the public about the case, newest first, with distance from the search centre and groups; audited',
        description:
          'Tips within 500 m and 30 minutes of each other (transitively) share a `group`. `distanceMeters` is from the current search centre (the live state\'s, ' +
          'else the latest sighting, else the last-seen point). `counts`: received, promoted, dismissed (assessed not credible). Each read is an audit entry (`tips.view`).',
        request: { params },
        responses: { '200': json('the case\'s tips and their counts', tipListSchema), ...problems(...AUTH_ERRORS, 404) },
      },
    },
    {
      method: 'post',
      path: '/cases/:id/tips/:tipId/assessment',
      roles: ['officer'],
      handler: tips.assess,
      doc: {
        tags: ['tips'],
        summary: 'Mark a tip credible or not, with a reason (audited as `tip.assess`)',
        request: { params: tipParamsSchema, body: jsonBody(tipAssessmentSchema) },
        responses: { '200': json('the tip after the assessment', tipSchema), ...problems(...WRITE_ERRORS, 404, 409) },
      },
    },
    {
      method: 'post',
      path: '/cases/:id/tips/:tipId/promote',
      roles: ['officer'],
      handler: tips.promote,
      doc: {
        tags: ['tips'],
        summary: 'Promote a tip to a sighting: the sighting command of POST /cases/:id/sightings (the area re-centres), the tip marked credible and linked',
        description: 'At the tip\'s point, or at `position` (required when the tip has only a place in words). A tip is promoted once: again is 409 and no second sighting. Audited as `tip.promote`.',
        request: { params: tipParamsSchema, body: jsonBody(tipPromotionSchema) },
        responses: { '200': json('the tip, and the sighting command\'s result', tipPromotionResultSchema), ...problems(...WRITE_ERRORS, 404, 409, 503) },
      },
    },
  ];
}
