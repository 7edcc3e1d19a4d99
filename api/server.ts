/** Listens, and on shutdown stops accepting, lets in-flight requests finish, then closes. */
import type { Express } from 'express';
import type { Server } from 'node:http';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function listen(app: Express, port: number, host: string, graceMs = 10_000): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const close = () =>
        new Promise<void>((done) => {
          // Idle keep-alive sockets would hold close() open; busy ones get the grace time.
          const force = setTimeout(() => server.closeAllConnections(), graceMs);
          server.close(() => {
            clearTimeout(force);
            done();
          });
          server.closeIdleConnections();
        });
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve({ server, url: `http://${shownHost}:${port}`, close });
    });
  });
}
