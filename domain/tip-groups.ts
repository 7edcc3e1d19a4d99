/**
 * Tips that may be one sighting seen by several people: within TIP_GROUP_METERS and TIP_GROUP_MINUTES
 * of each other, transitively (single linkage: A near B and B near C put A, B and C together). A tip
 * without a point (a place in words only) cannot be measured and stands alone. Each group is named by
 * its earliest tip's id (by time seen, then id), so a group keeps its name as later tips join it.
 */
import { distanceMeters, type Point } from './geo';

export const TIP_GROUP_METERS = 500;
export const TIP_GROUP_MINUTES = 30;

export interface GroupableTip {
  id: string;
  /** ISO time. */
  seenAt: string;
  position: Point | null;
}

const near = (a: GroupableTip, b: GroupableTip) =>
  a.position !== null &&
  b.position !== null &&
  Math.abs(Date.parse(a.seenAt) - Date.parse(b.seenAt)) <= TIP_GROUP_MINUTES * 60_000 &&
  distanceMeters(a.position, b.position) <= TIP_GROUP_METERS;

/** Tip id -> group id, for every tip given. */
export function groupTips(tips: readonly GroupableTip[]): Map<string, string> {
  const ordered = [...tips].sort((a, b) => Date.parse(a.seenAt) - Date.parse(b.seenAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parent = ordered.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (let i = 0; i < ordered.length; i += 1) {
    for (let j = i + 1; j < ordered.length; j += 1) {
      if (near(ordered[i], ordered[j])) {
        const [a, b] = [root(i), root(j)];
        // The smaller index is the earlier tip: it names the merged group.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  return new Map(ordered.map((tip, i) => [tip.id, ordered[root(i)].id]));
}
