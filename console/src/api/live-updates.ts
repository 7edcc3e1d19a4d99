/**
 * Keeps every open screen current: each change the API announces on GET /events makes the queries
 * that show it refetch (through the API's own checks: the event itself names only the case). A lost
 * stream reconnects with backoff; `resync` or a reconnection refetches everything, as changes may
 * have been missed. While the stream is down the screens poll (api/live-status.ts).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useAuth, useSignedIn } from '../auth/auth-context';
import { caseKey } from './case-detail';
import { CONFIG_QUERY_KEY } from './console-config';
import { readEventStream } from './event-stream';
import { setLiveStatus, useLiveStatus, type LiveStatus } from './live-status';

const MAX_BACKOFF_MS = 30_000;

export function useLiveUpdates(): LiveStatus {
  const client = useQueryClient();
  const auth = useAuth();
  const { accessToken } = useSignedIn();

  useEffect(() => {
    const abort = new AbortController();
    const refetchAll = () => void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== CONFIG_QUERY_KEY[0] });
    const onEvent = ({ event, data }: { event: string; data: unknown }) => {
      if (event === 'resync') return refetchAll();
      if (event !== 'case') return;
      const { caseId } = data as { caseId: string };
      void client.invalidateQueries({ queryKey: caseKey(caseId) });
      void client.invalidateQueries({ queryKey: ['cases'] });
      void client.invalidateQueries({ queryKey: ['approvals'] });
    };
    void (async () => {
      for (let backoff = 1_000, first = true; !abort.signal.aborted; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
        let answered = 0;
        try {
          answered = await readEventStream('/events', accessToken, abort.signal, () => {
            setLiveStatus('live');
            if (!first) refetchAll();
            first = false;
            backoff = 1_000;
          }, onEvent);
        } catch {
          // the network dropped, or this effect ended
        }
        if (abort.signal.aborted) return;
        // The token expired or was revoked: signing out is the client's business (it gets 401 too).
        if (answered === 401) return void auth.signOut();
        setLiveStatus('offline');
        await new Promise((r) => setTimeout(r, backoff));
        if (!abort.signal.aborted) setLiveStatus('connecting');
      }
    })();
    return () => {
      abort.abort();
      setLiveStatus('connecting');
    };
  }, [client, auth, accessToken]);

  return useLiveStatus();
}
