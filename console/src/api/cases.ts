/**
 * GET /cases: the caller's jurisdiction (the API narrows it; national staff see every one), newest
 * first in pages of at most 100. The Cases screen sorts by risk and counts per status, so it needs
 * every case: the hook follows the cursor up to MAX_PAGES and says when more exist.
 * Shapes mirror api/cases/response-schemas.ts (caseRecordSchema).
 */
import { useQuery } from '@tanstack/react-query';
import { useSignedIn } from '../auth/auth-context';
import { useApiRequest } from './client';
import { pollUnlessLive, useLiveStatus } from './live-status';
import type { CaseStatus, RiskLevel } from './vocabulary';

export interface CaseRecord {
  caseId: string;
  status: CaseStatus;
  risk: RiskLevel | null;
  jurisdiction: string;
  reportingUnitId: string;
  consentToPublish: boolean | null;
  probableDuplicateOf: string | null;
  tierReached: number | null;
  nationalReached: boolean;
  receivedAt: string;
  validatedAt: string | null;
  approvalRequestedAt: string | null;
  decidedAt: string | null;
  firstAlertAt: string | null;
  endedAt: string | null;
  outcome: string | null;
  closeReason: string | null;
  personalDataPurgedAt: string | null;
  links: { self: string; alerts: string };
}

interface CasePage {
  items: CaseRecord[];
  nextCursor: string | null;
}

export interface CaseList {
  items: CaseRecord[];
  /** More cases exist than were loaded (MAX_PAGES pages). */
  truncated: boolean;
}

const PAGE_SIZE = 100;
export const MAX_PAGES = 10;
/** Until the API pushes changes (Server-Sent Events, issue 12), the list refreshes on this interval. */
const REFRESH_MS = 15_000;

export function useCaseList() {
  const request = useApiRequest();
  const live = useLiveStatus();
  const { principal } = useSignedIn();
  return useQuery({
    queryKey: ['cases', principal.jurisdiction, principal.sub],
    queryFn: async ({ signal }): Promise<CaseList> => {
      const items: CaseRecord[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
        const answer: CasePage = await request<CasePage>(`/cases?${query}`, { signal });
        items.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return { items, truncated: cursor !== null };
    },
    refetchInterval: pollUnlessLive(REFRESH_MS, live),
  });
}
