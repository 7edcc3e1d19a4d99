/**
 * The production image leaves devtools/ (and the tests) out: nothing the container entry reaches may
 * import them, or the image would fail at start. Walks the relative imports from each entry point.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../devtools/paths';

const IMPORT = /(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]|require\(['"](\.{1,2}\/[^'"]+)['"]\)/g;

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function reached(entry: string): string[] {
  const seen = new Set<string>();
  const todo = [path.join(PROJECT_ROOT, entry)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(file, m[1] ?? m[2]);
      if (target) todo.push(target);
    }
  }
  return [...seen].map((f) => path.relative(PROJECT_ROOT, f)).sort();
}

test.each(['scripts/serve.ts', 'api/main.ts', 'worker/main.ts'])('%s reaches nothing the image leaves out', (entry) => {
  const files = reached(entry);
  // The walk itself works: the entry reaches the service's wiring and the workflow contract.
  expect(files).toEqual(expect.arrayContaining(['service/role-process.ts', 'service/service.ts', 'workflows/contract.ts']));
  expect(files.filter((f) => f.startsWith('devtools/') || f.startsWith('test/') || f.endsWith('.test.ts'))).toEqual([]);
});

test('the Dockerfile copies every folder the entries reach, and not devtools/', () => {
  const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
  const copied = new Set([...dockerfile.matchAll(/^COPY --from=build \/app\/([a-z-]+) /gm)].map((m) => m[1]));
  const folders = new Set(['scripts/serve.ts', 'api/main.ts', 'worker/main.ts'].flatMap(reached).map((f) => f.split('/')[0]));
  expect([...folders].filter((f) => !copied.has(f))).toEqual([]);
  expect(copied.has('devtools')).toBe(false);
});
