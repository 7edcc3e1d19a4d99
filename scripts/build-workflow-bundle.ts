/**
 * `npm run build [-- FILE]`: writes the pre-built workflow bundle (default dist/workflow-bundle.js).
 * Workers load it when WORKFLOW_BUNDLE_PATH names it; the Dockerfile runs this in its build stage.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../devtools/paths';
import { writeWorkflowBundle } from '../temporal/workflow-bundle';

const target = path.resolve(PROJECT_ROOT, process.argv[2] ?? path.join('dist', 'workflow-bundle.js'));

writeWorkflowBundle(target).then(
  ({ file, bytes }) => console.log(`[build] workflow bundle ${path.relative(PROJECT_ROOT, file)} (${Math.round(bytes / 1024)} KiB)`),
  (err) => {
    console.error(`[build] bundling the workflows failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
