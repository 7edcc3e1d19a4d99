/**
 * The bench's partner: one local HTTP receiver (node:http, port 0) that answers 200 to every POST and
 * notes when each awaited thing first arrived (performance.now(), the clock the driver measures with):
 * `<caseId>:first` (the first delivery of a case), `<caseId>:<msgType>` (e.g. `:Cancel`) for the
 * service, `bare:<id>` for the baseline workflow's activity. Signatures are not verified. Each step of a
 * case is kept too (`step()`): when it arrived and the `sentAt` it carries, both on the wall clock, which
 * is the clock the workflow's due times are on (the widening punctuality, bench/widening.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface BenchReceiver {
  url(path: string): string;
  /** Resolves with the arrival time of `key` (at once if it already arrived); rejects after timeoutMs. */
  arrival(key: string, timeoutMs?: number): Promise<number>;
  /** When step `step` of the case first arrived and its `sentAt` (epoch ms); rejects after timeoutMs. */
  step(caseId: string, step: number, timeoutMs?: number): Promise<StepArrival>;
  posts(): number;
  close(): Promise<void>;
}

export interface StepArrival {
  arrivedAt: number;
  sentAt: number;
}

export async function startBenchReceiver(): Promise<BenchReceiver> {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, Array<(at: number) => void>>();
  const steps = new Map<string, StepArrival>();
  let posts = 0;
  const note = (key: string, at: number) => {
    if (arrived.has(key)) return;
    arrived.set(key, at);
    for (const resolve of waiting.get(key) ?? []) resolve(at);
    waiting.delete(key);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      posts += 1;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { caseId?: string; msgType?: string; benchId?: string; step?: number; sentAt?: string };
        if (body.benchId) note(`bare:${body.benchId}`, at);
        if (body.caseId && body.step !== undefined && body.sentAt) {
          const key = `${body.caseId}#${body.step}`;
          if (!steps.has(key)) steps.set(key, { arrivedAt: Date.now(), sentAt: Date.parse(body.sentAt) });
          note(key, at);
        }
        if (body.caseId) {
          note(`${body.caseId}:first`, at);
          if (body.msgType) note(`${body.caseId}:${body.msgType}`, at);
        }
      } catch {
        // not JSON: counted, nothing awaited
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const arrival = (key: string, timeoutMs = 60_000): Promise<number> => {
    const at = arrived.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${key}: nothing arrived at the receiver within ${timeoutMs} ms`)), timeoutMs);
      const list = waiting.get(key) ?? [];
      list.push((t) => {
        clearTimeout(timer);
        resolve(t);
      });
      waiting.set(key, list);
    });
  };
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    arrival,
    async step(caseId, step, timeoutMs) {
      const key = `${caseId}#${step}`;
      await arrival(key, timeoutMs);
      return steps.get(key)!;
    },
    posts: () => posts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
