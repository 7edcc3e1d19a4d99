/**
 * Tips from the public (`case_tips`): what the public form stores, what triage reads and writes. Personal
 * data: read only through the API's case access checks, deleted by the purge (activities/personal-data-purge.ts).
 */
import { and, asc, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from './client';
import { caseTips } from './schema';

export type TipRow = typeof caseTips.$inferSelect;
export type NewTip = Omit<typeof caseTips.$inferInsert, 'receivedAt' | 'credible' | 'assessmentReason' | 'assessedBySub' | 'assessedAt' | 'promotedAt' | 'sightingCommandId'>;

/** Stores a tip; false when its receipt code is taken already (the caller draws another). */
export async function insertTip(db: Database, tip: NewTip): Promise<boolean> {
  const rows = await db.insert(caseTips).values(tip).onConflictDoNothing({ target: caseTips.receipt }).returning({ id: caseTips.id });
  return rows.length === 1;
}

/** How many tips the case received since `since`, and when the earliest of them came (for Retry-After). */
export async function tipsSince(db: Database, caseId: string, since: Date): Promise<{ n: number; earliest: Date | null }> {
  const [row] = await db
    .select({ n: count(), earliest: sql<string | null>`min(${caseTips.receivedAt})` })
    .from(caseTips)
    .where(and(eq(caseTips.caseId, caseId), gt(caseTips.receivedAt, since)));
  return { n: row.n, earliest: row.earliest === null ? null : new Date(row.earliest) };
}

/** Every tip of the case, newest first. */
export const tipsOfCase = (db: Database, caseId: string): Promise<TipRow[]> =>
  db.select().from(caseTips).where(eq(caseTips.caseId, caseId)).orderBy(desc(caseTips.receivedAt), asc(caseTips.id));

export async function tipOfCase(db: Database, caseId: string, tipId: string): Promise<TipRow | undefined> {
  const [row] = await db.select().from(caseTips).where(and(eq(caseTips.caseId, caseId), eq(caseTips.id, tipId)));
  return row;
}

export interface Assessment {
  credible: boolean;
  reason: string;
  bySub: string;
}

const assessmentColumns = (a: Assessment) => ({ credible: a.credible, assessmentReason: a.reason, assessedBySub: a.bySub, assessedAt: new Date() });

export async function assessTip(db: Database, tipId: string, assessment: Assessment): Promise<void> {
  await db.update(caseTips).set(assessmentColumns(assessment)).where(eq(caseTips.id, tipId));
}

/**
 * Claims a tip for promotion, once: only the first caller gets true, so a tip becomes at most one
 * sighting however many officers press the button at once.
 */
export async function claimPromotion(db: Database, tipId: string, sightingCommandId: string): Promise<boolean> {
  const rows = await db
    .update(caseTips)
    .set({ promotedAt: new Date(), sightingCommandId })
    .where(and(eq(caseTips.id, tipId), isNull(caseTips.promotedAt)))
    .returning({ id: caseTips.id });
  return rows.length === 1;
}

/** The sighting was refused: the tip is not promoted after all. */
export async function releasePromotion(db: Database, tipId: string, sightingCommandId: string): Promise<void> {
  await db
    .update(caseTips)
    .set({ promotedAt: null, sightingCommandId: null })
    .where(and(eq(caseTips.id, tipId), eq(caseTips.sightingCommandId, sightingCommandId)));
}

/** Live counts of a case's tips: received, promoted, dismissed (assessed not credible). */
export const TIP_COUNT_COLUMNS = sql`count(*)::int as received,
  count(${caseTips.promotedAt})::int as promoted,
  count(*) filter (where ${caseTips.credible} = false)::int as dismissed`;

/**
 * Per case: its live tip counts (`case_id, received, promoted, dismissed`), to join on `cases`; a purged
 * case has none left and is counted by the `cases.tips_*` columns instead.
 */
export const TIPS_BY_CASE = sql`(select ${caseTips.caseId} as case_id, ${TIP_COUNT_COLUMNS} from ${caseTips} group by ${caseTips.caseId})`;

export async function tipCounts(db: Database, caseId: string): Promise<{ received: number; promoted: number; dismissed: number }> {
  const { rows } = await db.execute<{ received: number; promoted: number; dismissed: number }>(sql`select ${TIP_COUNT_COLUMNS} from ${caseTips} where ${caseTips.caseId} = ${caseId}`);
  return rows[0];
}
