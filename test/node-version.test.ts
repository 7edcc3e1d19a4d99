/**
 * The image runs the Node the suite passed on (issue 17): the Dockerfile's NODE_IMAGE, `engines` in
 * package.json and this process agree on the major version. Moving to a newer LTS means changing
 * both and running the suite on it (README "Node version").
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../devtools/paths';

test('the Dockerfile, package.json engines and the tested Node share one major version', () => {
  const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
  const image = /^ARG NODE_IMAGE=node:(\d+)-/m.exec(dockerfile)?.[1];
  const engines = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
  const tested = process.versions.node.split('.')[0];
  expect({ image, engines: /(\d+)/.exec(engines)?.[1] }).toEqual({ image: tested, engines: tested });
});
