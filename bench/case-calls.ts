/** The service calls a bench makes, each checked for its success code: a failed call fails the run. */
import { performance } from 'node:perf_hooks';
import type { Role } from '../api/auth/principal';
import { expectStatus, type Api } from './api-client';
import { benchReport } from './report';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function caseCalls(api: Api) {
  const intake = async () => {
    const res = await api.post('/cases', 'intake_officer', benchReport());
    expectStatus('POST /cases', res, [201]);
    return res.body.caseId as string;
  };
  // Each GET /cases/:id, counted: the work counts subtract what the bench's own reads cost.
  let caseReads = 0;
  const readCase = async (caseId: string) => {
    caseReads += 1;
    return api.get(`/cases/${caseId}`, 'prosecutor');
  };
  const awaitingOne = async (caseId: string) => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await readCase(caseId);
      if (res.status === 200 && res.body.status === 'awaiting_approval') return performance.now();
      await sleep(5);
    }
    throw new Error(`case ${caseId} did not reach awaiting_approval within 60 s`);
  };
  /** Which of `ids` await approval now, from GET /cases (the database's list): no query to any case. */
  const listAwaiting = async (ids: Set<string>): Promise<string[]> => {
    // A set: a case whose row changes while the pages are read can be on two of them.
    const found = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await api.get(`/cases?status=awaiting_approval&limit=100${cursor ? `&cursor=${cursor}` : ''}`, 'prosecutor');
      expectStatus('GET /cases', res, [200]);
      for (const item of res.body.items as Array<{ caseId: string }>) if (ids.has(item.caseId)) found.add(item.caseId);
      cursor = res.body.nextCursor;
    } while (cursor);
    return [...found];
  };
  // A 503 says "try again shortly" (no worker answered within API_TEMPORAL_TIMEOUT): as a person would,
  // after a second; counted, so that the bench reports how often the service was that far behind.
  let retried = 0;
  // A 202: the case took the command in but had not applied it within API_TEMPORAL_TIMEOUT (or, for found
  // and close, no worker answered and it went as a durable signal).
  let takenIn = 0;
  const command = async (what: string, path: string, role: Role, body: unknown) => {
    const deadline = Date.now() + 600_000;
    for (let attempt = 1; ; attempt += 1) {
      const res = await api.post(path, role, body);
      // Sent again after a 503, a 409 says the first one was taken after all (it is being applied, or was).
      if (attempt > 1 && res.status === 409) return;
      if (res.status === 202) takenIn += 1;
      if (res.status !== 503 || Date.now() > deadline) return expectStatus(what, res, [200, 202]);
      retried += 1;
      await sleep(1_000);
    }
  };
  const approve = (caseId: string) => command(`approval of ${caseId}`, `/cases/${caseId}/approval`, 'prosecutor', { decision: 'approve' });
  const sighting = (caseId: string) =>
    command(`sighting of ${caseId}`, `/cases/${caseId}/sightings`, 'officer', { location: { lat: 33.61, lon: -7.62 }, seenAt: new Date(Date.now() - 60_000).toISOString() });
  const found = (caseId: string) => command(`found of ${caseId}`, `/cases/${caseId}/found`, 'officer', { condition: 'unharmed' });
  const close = (caseId: string) => command(`close of ${caseId}`, `/cases/${caseId}/close`, 'prosecutor', { reason: 'withdrawn' });
  /** Commands answered 503 and sent again so far. */
  const retries = () => retried;
  /** Commands answered 202 so far (taken in, or found and close accepted durably). */
  const answeredLater = () => takenIn;
  return { intake, readCase, caseReads: () => caseReads, awaitingOne, listAwaiting, approve, sighting, found, close, retries, answeredLater };
}
