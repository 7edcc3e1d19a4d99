/**
 * `npm run console:size`: the console's initial JavaScript (the entry chunk and every chunk it imports
 * statically, as listed in Vite's manifest) must stay under the budget, gzipped. Chunks loaded later
 * (dynamic imports: a language's strings, a screen split off) do not count. Exits 1 over budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 250 * 1024;
export const DEFAULT_DIST = path.resolve(__dirname, '..', 'console', 'dist');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

export interface InitialJsReport {
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
  gzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
}

export function initialJsReport(distDir = DEFAULT_DIST, budgetBytes = INITIAL_JS_BUDGET_BYTES): InitialJsReport {
  const manifestFile = path.join(distDir, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: run npm run console:build`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
  if (entries.length === 0) throw new Error(`${manifestFile} names no entry chunk`);
  const initial = new Set<string>();
  const visit = (key: string) => {
    if (initial.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest's chunk ${key} is missing`);
    initial.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  entries.forEach(visit);
  const files = [...initial]
    .map((key) => manifest[key].file)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const content = fs.readFileSync(path.join(distDir, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  const gzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return { files, gzipBytes, budgetBytes, withinBudget: gzipBytes <= budgetBytes };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (require.main === module) {
  try {
    const report = initialJsReport(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_DIST);
    for (const f of report.files) console.log(`${f.file}  ${kb(f.bytes)}  gzip ${kb(f.gzipBytes)}`);
    console.log(`initial JavaScript: ${kb(report.gzipBytes)} gzipped (budget ${kb(report.budgetBytes)})`);
    if (!report.withinBudget) {
      console.error('over budget: split a screen off with a dynamic import, or drop a dependency');
      process.exit(1);
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
