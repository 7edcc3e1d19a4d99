/**
 * The production image leaves devtools/ (and the tests) out: nothing the container entry reaches may
 * import them, or the image would fail at start. Walks the relative imports from each entry point.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../devtools/paths';
import { reachedFrom as reached } from './helpers/imports';

test.each(['scripts/serve.ts', 'api/main.ts', 'worker/main.ts'])('%s reaches nothing the image leaves out', (entry) => {
  const files = reached(entry);
  // The walk itself works: the entry reaches the service's wiring and the workflow contract.
  expect(files).toEqual(expect.arrayContaining(['service/role-process.ts', 'service/service.ts', 'workflows/contract.ts']));
  expect(files.filter((f) => f.startsWith('devtools/') || f.startsWith('bench/') || f.startsWith('test/') || f.endsWith('.test.ts'))).toEqual([]);
});

test('scripts/setup-database.ts (the compose stack\'s database job, run from the image) reaches nothing the image leaves out', () => {
  const files = reached('scripts/setup-database.ts');
  expect(files).toEqual(expect.arrayContaining(['db/database-roles.ts', 'db/client.ts', 'config/env.ts']));
  expect(files.filter((f) => f.startsWith('devtools/') || f.startsWith('bench/') || f.startsWith('test/') || f.endsWith('.test.ts'))).toEqual([]);
});

test('the Dockerfile copies every folder the entries reach, and not devtools/', () => {
  const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
  const copied = new Set([...dockerfile.matchAll(/^COPY --from=build \/app\/([a-z-]+) /gm)].map((m) => m[1]));
  const folders = new Set(['scripts/serve.ts', 'api/main.ts', 'worker/main.ts', 'scripts/setup-database.ts'].flatMap(reached).map((f) => f.split('/')[0]));
  expect([...folders].filter((f) => !copied.has(f))).toEqual([]);
  expect(copied.has('devtools')).toBe(false);
});
