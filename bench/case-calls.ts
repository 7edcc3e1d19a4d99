/** The service calls a bench makes, each checked for its success code: a failed call fails the run. */
import { performance } from 'node:perf_hooks';
import { expectStatus, type Api } from './api-client';
import { benchReport } from './report';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function caseCalls(api: Api) {
  const intake = async () => {
    const res = await api.post('/cases', 'intake_officer', benchReport());
    expectStatus('POST /cases', res, [201]);
    return res.body.caseId as string;
  };
  const awaitingOne = async (caseId: string) => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await api.get(`/cases/${caseId}`, 'prosecutor');
      if (res.status === 200 && res.body.status === 'awaiting_approval') return performance.now();
      await sleep(5);
    }
    throw new Error(`case ${caseId} did not reach awaiting_approval within 60 s`);
  };
  const approve = async (caseId: string) => expectStatus(`approval of ${caseId}`, await api.post(`/cases/${caseId}/approval`, 'prosecutor', { decision: 'approve' }), [200, 202]);
  const sighting = async (caseId: string) =>
    expectStatus(`sighting of ${caseId}`, await api.post(`/cases/${caseId}/sightings`, 'officer', { location: { lat: 33.61, lon: -7.62 }, seenAt: new Date(Date.now() - 60_000).toISOString() }), [200, 202]);
  const found = async (caseId: string) => expectStatus(`found of ${caseId}`, await api.post(`/cases/${caseId}/found`, 'officer', { condition: 'unharmed' }), [200, 202]);
  const close = async (caseId: string) => expectStatus(`close of ${caseId}`, await api.post(`/cases/${caseId}/close`, 'prosecutor', { reason: 'withdrawn' }), [200, 202]);
  return { intake, awaitingOne, approve, sighting, found, close };
}
