/**
 * `npm run demo`: one whole case against the running service (`npm start` in another terminal), with
 * durations of seconds, printing each step as it happens: intake, validation, approval request, a
 * reminder, approval, local alert, widening to national, a sighting, found, cancellation.
 * It records the case as intake does (rows in the service's PostgreSQL, the report only there), starts
 * its workflow on the service's task queue with the non-personal facts, and sends the commands as the
 * API does (Updates); the service's worker does the work.
 */
import { randomUUID } from 'node:crypto';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../config/env';
import { caseFactsOf, insertCaseRecords } from '../db/case-intake';
import { openDatabase } from '../db/client';
import { devPayloadKeys } from '../devtools/dev-payload-keys';
import { connectClient, temporalAccess } from '../temporal/temporal-connection';
import { caseWorkflow } from '../workflows';
import {
  caseStateQuery,
  CaseJurisdictionSA,
  CaseStatusSA,
  decideApprovalUpdate,
  reportFoundUpdate,
  reportSightingUpdate,
  workflowIdForCase,
  type CasePolicy,
  type CaseState,
} from '../workflows/contract';

const demoPolicy: CasePolicy = {
  approvalReminderAfterMs: 2_000,
  approvalEscalateAfterMs: 4_000,
  expansionIntervalMs: 3_000,
  expansionRadiiKm: [10, 40, 160],
  rebroadcastIntervalMs: 4_000,
  retentionAfterCloseMs: 10_000,
  historyEventLimit: 2_000,
  alertChannels: [],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  // The key `npm start` generated, unless one is configured: the worker must read what we send.
  config.payloadKeys ??= devPayloadKeys(config.DATA_DIR, false);
  if (!config.payloadKeys) throw new Error('no payload encryption key: start the service first with `npm start` (it creates one in DATA_DIR)');
  const { connection, client } = await connectClient(temporalAccess(config, address)).catch(() => {
    throw new Error(`no Temporal server at ${address}: start the service first with \`npm start\``);
  });
  // The embedded PostgreSQL `npm start` runs, unless the service uses another one.
  const database = openDatabase(config.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/missing_child_alerts`, 2);
  const caseId = randomUUID();
  const started = Date.now();
  const report = demoReport();
  const receivedAt = new Date();
  await database.db.transaction((tx) => insertCaseRecords(tx, { caseId, report, receivedAt, recordedBy: { sub: 'demo-intake', role: 'intake_officer' }, fingerprintKey: config.fingerprintKeys[0] }));
  const handle = await client.workflow.start(caseWorkflow, {
    workflowId: workflowIdForCase(caseId),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ caseId, policy: demoPolicy, facts: caseFactsOf(report, receivedAt) }],
    typedSearchAttributes: [
      { key: CaseStatusSA, value: 'validating' },
      { key: CaseJurisdictionSA, value: 'MA-06' },
    ],
  });
  console.log(`case ${caseId} started (workflow ${handle.workflowId})`);

  let printed = 0;
  const follow = async (until: (s: CaseState) => boolean, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await handle.query(caseStateQuery);
      for (const entry of state.timeline.slice(printed)) {
        const t = ((Date.parse(entry.at) - started) / 1000).toFixed(1).padStart(5);
        console.log(`  +${t}s  ${entry.event.padEnd(20)} ${entry.detail ?? ''}  [status ${state.status}]`);
      }
      printed = state.timeline.length;
      if (until(state)) return state;
      if (Date.now() > deadline) throw new Error('the worker did not progress: is `npm start` running?');
      await sleep(250);
    }
  };

  await follow((s) => s.approvals[0]?.reminders.length === 1);
  console.log('> prosecutor approves');
  await handle.executeUpdate(decideApprovalUpdate, { args: [{ decision: 'approve', commandId: randomUUID(), decidedBy: { sub: 'demo-prosecutor', role: 'prosecutor' } }] });
  await follow((s) => s.tier?.kind === 'national');
  console.log('> officer reports a sighting in Rabat');
  const sighting = { location: { lat: 34.0209, lon: -6.8416 }, seenAt: new Date().toISOString(), commandId: randomUUID(), reportedBy: { sub: 'demo-officer', role: 'officer' } };
  await handle.executeUpdate(reportSightingUpdate, { args: [sighting] });
  await follow((s) => s.alerts.some((a) => a.kind === 'sighting_update'));
  await sleep(4_500);
  console.log('> officer reports the child found');
  await handle.executeUpdate(reportFoundUpdate, { args: [{ condition: 'unharmed', commandId: randomUUID(), reportedBy: { sub: 'demo-officer', role: 'officer' } }] });
  const ended = await follow((s) => s.timeline.some((t) => t.event === 'alerts_cancelled'));
  console.log(`alerts sent: ${ended.alerts.map((a) => `${a.step}:${a.msgType}/${a.areas.map((x) => x.radiusKm ?? 'national').join('+')}`).join(', ')}`);
  console.log(`personal data is purged ${demoPolicy.retentionAfterCloseMs / 1000}s after the end (RETENTION_AFTER_CLOSE in a real case).`);
  await connection.close();
  await database.close();
}

function demoReport() {
  return {
    child: {
      fullName: 'Demo Child',
      dateOfBirth: new Date(Date.now() - 9 * 365.25 * 86_400_000).toISOString().slice(0, 10),
      sex: 'male' as const,
      description: { heightCm: 130, hair: 'short, black', clothing: 'green football shirt' },
      photoUrls: [],
    },
    lastSeen: { at: new Date(Date.now() - 20 * 60_000).toISOString(), location: { lat: 33.5731, lon: -7.5898 }, address: 'Casablanca, Place Mohammed V' },
    circumstances: { type: 'lost' as const, details: 'Demo case: left school and did not arrive home.' },
    background: { hobbies: [], personalProblems: [], frequentedPlaces: [] },
    guardian: { fullName: 'Demo Guardian', relationship: 'father', phone: '+212600000000', consentToPublish: true },
    reportingUnit: { id: 'DEMO-1', jurisdiction: 'MA-06' },
  };
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`demo failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
