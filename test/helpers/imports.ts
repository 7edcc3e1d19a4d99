/** The relative imports of the project's own TypeScript files, resolved to files. */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../devtools/paths';

const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]|require\(['"](\.{1,2}\/[^'"]+)['"]\)/g;

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Project-relative paths of the files `file` (project-relative) imports. */
export function importsOf(file: string): string[] {
  const absolute = path.join(PROJECT_ROOT, file);
  return [...fs.readFileSync(absolute, 'utf8').matchAll(IMPORT)]
    .map((m) => resolve(absolute, m[1] ?? m[2]))
    .filter((f): f is string => f !== null)
    .map((f) => path.relative(PROJECT_ROOT, f));
}

/** Every file reached from `entry` by relative imports, sorted. */
export function reachedFrom(entry: string): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...importsOf(file));
  }
  return [...seen].sort();
}

/** The TypeScript files under `folder`, tests and test fixtures left out. */
export function sourceFiles(folder: string): string[] {
  const root = path.join(PROJECT_ROOT, folder);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(folder, f))
    .sort();
}
