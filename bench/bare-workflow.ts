/**
 * The bare baseline: one workflow, one activity that POSTs to the bench's receiver. Bundled on its
 * own by bench/bare-worker.ts (workflowsPath); nothing of the service is in it.
 */
import { proxyActivities } from '@temporalio/workflow';

export interface BareActivities {
  post(url: string, benchId: string): Promise<number>;
}

const { post } = proxyActivities<BareActivities>({ startToCloseTimeout: '30s', retry: { maximumInterval: '1s' } });

export async function bareWorkflow(url: string, benchId: string): Promise<number> {
  return post(url, benchId);
}
