/**
 * POST /cases. Order matters: schema and no-I/O rules first (422, nothing written), then one
 * transaction that claims the Idempotency-Key (per caller: the token's `sub` and the key) and writes the
 * case rows, then the workflow start.
 * A concurrent duplicate waits on the key's row lock and reads the winner; whoever reaches Temporal
 * first starts the workflow and the others get "already started", which is success. A start that
 * failed after the commit is repaired by retrying with the same key.
 *
 * Two forms: a JSON body (the report), or `multipart/form-data` with the report as the `report` part
 * and photo files as `photos` parts (api/cases/photo-upload.ts). Photos are checked and re-encoded
 * before the transaction and written in it with the case rows, so a refused photo stores nothing and
 * a stored case has all its photos. A replay with the same key must bring the same report and the
 * same files (compared by the uploaded files' SHA-256). Photo links in the report are accepted only
 * for the hosts of PHOTO_URL_HOSTS.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import type { RequestHandler } from 'express';
import type { Config } from '../../config/env';
import { caseFactsOf, insertCaseRecords } from '../../db/case-intake';
import { casePhotoSources } from '../../db/case-photos';
import type { Database } from '../../db/client';
import { casePersonalData, cases, intakeRequests } from '../../db/schema';
import { checkReportRules } from '../../domain/report-rules';
import type { caseWorkflow } from '../../workflows';
import { CaseJurisdictionSA, CaseRiskSA, CaseStatusSA, CaseTierSA, workflowIdForCase, type CaseReport } from '../../workflows/contract';
import { writeAudit } from '../audit';
import { forbidden, principalOf } from '../auth/middleware';
import { coversJurisdiction } from '../auth/principal';
import { HttpProblem, parseOr422, validationProblem } from '../problem';
import { caseLinks } from './case-view';
import { processPhotos, readMultipartReport } from './photo-upload';
import { caseReportSchema, idempotencyKeyHeaderSchema } from './schemas';

export interface IntakeDeps {
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'country' | 'policy' | 'PHOTO_URL_HOSTS' | 'API_TEMPORAL_TIMEOUT' | 'fingerprintKeys'>;
  client: Client;
  db: Database;
}

/** Key order does not matter to jsonb; compare reports by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A report carries at most this many photos, uploaded and linked together (the schema's photoUrls bound). */
const PHOTOS_PER_REPORT = 10;

/** Each photo link's host must be listed in PHOTO_URL_HOSTS (the schema already requires http or https). */
export function photoLinkProblems(photoUrls: readonly string[], allowedHosts: readonly string[]): Array<{ field: string; reason: string }> {
  return photoUrls.flatMap((url, i) => {
    const host = new URL(url).hostname.toLowerCase();
    return allowedHosts.includes(host)
      ? []
      : [{ field: `child.photoUrls.${i}`, reason: `photos on ${host} are not accepted (PHOTO_URL_HOSTS); upload the photo with the report instead` }];
  });
}

