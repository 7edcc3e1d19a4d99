import { createNotifyActivities, type NotifyDeps } from './approval-notifications';
import { createRecordActivities, type RecordDeps } from './case-records';

export type ActivityDeps = RecordDeps & NotifyDeps;

/** Every activity of the case workflow, bound to its dependencies (database, config). */
export function createActivities(deps: ActivityDeps) {
  return { ...createRecordActivities(deps), ...createNotifyActivities(deps) };
}

export type CaseActivities = ReturnType<typeof createActivities>;
