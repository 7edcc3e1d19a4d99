/**
 * How staff see a case's tips: each with its distance from the case's current search centre and its
 * group (domain/tip-groups.ts), newest first. The centre is the live state's while the workflow runs,
 * else the latest sighting's, else the last-seen point of the report.
 */
import type { Client } from '@temporalio/client';
import { desc, eq } from 'drizzle-orm';
import type { TipRow } from '../../db/case-tips';
import type { Database } from '../../db/client';
import { casePersonalData, caseSightings } from '../../db/schema';
import type { CaseReport } from '../../domain/case-schemas';
import { distanceMeters, type Point } from '../../domain/geo';
import { groupTips } from '../../domain/tip-groups';
import { queryLiveState, type CaseRow } from './case-view';
import type { Tip } from './tip-schemas';

export async function searchCentreOf(deps: { db: Database; client: Client }, row: CaseRow): Promise<Point | null> {
  const state = row.endedAt === null ? await queryLiveState(deps.client, row.id) : null;
  if (state) return state.searchCentre;
  const [sighting] = await deps.db
    .select({ lat: caseSightings.lat, lon: caseSightings.lon })
    .from(caseSightings)
    .where(eq(caseSightings.caseId, row.id))
    .orderBy(desc(caseSightings.receivedAt))
    .limit(1);
  if (sighting) return sighting;
  const [personal] = await deps.db.select({ report: casePersonalData.report }).from(casePersonalData).where(eq(casePersonalData.caseId, row.id));
  return personal ? (personal.report as CaseReport).lastSeen.location : null;
}

export const tipPosition = (row: TipRow): Point | null => (row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon });

/** The tips as the API answers them; `rows` are all the case's tips (groups need them all). */
export function toTips(rows: TipRow[], centre: Point | null): Tip[] {
  const groups = groupTips(rows.map((r) => ({ id: r.id, seenAt: r.seenAt.toISOString(), position: tipPosition(r) })));
  return rows.map((r) => {
    const position = tipPosition(r);
    return {
      id: r.id,
      receipt: r.receipt,
      receivedAt: r.receivedAt.toISOString(),
      seenAt: r.seenAt.toISOString(),
      place: r.place,
      position,
      description: r.description,
      phone: r.phone,
      callbackConsent: r.callbackConsent,
      distanceMeters: position && centre ? Math.round(distanceMeters(centre, position)) : null,
      group: groups.get(r.id) ?? r.id,
      assessment:
        r.credible === null || r.assessedAt === null
          ? null
          : { credible: r.credible, reason: r.assessmentReason ?? '', at: r.assessedAt.toISOString(), by: r.assessedBySub ?? '' },
      promotedAt: r.promotedAt?.toISOString() ?? null,
    };
  });
}
