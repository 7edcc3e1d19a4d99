/** Cases whose alert is out, and tips about them, through the real API (test/api/public-tips*.test.ts). */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { caseTips, cases } from '../../db/schema';
import { localTime } from '../../domain/cap';
import { workflowIdForCase, type CaseReport } from '../../workflows/contract';
import { bearer, tokenFor, type ApiHarness } from '../api/harness';
import { eventually } from './eventually';
import { makeReport } from './fixtures';
import { waitForState } from './worker';

export interface AlertingCase {
  caseId: string;
  ref: string;
  report: CaseReport;
}

/** A case of `jurisdiction`, reported, approved, and alerting (the database says so). */
export async function alertingCase(h: ApiHarness, jurisdiction: string, unit: string): Promise<AlertingCase> {
  const report = makeReport({ reportingUnit: { id: unit, jurisdiction } });
  const created = await request(h.app).post('/cases').set(bearer(await tokenFor('intake_officer', jurisdiction))).send(report);
  if (created.status !== 201) throw new Error(`intake failed: ${created.status}`);
  const caseId = created.body.caseId as string;
  await waitForState(h.client.workflow.getHandle(workflowIdForCase(caseId)), (s) => s.status === 'awaiting_approval');
  const approved = await request(h.app).post(`/cases/${caseId}/approval`).set(bearer(await tokenFor('prosecutor', jurisdiction))).send({ decision: 'approve' });
  if (approved.status !== 200) throw new Error(`approval failed: ${approved.status}`);
  const [row] = await eventually(() => h.database.db.select().from(cases).where(eq(cases.id, caseId)), ([r]) => r.status === 'alerting' && r.firstAlertAt !== null);
  return { caseId, ref: row.publicRef, report };
}

/** What the alert page's form sends for a datetime-local field: the Moroccan wall clock, to the minute. */
export function wallClockField(at: Date): string {
  const { date, time } = localTime(at.toISOString());
  const [day, month, year] = date.split('/');
  return `${year}-${month}-${day}T${time}`;
}

export const tipsOf = (h: ApiHarness, caseId: string) => h.database.db.select().from(caseTips).where(eq(caseTips.caseId, caseId));

/** A valid JSON tip about `ref`, seen `minutesAgo` at a point (or `place` alone when `at` is null). */
export function jsonTip(ref: string, overrides: Record<string, unknown> = {}, minutesAgo = 5): Record<string, unknown> {
  return { alert: ref, seenAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), lat: 33.5801, lon: -7.5902, description: 'A girl in a red coat, crying, near the tram stop.', ...overrides };
}
