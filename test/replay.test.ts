/**
 * Determinism guard: histories recorded from real runs (test/histories, refreshed with
 * `RECORD_HISTORIES=1 npm test`) are replayed against the current workflow code. A change that would
 * break a running case fails here; such changes must go behind `patched()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Payload } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { boundWorkflowId } from '../temporal/payload-encryption/codec';
import { HISTORIES_DIR } from './helpers/time-skipping';
import { testDataConverter, testEnv } from './helpers/env';

const files = fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

test('recorded histories cover the main paths of a case', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'full-case-found.json', 'rejected.json', 'decline-sighting-approve.json', 'reminder-escalation-approve.json',
      'found-awaiting-approval.json', 'sighting-recentre-found.json', 'found-during-broadcast.json', 'update-approve-found.json',
      'continue-as-new-closed.json', 'webhook-deliveries-found.json', 'deliveries-in-background-dead-partner.json',
      'partner-latest-wins-recovery.json', 'partner-latest-wins-found-while-down.json', 'partner-erase-at-purge.json',
      'local-database-steps-full-case.json', 'local-database-steps-update-approve-found.json',
    ]),
  );
});

test('every recorded history replays without a determinism violation', async () => {
  const histories = files.map((file) => {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    // A payload sealed since the workflow binding (codec envelope v2) opens only in its own workflow: replay under its id.
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    return { workflowId: (input && boundWorkflowId(input as Payload)) || path.basename(file, '.json'), history };
  });
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testEnv.workflowBundlePath }, dataConverter: testDataConverter() }, histories)) {
    results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : null });
  }
  expect(results).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: null })));
});
