/**
 * `npm start` (and the test servers) build the operator console when console/dist is missing or older
 * than any of its sources: console/src, console/index.html, console/public, the Vite, TypeScript and
 * package configuration. The image builds it once in its build stage (Dockerfile) instead.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

export const CONSOLE_DIR = path.join(PROJECT_ROOT, 'console');
export const CONSOLE_DIST = path.join(CONSOLE_DIR, 'dist');
/** Written last by a build: its time is the build's. */
const BUILD_MARK = path.join(CONSOLE_DIST, 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'];

function newestMtime(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Why the console needs a build, or null when console/dist is newer than every source. */
export function consoleBuildReason(consoleDir = CONSOLE_DIR): string | null {
  const mark = path.join(consoleDir, 'dist', 'index.html');
  if (!fs.existsSync(mark)) return 'console/dist is missing';
  const built = fs.statSync(mark).mtimeMs;
  const changed = SOURCES.find((source) => newestMtime(path.join(consoleDir, source)) > built);
  return changed ? `console/${changed} changed since the last build` : null;
}

/** Type-checks and builds the console (`npm run console:build`); its output shows only on failure. */
export function buildConsole(): Promise<void> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['run', '--silent', 'console:build'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run console:build failed (exit ${code}):\n${output.trim()}`))));
  });
}

/** Builds the console if it is missing or stale; says what it did. */
export async function ensureConsoleBuild(log: (line: string) => void): Promise<void> {
  const reason = consoleBuildReason();
  if (!reason) return;
  const started = Date.now();
  log(`building the console (${reason})`);
  await buildConsole();
  if (!fs.existsSync(BUILD_MARK)) throw new Error('npm run console:build ended without console/dist/index.html');
  log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
