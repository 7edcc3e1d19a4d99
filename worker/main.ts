/**
 * `npm run start:worker`: a worker-only process (the API and the servers run elsewhere). Needs
 * TEMPORAL_ADDRESS and DATABASE_URL; everything else comes from the environment as for `npm start`.
 * On SIGTERM or SIGINT it drains: in-flight activities get the worker's grace time, then it exits 0.
 * A second signal exits at once. Shared with the API role: service/role-process.ts.
 */
import { runRoleProcess } from '../service/role-process';

void runRoleProcess('worker');
