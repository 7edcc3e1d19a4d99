/**
 * The workflow code, bundled once (webpack, ~3 s) and written to a file that workers load with
 * WORKFLOW_BUNDLE_PATH: containers build it at image build time and tests once per run, so a worker
 * starts without bundling. Workers without the variable bundle at start, as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './payload-encryption/data-converter';

const quietLogger = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

export async function writeWorkflowBundle(file: string): Promise<{ file: string; bytes: number }> {
  // The failure converter runs inside the workflow sandbox, so it must be in the bundle.
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bundle.code);
  return { file, bytes: Buffer.byteLength(bundle.code) };
}
