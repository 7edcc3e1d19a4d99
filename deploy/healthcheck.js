/**
 * The image's Docker HEALTHCHECK, for either role; plain Node so that it costs no TypeScript start-up.
 * api: GET /healthz on this container answers 200 within 3 s. worker: it has no port, and its process
 * exits non-zero when the worker stops on its own (the container then restarts), so alive is healthy.
 */
'use strict';
const fs = require('node:fs');

/** SERVICE_ROLE, else the role argument on the serving process's command line (`serve.ts worker`). */
function role() {
  if (process.env.SERVICE_ROLE && process.env.SERVICE_ROLE.trim()) return process.env.SERVICE_ROLE.trim();
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const at = args.findIndex((arg) => arg.endsWith('scripts/serve.ts'));
      if (at >= 0) return args[at + 1];
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

if (role() === 'worker') process.exit(0);
fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
