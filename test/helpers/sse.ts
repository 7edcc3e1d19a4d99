/** Reads a Server-Sent Events stream with the console's own reader (fetch with a bearer token). */
import { readEventStream } from '../../console/src/api/event-stream';

export interface SseEvent {
  event: string;
  data: unknown;
  at: number;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, token: string): Promise<SseStream> {
  const abort = new AbortController();
  const events: SseEvent[] = [];
  let opened!: (status: number) => void;
  const status = new Promise<number>((resolve) => (opened = resolve));
  const ended = readEventStream(url, token, abort.signal, () => opened(200), (e) => events.push({ ...e, at: Date.now() })).then(
    (answered) => opened(answered),
    () => opened(0),
  );
  return { status: await status, events, ended: ended.then(() => undefined), close: () => abort.abort() };
}
