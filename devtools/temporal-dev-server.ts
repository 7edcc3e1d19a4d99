/**
 * Starts the official Temporal dev server (`temporal server start-dev`) as a child process and stops it
 * cleanly. With a database file, cases survive a restart; without one everything is in memory (tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../workflows/contract';
import { isPortOpen } from './free-port';

export interface DevServerOptions {
  /** Path to the CLI; undefined falls back to the SDK's own download (needs internet). */
  cli: string | undefined;
  port: number;
  uiPort: number | null;
  namespace: string;
  dbFile?: string;
  logFile?: string;
  /** The API's codec endpoint (`<api>/codec`): the Web UI decrypts payloads through it, with the user's token. */
  uiCodecEndpoint?: string;
}

export interface DevServerHandle {
  address: string;
  uiUrl: string | null;
  /** Resolves when the server process exits (never for the SDK-downloaded one, which is not supervised). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const SA_TYPE_NAMES: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int', TEXT: 'Text', BOOL: 'Bool', DATETIME: 'Datetime', DOUBLE: 'Double', KEYWORD_LIST: 'KeywordList' };
const searchAttributeFlags = () => SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${SA_TYPE_NAMES[key.type]}`]);

export async function startDevServer(options: DevServerOptions): Promise<DevServerHandle> {
  if (await isPortOpen(options.port)) {
    throw new Error(`port ${options.port} is already in use: stop what runs there, set TEMPORAL_DEV_PORT, or point TEMPORAL_ADDRESS at that server`);
  }
  const address = `127.0.0.1:${options.port}`;
  const uiUrl = options.uiPort ? `http://127.0.0.1:${options.uiPort}` : null;
  if (!options.cli) return startWithSdkDownload(options, address, uiUrl);

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace,
    '--log-level', 'warn', '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true', ...searchAttributeFlags()];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']));
  if (options.uiPort && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);

  const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop the server last.
  const child = spawn(options.cli, args, { stdio: ['ignore', log, log], detached: true });
  if (typeof log === 'number') fs.closeSync(log);
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Detached, it would outlive this process if that died without stopping it (an uncaught error).
  const stopOnExit = () => void child.kill('SIGTERM');
  process.on('exit', stopOnExit);
  child.once('exit', () => {
    exited = true;
    process.off('exit', stopOnExit);
  });
  try {
    await waitUntilServing(address, () => exited);
  } catch (err) {
    await stopChild(child);
    const tail = options.logFile && fs.existsSync(options.logFile) ? fs.readFileSync(options.logFile, 'utf8').slice(-2000) : '';
    throw new Error(`Temporal dev server did not start: ${(err as Error).message}${tail ? `\n${tail}` : ''}`);
  }
  return { address, uiUrl, exited: exit, stop: () => stopChild(child) };
}

async function waitUntilServing(address: string, exited: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error('the process exited');
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** SIGTERM, then SIGKILL if the server has not exited within the grace time: never leave an orphan. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startWithSdkDownload(options: DevServerOptions, address: string, uiUrl: string | null): Promise<DevServerHandle> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      namespace: options.namespace,
      dbFilename: options.dbFile,
      ui: options.uiPort !== null,
      uiPort: options.uiPort ?? undefined,
      searchAttributes: [...SEARCH_ATTRIBUTES],
    },
  });
  return { address, uiUrl, exited: new Promise(() => undefined), stop: () => env.teardown() };
}
