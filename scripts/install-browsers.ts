/**
 * `npm run browsers:install`: the browser the console's tests drive (test/browser/, playwright-core):
 * Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH). Installs it with apt-get when it is
 * missing (Playwright's own browser download needs the internet; Debian's package comes from the
 * distribution's mirror). `.ci/run` runs it before the tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function main(): number {
  if (fs.existsSync(CHROMIUM)) {
    console.log(`[browsers] ${CHROMIUM} is installed`);
    return 0;
  }
  if (process.env.CHROMIUM_PATH) {
    console.error(`[browsers] CHROMIUM_PATH=${CHROMIUM} does not exist`);
    return 1;
  }
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args: string[]) => (sudo.length ? run('sudo', ['apt-get', ...args]) : run('apt-get', args));
  console.log('[browsers] installing Debian\'s chromium (apt-get)');
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`[browsers] apt-get installed chromium, but ${CHROMIUM} is missing`);
    return 1;
  }
  console.log(`[browsers] ${CHROMIUM} installed`);
  return 0;
}

try {
  process.exit(main());
} catch (err) {
  console.error(`[browsers] ${(err as Error).message}`);
  process.exit(1);
}
