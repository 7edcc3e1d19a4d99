/**
 * A real partner on 127.0.0.1 (node:http, port 0), one path per channel (`/hooks/<channel>`). It does
 * what a careful partner does: verifies `X-Signature` with that channel's secret, and applies each
 * `Idempotency-Key` once (the *effect*), however many POSTs carry it. Tests can script the answers
 * and hold requests open (to crash a worker while deliveries are in flight).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../activities/signing';

export interface ReceivedPost {
  channel: string;
  key: string;
  /** 1-based: the how-many-th POST with this key. */
  attempt: number;
  rawBody: string;
  signature: string | undefined;
  signatureValid: boolean;
  body: Record<string, unknown> & { cap?: string; idempotencyKey?: string };
  status: number;
  /** True once the answer was fully written; false while held or when the client went away first. */
  answered: boolean;
  /** The client closed the connection before the answer (e.g. its worker was killed). */
  aborted: boolean;
}

export interface Effect {
  key: string;
  channel: string;
  body: ReceivedPost['body'];
}

export type Responder = (post: Pick<ReceivedPost, 'channel' | 'key' | 'attempt' | 'body'>) => number;

export interface WebhookReceiver {
  url(channel: string): string;
  posts: ReceivedPost[];
  /** Applied effects, in order: at most one per idempotency key. */
  effects: Effect[];
  respond(responder: Responder): void;
  /** From now on, requests wait (their effect already applied) until `release()`. */
  hold(): void;
  release(): void;
  held(): number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secrets: Record<string, string>): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const effects: Effect[] = [];
  const applied = new Set<string>();
  let responder: Responder = () => 200;
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  let holding = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const channel = /^\/hooks\/([a-z0-9-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers['x-signature'] as string | undefined;
      const secret = secrets[channel];
      const signatureValid = secret !== undefined && verifySignature(secret, rawBody, signature);
      const key = String(req.headers['idempotency-key'] ?? '');
      let body: ReceivedPost['body'] = {};
      try {
        body = JSON.parse(rawBody);
      } catch {
        // recorded with an empty body; the status below refuses it
      }
      const attempt = posts.filter((p) => p.key === key).length + 1;
      const status = !signatureValid ? 401 : key === '' ? 400 : responder({ channel, key, attempt, body });
      const post: ReceivedPost = { channel, key, attempt, rawBody, signature, signatureValid, body, status, answered: false, aborted: false };
      posts.push(post);
      // Accepting means applying, once per key: a repeated key is answered 200 and changes nothing.
      if (status >= 200 && status < 300 && !applied.has(key)) {
        applied.add(key);
        effects.push({ key, channel, body });
      }
      res.on('close', () => {
        if (!res.writableFinished) post.aborted = true;
      });
      if (gate) {
        holding += 1;
        await gate.promise;
        holding -= 1;
      }
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }), () => (post.answered = true));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (channel) => `http://127.0.0.1:${port}/hooks/${channel}`,
    posts,
    effects,
    respond(next) {
      responder = next;
    },
    hold() {
      let open!: () => void;
      const promise = new Promise<void>((r) => (open = r));
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = null;
    },
    held: () => holding,
    async close() {
      gate?.open();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
