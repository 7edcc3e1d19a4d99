/**
 * One process, one role: `api` (HTTP API only) or `worker` (Temporal worker only), against servers
 * that run elsewhere (TEMPORAL_ADDRESS, DATABASE_URL). `api/main.ts`, `worker/main.ts` and the
 * container entry (`scripts/serve.ts`) all run this, so every role starts, drains and exits alike:
 * SIGTERM or SIGINT drains in order (API: stop accepting, finish in-flight requests; worker: in-flight
 * activities get the grace time), closes the pools and exits 0; a second signal exits 1 at once.
 */
import { Runtime } from '@temporalio/worker';
import { safeRuntimeOptions } from './safe-logger';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { runUntilStopped } from './process-lifecycle';
import { startService, type RunningService } from './service';

export const SERVICE_ROLES = ['api', 'worker'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

const roleSchema = z.enum(SERVICE_ROLES, { error: (issue) => `"${String(issue.input)}" is not a role (api or worker)` });
const PROCESS_LABEL: Record<ServiceRole, string> = { api: 'an API-only process', worker: 'a worker-only process' };

/**
 * The role of a container: the command argument (`serve.ts worker`), else SERVICE_ROLE. Both given
 * and different is refused rather than guessed: one of them is a deployment mistake.
 */
export function resolveRole(argument: string | undefined, env: NodeJS.ProcessEnv): ServiceRole {
  const fromEnv = env.SERVICE_ROLE?.trim() || undefined;
  const problems: string[] = [];
  const parse = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const result = roleSchema.safeParse(value);
    if (!result.success) problems.push(`${name}: ${result.error.issues[0].message}`);
    return result.data;
  };
  const byArgument = parse('role argument', argument?.trim() || undefined);
  const byEnv = parse('SERVICE_ROLE', fromEnv);
  if (problems.length > 0) throw new ConfigError(problems);
  if (byArgument && byEnv && byArgument !== byEnv) {
    throw new ConfigError([`SERVICE_ROLE: is "${byEnv}" but the role argument is "${byArgument}"`]);
  }
  const role = byArgument ?? byEnv;
  if (!role) throw new ConfigError(['SERVICE_ROLE: is required (api or worker), or give the role as the command argument']);
  return role;
}

export type RoleConfig = Config & { TEMPORAL_ADDRESS: string; DATABASE_URL: string };

/** The configuration a single-role process needs: it starts no server of its own. */
export function loadRoleConfig(role: ServiceRole, env: NodeJS.ProcessEnv = process.env): RoleConfig {
  const config = loadConfig(env);
  const problems = (['TEMPORAL_ADDRESS', 'DATABASE_URL'] as const)
    .filter((name) => !config[name])
    .map((name) => `${name}: is required for ${PROCESS_LABEL[role]}`);
  // Without either, the API refuses every token: a deployment that can only answer 401 is a mistake.
  if (role === 'api' && !config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL) {
    problems.push(`AUTH_JWKS_URL: or AUTH_JWT_SECRET is required for ${PROCESS_LABEL[role]}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as RoleConfig;
}

function exitOnConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

/** Runs `role` until a signal (exit 0 once drained) or a fatal error (exit 1). */
export async function runRoleProcess(chooseRole: ServiceRole | (() => ServiceRole)): Promise<void> {
  loadDotenv({ quiet: true });
  const role = typeof chooseRole === 'function' ? exitOnConfigError(chooseRole) : chooseRole;
  const config = exitOnConfigError(() => loadRoleConfig(role));
  const log = (line: string) => console.log(`[${role}] ${line}`);
  // Our own handler drains in order; the SDK's default handlers would race it.
  Runtime.install(safeRuntimeOptions(config.LOG_LEVEL));

  const service = await runUntilStopped(log, role, () =>
    startService(config, { temporalAddress: config.TEMPORAL_ADDRESS, databaseUrl: config.DATABASE_URL, migrationUrl: config.DATABASE_MIGRATION_URL, api: role === 'api', worker: role === 'worker', log }),
  );
  if (!service) return;
  if (role === 'worker') {
    log(`polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS} (${config.ALERT_WEBHOOKS.length} partner webhook(s); ${effectiveTuning(service)})`);
  } else {
    log(`listening on ${service.apiUrl} (Temporal ${config.TEMPORAL_ADDRESS}, task queue ${config.TEMPORAL_TASK_QUEUE})`);
  }
}

type SlotSupplier = { numSlots?: number };
/** What the SDK will really use (it may adjust what it was given), for the operator's log. */
function effectiveTuning(service: RunningService): string {
  const options = service.worker?.options as unknown as
    | { maxCachedWorkflows: number; tuner?: { workflowTaskSlotSupplier?: SlotSupplier; activityTaskSlotSupplier?: SlotSupplier } }
    | undefined;
  if (!options) return 'no worker';
  const slots = (supplier?: SlotSupplier) => supplier?.numSlots ?? 'auto';
  return `cache ${options.maxCachedWorkflows} workflows, ${slots(options.tuner?.workflowTaskSlotSupplier)} workflow tasks, ${slots(options.tuner?.activityTaskSlotSupplier)} activities at a time`;
}
