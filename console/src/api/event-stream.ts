/**
 * Reads GET /events (Server-Sent Events) with fetch, because EventSource cannot send the bearer
 * token and the token must not go in a URL. Calls `onEvent` for each `event:`/`data:` block and
 * resolves with the HTTP status when the stream ends. The API's tests read their streams with it too.
 */
export interface StreamEvent {
  event: string;
  data: unknown;
}

export async function readEventStream(
  url: string,
  token: string,
  signal: AbortSignal,
  onOpen: () => void,
  onEvent: (e: StreamEvent) => void,
): Promise<number> {
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    signal,
    credentials: 'omit',
  });
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel();
    return res.status;
  }
  onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return 200;
    buffer += value;
    for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data !== undefined) onEvent({ event, data: JSON.parse(data) as unknown });
    }
  }
}
