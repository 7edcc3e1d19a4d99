/**
 * `npm run start:api`: an API-only process (workers and the servers run elsewhere). Needs
 * TEMPORAL_ADDRESS, DATABASE_URL and AUTH_JWT_SECRET or AUTH_JWKS_URL. On SIGTERM or SIGINT it stops
 * accepting connections, lets in-flight requests finish (10 s grace), closes the Temporal connection
 * and the PostgreSQL pool, then exits 0. Shared with the worker role: service/role-process.ts.
 */
import { runRoleProcess } from '../service/role-process';

void runRoleProcess('api');
