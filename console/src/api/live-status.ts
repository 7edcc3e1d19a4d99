/**
 * Whether this console hears changes as they happen (GET /events, api/live-updates.ts). While it does,
 * the screens do not poll: the stream says when to refetch. Without it they poll, only slower.
 */
import { useSyncExternalStore } from 'react';

export type LiveStatus = 'connecting' | 'live' | 'offline';

let current: LiveStatus = 'connecting';
const listeners = new Set<() => void>();

export function setLiveStatus(next: LiveStatus): void {
  if (next === current) return;
  current = next;
  listeners.forEach((listener) => listener());
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

export const useLiveStatus = (): LiveStatus => useSyncExternalStore(subscribe, () => current);

/** A query's polling interval: none while the stream is live. */
export const pollUnlessLive = (ms: number, live: LiveStatus): number | false => (live === 'live' ? false : ms);
