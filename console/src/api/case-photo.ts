/**
 * A photo the service holds, fetched with the user's token: an <img> cannot send one, so the bytes
 * come through the API client and are shown from an object URL, released when no longer shown.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useApiRequest } from './client';

export function useCasePhotoUrl(path: string): { url?: string; failed: boolean } {
  const request = useApiRequest();
  // Never kept in the query cache after the screen leaves: it is personal data.
  const photo = useQuery({ queryKey: ['case-photo', path], queryFn: ({ signal }) => request<Blob>(path, { signal }), staleTime: Infinity, gcTime: 0 });
  const url = useMemo(() => (photo.data ? URL.createObjectURL(photo.data) : undefined), [photo.data]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return { url, failed: photo.isError };
}
