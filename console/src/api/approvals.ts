/**
 * The prosecutor's queue (GET /approvals/pending, oldest first) and the alert's public words before
 * approval (GET /cases/:id/public-preview). Shapes mirror api/approvals/schemas.ts and
 * api/alerts/public-preview.ts.
 */
import { useQuery } from '@tanstack/react-query';
import { useSignedIn } from '../auth/auth-context';
import { useApiRequest } from './client';
import { pollUnlessLive, useLiveStatus } from './live-status';
import type { RiskLevel } from './vocabulary';

export interface PendingApproval {
  caseId: string;
  jurisdiction: string;
  risk: RiskLevel | null;
  round: number;
  requestedAt: string;
  waitingSeconds: number;
  reminders: string[];
  escalatedAt: string | null;
  probableDuplicateOf: string | null;
  notification: 'sent' | 'failed' | 'pending' | 'none';
}

export interface PublicTexts {
  language: string;
  event: string;
  senderName: string;
  headline: string;
  description: string;
  instruction: string;
  photoDescription: string;
}

export interface PublicPreview {
  caseId: string;
  consentToPublish: boolean;
  contact: string;
  /** The photos the service holds, at their staff paths (GET /cases/:id/photos/:position). */
  photos: Array<{ path: string; width: number; height: number }>;
  /** Links to photos on other hosts (PHOTO_URL_HOSTS). */
  photoUrls: string[];
  texts: PublicTexts[];
}

const REFRESH_MS = 10_000;

export function usePendingApprovals() {
  const request = useApiRequest();
  const live = useLiveStatus();
  const { principal } = useSignedIn();
  return useQuery({
    queryKey: ['approvals', principal.jurisdiction, principal.sub],
    queryFn: async ({ signal }) => (await request<{ items: PendingApproval[] }>('/approvals/pending?limit=200', { signal })).items,
    refetchInterval: pollUnlessLive(REFRESH_MS, live),
  });
}

export function usePublicPreview(caseId: string) {
  const request = useApiRequest();
  return useQuery({
    queryKey: ['case', caseId, 'public-preview'],
    queryFn: ({ signal }) => request<PublicPreview>(`/cases/${encodeURIComponent(caseId)}/public-preview`, { signal }),
    staleTime: 60_000,
  });
}
