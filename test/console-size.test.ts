/** The console's initial JavaScript stays under 250 KB gzipped (scripts/check-console-size.ts, on the real build). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DIST, INITIAL_JS_BUDGET_BYTES, initialJsReport } from '../scripts/check-console-size';

test('the built console loads under 250 KB of gzipped JavaScript first', () => {
  // Built before jest by the test servers (scripts/test-servers.ts), or by npm run console:build.
  expect(fs.existsSync(path.join(DEFAULT_DIST, '.vite', 'manifest.json'))).toBe(true);
  const report = initialJsReport();
  expect(report.files.length).toBeGreaterThan(0);
  expect(report.files.map((f) => f.file)).toEqual(expect.arrayContaining([expect.stringMatching(/^assets\/index-.+\.js$/)]));
  // A language's strings are loaded on demand: not part of the first load.
  expect(report.files.filter((f) => /\/(fr|ar|en)-/.test(f.file))).toEqual([]);
  expect(report.budgetBytes).toBe(250 * 1024);
  expect(report.gzipBytes).toBeLessThan(INITIAL_JS_BUDGET_BYTES);
  expect(report.withinBudget).toBe(true);
});

test('the check follows static imports, ignores dynamic ones, and fails over budget', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-size-'));
  fs.mkdirSync(path.join(dist, '.vite'));
  fs.mkdirSync(path.join(dist, 'assets'));
  const random = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
  fs.writeFileSync(path.join(dist, 'assets/entry.js'), random(2000));
  fs.writeFileSync(path.join(dist, 'assets/vendor.js'), random(3000));
  fs.writeFileSync(path.join(dist, 'assets/lazy.js'), random(50_000));
  const manifest = {
    'index.html': { file: 'assets/entry.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['src/lazy.ts'] },
    '_vendor.js': { file: 'assets/vendor.js' },
    'src/lazy.ts': { file: 'assets/lazy.js', isDynamicEntry: true },
  };
  fs.writeFileSync(path.join(dist, '.vite/manifest.json'), JSON.stringify(manifest));
  const report = initialJsReport(dist, 4000);
  expect(report.files.map((f) => f.file).sort()).toEqual(['assets/entry.js', 'assets/vendor.js']);
  expect(report.gzipBytes).toBeGreaterThan(5000);
  expect(report.withinBudget).toBe(false);
  expect(initialJsReport(dist, 10_000).withinBudget).toBe(true);
  fs.rmSync(dist, { recursive: true, force: true });
});