export function createIntakeHandler({ config, client, db }: IntakeDeps): RequestHandler {
  async function startCase(caseId: string, report: CaseReport, receivedAt: Date): Promise<void> {
    try {
      // Its own deadline, counted from now: reading a large upload must not use up the request's.
      await client.connection.withDeadline(Date.now() + config.API_TEMPORAL_TIMEOUT, () => client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: workflowIdForCase(caseId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        // The non-personal facts only: the workflow's activities read the report from PostgreSQL.
        args: [{ caseId, policy: config.policy, facts: caseFactsOf(report, receivedAt) }],
        // Never a second run under the same id, even long after the first has completed.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: CaseStatusSA, value: 'validating' },
          { key: CaseJurisdictionSA, value: report.reportingUnit.jurisdiction },
          { key: CaseRiskSA, value: 'unassessed' },
          { key: CaseTierSA, value: -1 },
        ],
      }));
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw new HttpProblem(503, 'Service Unavailable', 'the case was recorded but could not be started yet; retry with the same Idempotency-Key');
    }
  }

  return async (req, res) => {
    const principal = principalOf(req);
    const header = idempotencyKeyHeaderSchema.safeParse({ 'idempotency-key': req.get('idempotency-key') });
    if (!header.success) throw validationProblem([{ field: 'Idempotency-Key', reason: header.error.issues[0].message }]);
    const key = header.data['idempotency-key'];
    const multipart = typeof req.is('multipart/form-data') === 'string';
    const upload = multipart ? await readMultipartReport(req) : { report: req.body as unknown, files: [] as Buffer[] };
    // The same field names in both forms (`child.fullName`), so a form maps them the same way.
    const report = parseOr422(caseReportSchema, upload.report);
    if (!coversJurisdiction(principal, report.reportingUnit.jurisdiction)) {
      throw forbidden('the reporting unit belongs to another jurisdiction');
    }
    const violations = [
      ...checkReportRules(report, new Date(), config.country).map((v) => ({ field: v.path, reason: v.message })),
      ...photoLinkProblems(report.child.photoUrls, config.PHOTO_URL_HOSTS),
    ];
    if (report.child.photoUrls.length + upload.files.length > PHOTOS_PER_REPORT) {
      violations.push({ field: 'photos', reason: `at most ${PHOTOS_PER_REPORT} photos, uploaded and linked together` });
    }
    if (violations.length > 0) throw validationProblem(violations);
    const photos = await processPhotos(upload.files);

    const fresh = { caseId: randomUUID(), receivedAt: new Date() };
    const outcome = await db.transaction(async (tx) => {
      if (key) {
        const claimed = await tx
          .insert(intakeRequests)
          .values({ idempotencyKey: key, actorSub: principal.sub, caseId: fresh.caseId })
          .onConflictDoNothing({ target: [intakeRequests.actorSub, intakeRequests.idempotencyKey] })
          .returning({ caseId: intakeRequests.caseId });
        if (claimed.length === 0) {
          // The key is the caller's own: only their own earlier request can hold it.
          const [winner] = await tx
            .select({ caseId: intakeRequests.caseId })
            .from(intakeRequests)
            .where(and(eq(intakeRequests.actorSub, principal.sub), eq(intakeRequests.idempotencyKey, key)));
          return { created: false as const, caseId: winner.caseId };
        }
      }
      await insertCaseRecords(tx, { caseId: fresh.caseId, report, receivedAt: fresh.receivedAt, recordedBy: { sub: principal.sub, role: principal.role }, photos, fingerprintKey: config.fingerprintKeys[0] });
      await writeAudit(tx, { actor: principal, action: 'case.create', caseId: fresh.caseId, outcome: 'accepted' });
      return { created: true as const, caseId: fresh.caseId };
    });

    if (outcome.created) {
      await startCase(outcome.caseId, report, fresh.receivedAt);
      res.status(201).location(`/cases/${outcome.caseId}`).json({ caseId: outcome.caseId, status: 'validating', links: caseLinks(outcome.caseId) });
      return;
    }

    // A replay of the caller's own key: the same report, or the key is refused (IETF idempotency-key draft: 422).
    const reused = () => validationProblem([{ field: 'Idempotency-Key', reason: 'already used for a different request' }]);
    const [row] = await db.select().from(cases).where(eq(cases.id, outcome.caseId));
    const [personal] = await db.select({ report: casePersonalData.report }).from(casePersonalData).where(eq(casePersonalData.caseId, outcome.caseId));
    // Once purged, the stored report is gone: the key still names its case, and nothing restarts.
    if (personal) {
      if (canonical(personal.report) !== canonical(report)) throw reused();
      const stored = await casePhotoSources(db, outcome.caseId);
      if (canonical(stored) !== canonical(photos.map((p) => p.sourceSha256))) throw reused();
      await startCase(outcome.caseId, report, row.receivedAt);
    }
    res.status(200).set('Idempotent-Replayed', 'true').location(`/cases/${outcome.caseId}`);
    res.json({ caseId: outcome.caseId, status: row.status, links: caseLinks(outcome.caseId) });
  };
}
