/**
 * The commands on a case (api/cases/router.ts): approval (prosecutor), sighting and found (officer),
 * close (prosecutor, admin). 200: applied; 202: accepted durably, applied when a worker runs (or taken
 * in by a busy case and applied after the answer); 403, 409 and 422 come back as ApiError for the
 * dialog to show. Every answer refreshes the case.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiRequest } from './client';
import { caseKey, type GeoPoint } from './case-detail';

export type CommandName = 'approval' | 'sightings' | 'found' | 'close';

export interface CommandBodies {
  approval: { decision: 'approve' | 'decline'; reason?: string };
  sightings: { location: GeoPoint; seenAt: string; note?: string };
  found: { foundAt?: string; location?: GeoPoint; condition?: 'unharmed' | 'injured' | 'deceased' | 'unknown'; note?: string };
  close: { reason: 'false_report' | 'withdrawn' | 'duplicate' | 'other'; note?: string };
}

export interface CommandResult {
  caseId: string;
  accepted: string;
  status: string | null;
}

export function useCaseCommand<C extends CommandName>(caseId: string, command: C) {
  const request = useApiRequest();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CommandBodies[C]) => request<CommandResult>(`/cases/${encodeURIComponent(caseId)}/${command}`, { method: 'POST', body }),
    onSettled: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: caseKey(caseId) }),
        client.invalidateQueries({ queryKey: ['cases'] }),
        client.invalidateQueries({ queryKey: ['approvals'] }),
      ]);
    },
  });
}
