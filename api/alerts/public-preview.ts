/**
 * `GET /cases/:id/public-preview`: the exact public words the case's alert carries, in each language
 * the service sends (ALERT_LANGUAGES, in that order), with its photos and the number to call, so that
 * a prosecutor approves what will be published. The texts come from the same function the CAP builder
 * uses (domain/cap/public-texts.ts); only what `toPublicAlertContent` keeps is read: never background,
 * guardian, medical needs or the circumstances' free text. Before approval the child's name is not
 * public: the roles and jurisdiction checks are those of the report in GET /cases/:id, and reading it
 * is audited as a view of personal data.
 */
import { eq } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/env';
import type { Database } from '../../db/client';
import { casePhotoRefs } from '../../db/case-photos';
import { casePersonalData } from '../../db/schema';
import type { CaseReport } from '../../domain/case-schemas';
import { publicAlertTexts, SUPPORTED_ALERT_LANGUAGES, toPublicAlertContent } from '../../domain/cap';
import { writeAudit } from '../audit';
import { PERSONAL_DATA_ROLES } from '../auth/principal';
import { loadCaseFor } from '../cases/case-view';
import { caseIdParamsSchema } from '../cases/schemas';
import { AUTH_ERRORS, json, problems } from '../openapi/responses';
import { notFound } from '../problem';
import type { ApiRoute } from '../routes';

export type PublicPreviewConfig = Pick<Config, 'ALERT_LANGUAGES' | 'ALERT_CONTACT'>;

export const publicPreviewSchema = z.object({
  caseId: z.uuid(),
  consentToPublish: z.boolean().describe('without the guardian\'s consent no public alert is ever sent'),
  contact: z.string().describe('the number the public is asked to call (ALERT_CONTACT)'),
  photos: z
    .array(z.object({ path: z.string(), width: z.number().int(), height: z.number().int() }))
    .describe('the photos the service holds, first in the alert: each at its staff path (GET /cases/:id/photos/:position)'),
  photoUrls: z.array(z.string()).describe('the photo links on other hosts the alert also carries'),
  texts: z
    .array(
      z.object({
        language: z.enum(SUPPORTED_ALERT_LANGUAGES as [string, ...string[]]),
        event: z.string(),
        senderName: z.string(),
        headline: z.string(),
        description: z.string(),
        instruction: z.string(),
        photoDescription: z.string(),
      }),
    )
    .describe('one per language the service sends, in ALERT_LANGUAGES order: the CAP info block\'s words'),
});

export function publicPreviewHandler({ db, config }: { db: Database; config: PublicPreviewConfig }): RequestHandler {
  return async (req, res) => {
    const { row, principal } = await loadCaseFor(db, req);
    const [personal] = await db.select({ report: casePersonalData.report }).from(casePersonalData).where(eq(casePersonalData.caseId, row.id));
    if (!personal) throw notFound('the report of this case is no longer held');
    const content = toPublicAlertContent(personal.report as CaseReport, new Date());
    const photos = await casePhotoRefs(db, row.id);
    await writeAudit(db, { actor: principal, action: 'case.view_personal_data', caseId: row.id, outcome: 'accepted', detail: { view: 'public_preview' } });
    res.set('Cache-Control', 'no-store').json({
      caseId: row.id,
      consentToPublish: (personal.report as CaseReport).guardian.consentToPublish,
      contact: config.ALERT_CONTACT,
      photos: photos.map((photo, position) => ({ path: `/cases/${row.id}/photos/${position}`, width: photo.width, height: photo.height })),
      photoUrls: content.photoUrls,
      texts: config.ALERT_LANGUAGES.map((language) => publicAlertTexts(content, language, config.ALERT_CONTACT)),
    });
  };
}

export function publicPreviewRoute(deps: { db: Database; config: PublicPreviewConfig }): ApiRoute {
  return {
    method: 'get',
    path: '/cases/:id/public-preview',
    roles: PERSONAL_DATA_ROLES,
    handler: publicPreviewHandler(deps),
    doc: {
      tags: ['alerts'],
      summary: 'The public text of the case\'s alert in each language the service sends, and its photos, as the CAP message would carry them',
      description: 'For the prosecutor\'s decision: the same words as the CAP `info` blocks. Never the background, guardian or medical fields. Audited as a view of personal data.',
      request: { params: caseIdParamsSchema },
      responses: { '200': json('the public words of the alert', publicPreviewSchema), ...problems(...AUTH_ERRORS, 404) },
    },
  };
}
