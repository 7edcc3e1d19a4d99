/**
 * The purge sweeper's search (workflows/purge-sweep.ts): cases whose personal data no workflow will
 * ever purge. A case workflow purges after its own retention timer; this finds the cases where that
 * timer will never fire: the workflow never started (intake committed the rows, the start failed and
 * nobody retried), or it was terminated, failed or timed out.
 *
 * PostgreSQL says which cases are past retention; only Temporal knows whether their workflow still
 * runs, so every candidate is described (strongly consistent, unlike a visibility list: a workflow
 * started a moment ago must never lose its report). Returns case ids only, nothing personal.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { and, asc, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import type { CaseActivities } from '../workflows/activity-contract';
import { cases } from '../db/schema';
import { workflowIdForCase } from '../workflows/contract';

export interface SweepDeps {
  /** Without it nothing can tell a running case from an abandoned one: the search refuses to run. */
  client: Client;
  /** RETENTION_AFTER_CLOSE: counted from the end of a case, or from its receipt if it never ended. */
  retentionAfterCloseMs: number;
}

/** Candidates described per round trip: a page of concurrent describes, then the next page. */
const PAGE = 50;

/**
 * Statuses under which the case's own workflow still owns the purge. CONTINUED_AS_NEW is never the
 * latest run for long (describe follows to the new run), but it is not a reason to purge either.
 */
const LIVE = new Set(['RUNNING', 'CONTINUED_AS_NEW']);

export function createSweepActivities({ db, sweep }: { db: Database; sweep?: SweepDeps }): Pick<CaseActivities, 'findCasesToSweep'> {
  async function workflowIsLive(client: Client, caseId: string): Promise<boolean> {
    try {
      const description = await client.workflow.getHandle(workflowIdForCase(caseId)).describe();
      return LIVE.has(description.status.name);
    } catch (err) {
      // Never started. Any other error (Temporal unreachable) fails the activity, which is retried.
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  return {
    async findCasesToSweep(input: { now: string; limit: number }): Promise<string[]> {
      if (!sweep) throw ApplicationFailure.nonRetryable('the purge sweep needs a Temporal client in its activity deps', 'SweepNotConfigured');
      const cutoff = new Date(Date.parse(input.now) - sweep.retentionAfterCloseMs);
      const found: string[] = [];
      // Keyset pages by id: cases open longer than the retention (their workflow runs) stay candidates
      // run after run, so the scan must get past them rather than fill the batch with them.
      let after: string | null = null;
      while (found.length < input.limit) {
        const page: Array<{ id: string }> = await db
          .select({ id: cases.id })
          .from(cases)
          .where(
            and(
              isNull(cases.personalDataPurgedAt),
              lt(sql`coalesce(${cases.endedAt}, ${cases.receivedAt})`, cutoff),
              after === null ? undefined : gt(cases.id, after),
            ),
          )
          .orderBy(asc(cases.id))
          .limit(PAGE);
        if (page.length === 0) break;
        const live = await Promise.all(page.map(({ id }) => workflowIsLive(sweep.client, id)));
        page.forEach(({ id }, i) => {
          if (!live[i]) found.push(id);
        });
        after = page[page.length - 1].id;
      }
      return found.slice(0, input.limit);
    },
  };
}
