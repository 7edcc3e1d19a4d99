/**
 * Dependencies run one way, top to bottom (docs/ARCHITECTURE.md): no file imports a folder above its
 * own, and nothing imports across a layer sideways. Reads every relative import of every source file.
 */
import { importsOf, sourceFiles } from './helpers/imports';

/** Top to bottom. Entry points are the files that start a process. */
const LAYERS: string[][] = [
  ['scripts', 'api/main.ts', 'worker/main.ts'],
  // Development tooling run by scripts/bench.ts (npm run bench): an entry point's reach, below scripts/ only so that it may import bench/.
  ['bench'],
  ['service'],
  ['api', 'worker', 'devtools'],
  ['temporal'],
  ['activities'],
  ['db'],
  ['config'],
  ['workflows'],
  ['domain'],
];
const FOLDERS = LAYERS.flat().filter((f) => !f.endsWith('.ts'));

const unitOf = (file: string) => LAYERS.flat().find((u) => file === u) ?? file.split('/')[0];
const layerOf = (file: string) => LAYERS.findIndex((layer) => layer.includes(unitOf(file)));

const arrows = FOLDERS.flatMap(sourceFiles).flatMap((from) =>
  importsOf(from)
    .filter((to) => unitOf(to) !== unitOf(from) && layerOf(to) >= 0)
    .map((to) => ({ from, to })),
);

test('the walk sees the layers: arrows from the API to the contract, from activities to the records', () => {
  expect(arrows.length).toBeGreaterThan(100);
  expect(arrows).toEqual(
    expect.arrayContaining([
      { from: 'api/cases/intake.ts', to: 'db/case-intake.ts' },
      { from: 'activities/alert-delivery.ts', to: 'workflows/activity-contract.ts' },
      { from: 'workflows/contract.ts', to: 'domain/case-vocabulary.ts' },
    ]),
  );
  expect(FOLDERS.every((f) => sourceFiles(f).length > 0)).toBe(true);
});

test('no import runs up or sideways', () => {
  const wrong = arrows.filter(({ from, to }) => layerOf(to) <= layerOf(from)).map(({ from, to }) => `${from} -> ${to}`);
  expect(wrong).toEqual([]);
});

test('the domain imports nothing of ours but itself; workflows only the domain', () => {
  expect(arrows.filter((a) => unitOf(a.from) === 'domain')).toEqual([]);
  expect(arrows.filter((a) => unitOf(a.from) === 'workflows' && unitOf(a.to) !== 'domain')).toEqual([]);
});
