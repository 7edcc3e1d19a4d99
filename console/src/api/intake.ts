/**
 * POST /cases with the form's Idempotency-Key: a double tap, a retry after a lost answer or a second
 * submit of the same form returns the same case (200 Idempotent-Replayed) instead of a second one.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiRequest } from './client';

export interface CaseCreated {
  caseId: string;
  status: string;
}

export function useCreateCase(idempotencyKey: string) {
  const request = useApiRequest();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (report: unknown) => request<CaseCreated>('/cases', { method: 'POST', body: report, headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases'] }),
  });
}
