/**
 * Tips from the public about a case (api/cases/tip-schemas.ts): the list with distances and groups,
 * an officer's assessment, and promotion to a sighting (the sighting command itself: the alert area
 * re-centres). The list refetches when the change stream says a tip arrived or changed ('tip').
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiRequest } from './client';
import { caseKey, type GeoPoint } from './case-detail';
import type { TipCounts } from './stats';

export interface Tip {
  id: string;
  receipt: string;
  receivedAt: string;
  seenAt: string;
  place: string | null;
  position: GeoPoint | null;
  description: string;
  phone: string | null;
  callbackConsent: boolean;
  /** From the case's current search centre; null without a point. */
  distanceMeters: number | null;
  /** Tips within 500 m and 30 minutes of each other share it (the id of the group's earliest tip). */
  group: string;
  assessment: { credible: boolean; reason: string; at: string; by: string } | null;
  promotedAt: string | null;
}

export interface TipList {
  tips: Tip[];
  counts: TipCounts;
}

const tipsKey = (caseId: string) => [...caseKey(caseId), 'tips'] as const;
const tipPath = (caseId: string, tipId: string, action: string) => `/cases/${encodeURIComponent(caseId)}/tips/${encodeURIComponent(tipId)}/${action}`;

export function useCaseTips(caseId: string, enabled: boolean) {
  const request = useApiRequest();
  return useQuery({
    queryKey: tipsKey(caseId),
    queryFn: ({ signal }) => request<TipList>(`/cases/${encodeURIComponent(caseId)}/tips`, { signal }),
    enabled,
  });
}

function useTipMutation<B>(caseId: string, action: 'assessment' | 'promote') {
  const request = useApiRequest();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ tipId, body }: { tipId: string; body: B }) => request<unknown>(tipPath(caseId, tipId, action), { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: caseKey(caseId) }),
  });
}

export const useAssessTip = (caseId: string) => useTipMutation<{ credible: boolean; reason: string }>(caseId, 'assessment');
export const usePromoteTip = (caseId: string) => useTipMutation<{ position?: GeoPoint }>(caseId, 'promote');

/** Tips in their groups, newest group first, each group's tips newest first (as the API lists them). */
export function groupTips(tips: readonly Tip[]): Tip[][] {
  const groups = new Map<string, Tip[]>();
  for (const tip of tips) groups.set(tip.group, [...(groups.get(tip.group) ?? []), tip]);
  return [...groups.values()];
}
