/**
 * The container entry point: one image, either role. The role is the first argument
 * (`docker run IMAGE worker`) or SERVICE_ROLE; a missing or unknown role stops start-up naming it.
 */
import { resolveRole, runRoleProcess } from '../service/role-process';

void runRoleProcess(() => resolveRole(process.argv[2], process.env));
