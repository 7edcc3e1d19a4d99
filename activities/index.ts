import { createAlertDeliveryActivities } from './alert-delivery';
import { createAlertStepActivities, type AlertDeps } from './alert-steps';
import { createNotifyActivities, type NotifyDeps } from './approval-notifications';
import { createRecordActivities, type RecordDeps } from './case-records';
import { createPurgeActivities } from './personal-data-purge';

export type ActivityDeps = RecordDeps & NotifyDeps & AlertDeps;
export type { AlertSettings } from './alert-steps';
export { alertSettingsFrom } from './alert-steps';

/** Every activity of the case workflow, bound to its dependencies (database, config). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRecordActivities(deps),
    ...createNotifyActivities(deps),
    ...createAlertStepActivities(deps),
    ...createAlertDeliveryActivities(deps),
    ...createPurgeActivities(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
