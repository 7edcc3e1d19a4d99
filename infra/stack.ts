/**
 * Brings up what the service needs and is not given: a Temporal dev server unless TEMPORAL_ADDRESS is
 * set, an embedded PostgreSQL unless DATABASE_URL is set. Used by `npm start` (persistent, under
 * DATA_DIR) and by `npm test` (throw-away, on free ports). Stops only what it started.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/env';
import { startEmbeddedPostgres } from './embedded-postgres';
import { freePort } from './free-port';
import { resolveDataDir } from './paths';
import { startDevServer } from './temporal-dev-server';
import { findOrInstallTool, TEMPORAL_CLI } from './tools';

export interface Stack {
  temporalAddress: string;
  temporalUiUrl: string | null;
  databaseUrl: string;
  started: string[];
  stop(): Promise<void>;
}

export interface StackOptions {
  /** true: data under DATA_DIR survives restarts, UI on; false: temp dirs, free ports, headless. */
  persistent: boolean;
  log?: (line: string) => void;
}

export async function startStack(config: Config, options: StackOptions): Promise<Stack> {
  const log = options.log ?? console.log;
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((err) => log(`shutdown: ${(err as Error).message}`));
    stops.length = 0;
  };
  const dataDir = resolveDataDir(config.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const scratch = options.persistent ? dataDir : fs.mkdtempSync(path.join(os.tmpdir(), 'mca-'));
  // PostgreSQL runs as its own OS user when we are root: it must be able to enter the folder.
  fs.chmodSync(scratch, 0o755);
  if (!options.persistent) stops.push(async () => fs.rmSync(scratch, { recursive: true, force: true }));

  try {
    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      const cli = findOrInstallTool(TEMPORAL_CLI, process.env, log);
      const server = await startDevServer({
        cli,
        port: options.persistent ? config.TEMPORAL_DEV_PORT : await freePort(),
        uiPort: options.persistent ? config.TEMPORAL_UI_PORT : null,
        namespace: config.TEMPORAL_NAMESPACE,
        dbFile: options.persistent ? path.join(dataDir, 'temporal.db') : undefined,
        logFile: path.join(scratch, 'temporal.log'),
        uiCodecEndpoint: options.persistent ? `${config.publicBaseUrl}/codec` : undefined,
      });
      stops.push(server.stop);
      started.push(`Temporal dev server at ${server.address}`);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }

    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(scratch, 'postgres'),
        port: options.persistent ? config.EMBEDDED_PG_PORT : await freePort(),
        persistent: options.persistent,
      });
      stops.push(pg.stop);
      started.push(`embedded PostgreSQL at ${new URL(pg.url).host}`);
      databaseUrl = pg.url;
    }
    return { temporalAddress, temporalUiUrl, databaseUrl, started, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
