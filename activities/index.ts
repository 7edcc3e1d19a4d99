import { createAlertDeliveryActivities } from './alert-delivery';
import { createAlertStepActivities, type AlertDeps } from './alert-steps';
import { createNotifyActivities, type NotifyDeps } from './approval-notifications';
import { createRecordActivities, type RecordDeps } from './case-records';
import { createCommandActivities } from './command-records';
import { createErasureActivities } from './partner-erasure';
import { createPurgeActivities } from './personal-data-purge';
import type { CaseActivities } from '../workflows/activity-contract';
import { createSweepActivities, type SweepDeps } from './purge-sweep';

/** `sweep` is optional: only a worker process sweeps; tests and tools that leave it out get the rest. */
export type ActivityDeps = RecordDeps & NotifyDeps & AlertDeps & { sweep?: SweepDeps };
export type { SweepDeps } from './purge-sweep';
export type { AlertSettings } from './alert-steps';
export { alertSettingsFrom } from './alert-steps';
export type { CaseActivities } from '../workflows/activity-contract';

/** Every activity of the case workflow, bound to its dependencies (database, config). */
export function createActivities(deps: ActivityDeps): CaseActivities {
  return {
    ...createRecordActivities(deps),
    ...createCommandActivities(deps),
    ...createNotifyActivities(deps),
    ...createAlertStepActivities(deps),
    ...createAlertDeliveryActivities(deps),
    ...createPurgeActivities(deps),
    ...createErasureActivities(deps),
    ...createSweepActivities(deps),
  };
}

