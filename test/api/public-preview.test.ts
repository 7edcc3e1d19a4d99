/**
 * GET /cases/:id/public-preview: the prosecutor reads, before approving, the very words the CAP
 * message then carries (each language, in ALERT_LANGUAGES order), never a private field; the report's
 * roles and jurisdiction only; reading it is audited.
 */
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { capHeadlines } from '../../api/alerts/router';
import { alertSteps, auditLog } from '../../db/schema';
import { eventually } from '../helpers/eventually';
import { realActivities } from '../helpers/worker';
import { makeReport, PRIVATE_FIELD_CANARIES } from '../helpers/fixtures';
import { bearer, createCaseAwaitingApproval, JURISDICTION, OTHER_JURISDICTION, startApiHarness, tokenFor, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  // The API and the worker send the same three languages, as one installation would.
  h = await startApiHarness('api-public-preview', {
    env: { ALERT_LANGUAGES: 'ar-MA,fr-MA,en', ALERT_CONTACT: '19' },
    activities: (db) => realActivities(db, {}, { languages: ['ar-MA', 'fr-MA', 'en'], contact: '19' }),
  });
});
afterAll(async () => {
  await h?.close();
});

const XML_TEXT = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));

test('the preview is what the approved alert publishes, in every language, and nothing private', async () => {
  const report = makeReport(PRIVATE_FIELD_CANARIES);
  const { caseId } = await createCaseAwaitingApproval(h, report);
  const prosecutor = bearer(await tokenFor('prosecutor', JURISDICTION, 'preview-prosecutor'));

  const res = await request(h.app).get(`/cases/${caseId}/public-preview`).set(prosecutor);
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body).toMatchObject({ caseId, consentToPublish: true, contact: '19', photoUrls: report.child.photoUrls });
  expect(res.body.texts.map((t: { language: string }) => t.language)).toEqual(['ar-MA', 'fr-MA', 'en']);
  expect(res.body.texts[1].headline).toContain(report.child.fullName);
  const body = JSON.stringify(res.body);
  for (const secret of ['CANARY-MEDICAL', 'CANARY-DETAILS', 'CANARY-HOBBY', 'CANARY-PROBLEM', 'CANARY-PLACE', report.guardian.fullName, report.guardian.phone]) {
    expect(body).not.toContain(secret);
  }

  const [entry] = await h.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, 'case.view_personal_data'), eq(auditLog.actorSub, 'preview-prosecutor')));
  expect(entry).toMatchObject({ outcome: 'accepted', detail: { view: 'public_preview' } });

  // Approve: the CAP document of the first alert says exactly what the preview said.
  expect((await request(h.app).post(`/cases/${caseId}/approval`).set(prosecutor).send({ decision: 'approve' })).status).toBe(200);
  const [step] = await eventually(
    () => h.database.db.select().from(alertSteps).where(and(eq(alertSteps.caseId, caseId), eq(alertSteps.step, 1))),
    (rows) => rows.length === 1 && rows[0].capXml !== null,
  );
  const xml = step.capXml!;
  expect(capHeadlines(xml)).toEqual(res.body.texts.map((t: { headline: string }) => t.headline));
  expect(XML_TEXT(xml, 'description')).toEqual(res.body.texts.map((t: { description: string }) => t.description));
  expect(XML_TEXT(xml, 'instruction')).toEqual(res.body.texts.map((t: { instruction: string }) => t.instruction));
  expect(XML_TEXT(xml, 'event')).toEqual(res.body.texts.map((t: { event: string }) => t.event));
  expect(XML_TEXT(xml, 'resourceDesc')).toEqual(res.body.texts.map((t: { photoDescription: string }) => t.photoDescription));
});

test('the report\'s roles of the case\'s jurisdiction only; unknown cases are 404', async () => {
  const { caseId } = await createCaseAwaitingApproval(h, makeReport());
  for (const role of ['intake_officer', 'officer'] as const) {
    expect((await request(h.app).get(`/cases/${caseId}/public-preview`).set(bearer(await tokenFor(role)))).status).toBe(200);
  }
  expect((await request(h.app).get(`/cases/${caseId}/public-preview`).set(bearer(await tokenFor('prosecutor', '*', 'national-prosecutor')))).status).toBe(200);
  expect((await request(h.app).get(`/cases/${caseId}/public-preview`).set(bearer(await tokenFor('admin')))).status).toBe(403);
  expect((await request(h.app).get(`/cases/${caseId}/public-preview`).set(bearer(await tokenFor('prosecutor', OTHER_JURISDICTION)))).status).toBe(403);
  const unknown = await request(h.app).get('/cases/00000000-0000-4000-8000-000000000000/public-preview').set(bearer(await tokenFor('prosecutor')));
  expect(unknown.status).toBe(404);
  expect(h.loggedErrors).toEqual([]);
});
