import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSearchAttributes } from '../../infra/search-attributes';
import { testEnv } from './env';

/** The official Java time-skipping server, installed by `npm test`, with our search attributes. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testEnv.testServerPath } } });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}
