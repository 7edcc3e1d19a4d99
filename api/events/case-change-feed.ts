/**
 * The changes PostgreSQL announces on `case_changes` (db/migrations/0005_case_change_notify.sql), for
 * the consoles this API replica serves. One dedicated connection listens: every replica gets every
 * change, whichever replica or worker made it. When the connection drops, the feed reconnects with
 * backoff and tells its subscribers to `resync` (what changed meanwhile was not heard).
 */
import pg from 'pg';
import { z } from 'zod';

export const CASE_CHANGES_CHANNEL = 'case_changes';

export const caseChangeSchema = z.object({
  caseId: z.uuid(),
  jurisdiction: z.string(),
  /** `tip`: a tip from the public arrived or was triaged (GET /cases/:id/tips); never what it says. */
  change: z.enum(['case', 'approval', 'alert', 'delivery', 'sighting', 'tip']),
  status: z.string(),
});
export type CaseChange = z.infer<typeof caseChangeSchema>;

export type FeedEvent = { type: 'change'; change: CaseChange } | { type: 'resync' } | { type: 'closing' };

export interface CaseChangeFeed {
  subscribe(listener: (event: FeedEvent) => void): () => void;
  /** Whether the listening connection is up (changes are being heard). */
  connected(): boolean;
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 10_000;

export function startCaseChangeFeed(databaseUrl: string, log: (line: string) => void): CaseChangeFeed {
  const listeners = new Set<(event: FeedEvent) => void>();
  const emit = (event: FeedEvent) => listeners.forEach((listener) => listener(event));
  let client: pg.Client | null = null;
  let up = false;
  let closed = false;
  let lostAt: number | null = null;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (backoffMs: number) => {
    retry = null;
    const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    next.on('notification', (message) => {
      const parsed = caseChangeSchema.safeParse(safeJson(message.payload));
      if (parsed.success) emit({ type: 'change', change: parsed.data });
    });
    const lost = () => {
      if (client !== next) return;
      client = null;
      up = false;
      void next.end().catch(() => undefined);
      if (closed) return;
      lostAt ??= Date.now();
      log('live updates: lost the database connection; reconnecting');
      retry = setTimeout(() => void connect(Math.min(backoffMs * 2, MAX_BACKOFF_MS)), backoffMs);
    };
    next.on('error', lost);
    next.on('end', lost);
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CASE_CHANGES_CHANNEL}`);
      if (closed) return void (await next.end().catch(() => undefined));
      up = true;
      if (lostAt !== null) {
        log(`live updates: listening again after ${Math.round((Date.now() - lostAt) / 1000)} s`);
        lostAt = null;
        emit({ type: 'resync' });
      }
    } catch {
      lost();
    }
  };
  void connect(500);

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connected: () => up,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      emit({ type: 'closing' });
      listeners.clear();
      const current = client;
      client = null;
      up = false;
      await current?.end().catch(() => undefined);
    },
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
