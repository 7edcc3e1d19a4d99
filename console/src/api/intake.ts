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

export interface NewReport {
  report: unknown;
  /** Files chosen in the form: sent with the report as multipart/form-data (api/cases/photo-upload.ts). */
  photos: readonly File[];
}

/** JSON alone, or the report's JSON as the `report` part and each file as a `photos` part. */
function intakeBody({ report, photos }: NewReport): unknown {
  if (photos.length === 0) return report;
  const form = new FormData();
  form.append('report', JSON.stringify(report));
  for (const photo of photos) form.append('photos', photo, photo.name);
  return form;
}

export function useCreateCase(idempotencyKey: string) {
  const request = useApiRequest();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewReport) => request<CaseCreated>('/cases', { method: 'POST', body: intakeBody(input), headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases'] }),
  });
}
