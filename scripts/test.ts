/**
 * `npm test`: starts its own Temporal dev server and PostgreSQL (or uses TEMPORAL_ADDRESS /
 * DATABASE_URL), installs the time-skipping test server if needed, pre-builds the workflow bundle once,
 * runs jest, stops everything it started, and ends with the line CI reads: `N passed, N failed`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env';
import { PROJECT_ROOT, resolveDataDir } from '../devtools/paths';
import { startTestServers, type TestServers } from './test-servers';

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

export function summaryLine(report: JestReport): string {
  // A suite that fails to load has no failed test of its own: count it, so it can never read as green.
  const failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  const skipped = report.numPendingTests + report.numTodoTests;
  return `${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

async function main(): Promise<number> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const dataDir = resolveDataDir(config.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const reportFile = process.env.JEST_REPORT_FILE ?? path.join(dataDir, 'jest-report.json');
  fs.rmSync(reportFile, { force: true });

  let servers: TestServers;
  try {
    servers = await startTestServers((l) => console.log(`[test] ${l}`));
  } catch (err) {
    // What had started is stopped already.
    console.error(`[test] could not start the servers: ${(err as Error).message}`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  let exitCode = 1;
  try {
    console.log(`[test] ${servers.started.join('; ') || 'using the given servers'}`);
    // jest's global setup finds these set and starts nothing of its own.
    exitCode = await runJest(process.argv.slice(2), reportFile, { ...process.env, ...servers.env });
  } finally {
    await servers.stop();
  }
  if (!fs.existsSync(reportFile)) {
    console.log('0 passed, 1 failed');
    return exitCode || 1;
  }
  console.log(summaryLine(JSON.parse(fs.readFileSync(reportFile, 'utf8')) as JestReport));
  return exitCode;
}

function runJest(args: string[], reportFile: string, env: NodeJS.ProcessEnv): Promise<number> {
  const jest = path.join(PROJECT_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jest, '--json', `--outputFile=${reportFile}`, ...args], { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.once('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 1);
    });
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
