/**
 * A photo the service holds, fetched with the user's token: an <img> cannot send one, so the bytes
 * come through the API client and are shown from an object URL, released when no longer shown.
 */
import { useQuery } from '@tanstack/react-query';
import { useObjectUrl } from '../common/object-url';
import { useApiRequest } from './client';

export function useCasePhotoUrl(path: string): { url?: string; failed: boolean } {
  const request = useApiRequest();
  // Never kept in the query cache after the screen leaves: it is personal data.
  const photo = useQuery({ queryKey: ['case-photo', path], queryFn: ({ signal }) => request<Blob>(path, { signal }), staleTime: Infinity, gcTime: 0 });
  return { url: useObjectUrl(photo.data), failed: photo.isError };
}
