/** The in-memory session shared by the providers: expiry ends it, listeners hear every change. */
import type { Session, SessionListener } from './types';

export class SessionStore {
  private current: Session | null = null;
  private readonly listeners = new Set<SessionListener>();
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Pure (React reads it while rendering): an expired session reads as none until the timer clears it. */
  get(): Session | null {
    return this.current && this.current.expiresAt.getTime() > Date.now() ? this.current : null;
  }

  set(session: Session | null): void {
    clearTimeout(this.expiryTimer);
    this.current = session;
    if (session) {
      const left = session.expiresAt.getTime() - Date.now();
      // setTimeout's limit is about 24.8 days; a development token lasts an hour.
      this.expiryTimer = setTimeout(() => this.set(null), Math.min(Math.max(left, 0), 2 ** 31 - 1));
    }
    for (const listener of this.listeners) listener(session);
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
