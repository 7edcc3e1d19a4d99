/**
 * The purge sweeper's erasure (real dev server, real time, real partner receiver): a case whose
 * workflow was terminated after its alert reached two partners is purged by a sweep run, which starts
 * the case's erase workflow and finishes without waiting for it; each partner gets exactly one signed
 * `erase` with the message ids it was sent, the one down at first once it is back. A case swept with
 * nothing ever sent starts no erase at all.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { asc, eq } from 'drizzle-orm';
import { createSweepActivities } from '../activities/purge-sweep';
import { verifySignature } from '../activities/signing';
import { cases, partnerErasures } from '../db/schema';
import { caseWorkflow } from '../workflows';
import { approvalDecisionSignal, workflowIdForCase } from '../workflows/contract';
import { erasureWorkflowIdForCase } from '../workflows/partner-erasure';
import { deliveryRows, partnerChannels, webhooksFor } from './helpers/alert-delivery';
import { recordCase } from './helpers/cases';
import { useDevServerContext } from './helpers/dev-server';
import { testEnv } from './helpers/env';
import { eventually } from './helpers/eventually';
import { prosecutor } from './helpers/fixtures';
import { realActivities, waitForState } from './helpers/worker';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

jest.setTimeout(120_000);

const DAY = 24 * 3_600_000;
const { names, secrets } = partnerChannels(['alpha', 'beta'] as const);
/** The cases of this file: the sweep sees only these (other files share the database). */
const mine = new Set<string>();
let receiver: WebhookReceiver;
let betaDown = false;

beforeAll(async () => {
  receiver = await startWebhookReceiver(secrets);
  receiver.respond(({ channel, body }) => (betaDown && channel === names.beta && body.type === 'erase' ? 503 : 200));
});
afterAll(() => receiver?.close());

const ctx = useDevServerContext('erasure-sweep', () => testEnv.temporalAddress, testEnv.namespace, (c) => {
  const sweep = createSweepActivities({ db: c.database.db, sweep: { client: c.client, retentionAfterCloseMs: DAY } });
  return realActivities(
    c.database.db,
    { findCasesToSweep: async (input) => (await sweep.findCasesToSweep(input)).filter((id) => mine.has(id)) },
    { webhooks: webhooksFor(receiver, secrets) },
  );
});

test('a swept case\'s partners each get one signed erase, the one down at first once back; a case that sent nothing starts none', async () => {
  const db = ctx.database.db;
  const alerted = await recordCase(db, { policy: { alertChannels: [names.alpha, names.beta] } });
  const silent = await recordCase(db);
  mine.add(alerted.caseId).add(silent.caseId);
  const handle = await ctx.client.workflow.start(caseWorkflow, { workflowId: workflowIdForCase(alerted.caseId), taskQueue: ctx.taskQueue, args: alerted.args });
  await waitForState(handle, (s) => s.status === 'awaiting_approval');
  await handle.signal(approvalDecisionSignal, { decision: 'approve', decidedBy: prosecutor });
  await eventually(() => deliveryRows(db, alerted.caseId), (rows) => rows.filter((r) => r.status === 'delivered').length === 3);
  await handle.terminate('test: abandoned case');
  for (const caseId of mine) await db.update(cases).set({ receivedAt: new Date(Date.now() - 3 * DAY), endedAt: new Date(Date.now() - 2 * DAY) }).where(eq(cases.id, caseId));

  betaDown = true;
  const purged = await ctx.client.workflow.execute('purgeSweepWorkflow', { taskQueue: ctx.taskQueue, workflowId: `sweep-${alerted.caseId}`, args: [{ limit: 10_000 }] });
  // The sweep is done while beta is still down: the erase runs in a workflow of its own.
  expect(purged).toBe(2);
  const erasePosts = (channel: string) => receiver.posts.filter((p) => p.key === `${alerted.caseId}:erase:${channel}`);
  await eventually(() => erasePosts(names.beta).length, (n) => n >= 2);
  betaDown = false;
  await ctx.client.workflow.getHandle(erasureWorkflowIdForCase(alerted.caseId)).result();

  const messageIds = [`mca-${alerted.caseId}-1`];
  for (const channel of [names.alpha, names.beta]) {
    const effects = receiver.effects.filter((e) => e.key === `${alerted.caseId}:erase:${channel}`);
    expect(effects.map((e) => [e.channel, e.body.type, e.body.caseId, e.body.messageIds])).toEqual([[channel, 'erase', alerted.caseId, messageIds]]);
    for (const post of erasePosts(channel)) expect(verifySignature(secrets[channel], post.rawBody, post.signature)).toBe(true);
  }
  expect(erasePosts(names.alpha).map((p) => p.status)).toEqual([200]);
  const beta = erasePosts(names.beta).map((p) => p.status);
  expect([beta.length >= 3, beta.slice(0, -1).every((s) => s === 503), beta.at(-1)]).toEqual([true, true, 200]);

  const recorded = await db.select().from(partnerErasures).where(eq(partnerErasures.caseId, alerted.caseId)).orderBy(asc(partnerErasures.channel));
  expect(recorded.map((r) => [r.channel, r.status, r.messageIds, r.attempts])).toEqual(
    [names.alpha, names.beta].sort().map((channel) => [channel, 'delivered', messageIds, channel === names.beta ? beta.length : 1]),
  );

  // The case that never sent a message: purged, no erase owed, none started, nothing posted.
  const [silentCase] = await db.select({ purgedAt: cases.personalDataPurgedAt }).from(cases).where(eq(cases.id, silent.caseId));
  expect(silentCase.purgedAt).toBeInstanceOf(Date);
  expect(await db.select().from(partnerErasures).where(eq(partnerErasures.caseId, silent.caseId))).toEqual([]);
  await expect(ctx.client.workflow.getHandle(erasureWorkflowIdForCase(silent.caseId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  expect(receiver.posts.filter((p) => p.key.startsWith(`${silent.caseId}:`))).toEqual([]);
});
