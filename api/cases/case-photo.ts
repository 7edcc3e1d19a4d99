/**
 * `GET /cases/:id/photos/:position`: a photo the service holds for the case, for the people who may
 * read its report. The public URL (`/p/<ref>.jpg`) answers only while an alert is active; a prosecutor
 * must see the photo before approving, so this one serves it at any time until the purge, never
 * cached, and audited as a view of personal data like the report itself.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { casePhotoAt } from '../../db/case-photos';
import { writeAudit } from '../audit';
import { PERSONAL_DATA_ROLES } from '../auth/principal';
import { AUTH_ERRORS, mediaResponse, problems } from '../openapi/responses';
import { notFound } from '../problem';
import type { ApiRoute } from '../routes';
import { loadCaseFor } from './case-view';

const positionSchema = z.coerce.number().int().min(0).max(99);

export function casePhotoHandler(db: Database): RequestHandler {
  return async (req, res) => {
    const { row, principal } = await loadCaseFor(db, req);
    const position = positionSchema.safeParse(req.params.position);
    if (!position.success) throw notFound('no such photo');
    const photo = await casePhotoAt(db, row.id, position.data);
    if (!photo) throw notFound('no such photo (or the case was purged)');
    await writeAudit(db, { actor: principal, action: 'case.view_personal_data', caseId: row.id, outcome: 'accepted', detail: { view: 'photo', position: position.data } });
    res.set('Cache-Control', 'private, no-store').type(photo.mimeType).send(photo.bytes);
  };
}

export function casePhotoRoute(deps: { db: Database }): ApiRoute {
  return {
    method: 'get',
    path: '/cases/:id/photos/:position',
    roles: PERSONAL_DATA_ROLES,
    handler: casePhotoHandler(deps.db),
    doc: {
      tags: ['cases'],
      summary: 'A photo uploaded with the report, by its position (0 first), for the staff who may read the report',
      description: 'At any time until the purge, unlike the public photo URL (only while an alert is active). Never cached; audited as a view of personal data.',
      request: { params: z.object({ id: z.uuid(), position: z.string().describe('0 for the first photo') }) },
      responses: { '200': mediaResponse('the photo as the service re-encoded it', 'image/jpeg'), ...problems(...AUTH_ERRORS, 404) },
    },
  };
}
