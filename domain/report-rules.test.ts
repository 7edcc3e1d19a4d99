/** The report rules and the risk assessment: pure, so tested on exact dates and points. */
import { MOROCCO } from './country-areas';
import { makeReport } from '../test/helpers/fixtures';
import { ageInYears, assessRisk, checkReportRules, isInFuture } from './report-rules';

const NOW = new Date('2026-06-15T12:00:00Z');
const CASABLANCA = { lat: 33.5731, lon: -7.5898 };
const report = (dateOfBirth: string, lastSeenAt: string, extra: Parameters<typeof makeReport>[0] = {}) =>
  makeReport({ ...extra, child: { dateOfBirth, ...extra.child }, lastSeen: { at: lastSeenAt, location: CASABLANCA, ...extra.lastSeen } });

test('age counts whole calendar years, the birthday itself included', () => {
  expect(ageInYears('2010-06-15', NOW)).toBe(16);
  expect(ageInYears('2010-06-16', NOW)).toBe(15);
  expect(ageInYears('2008-02-29', new Date('2026-02-28T23:59:59Z'))).toBe(17);
  expect(ageInYears('2008-02-29', new Date('2026-03-01T00:00:00Z'))).toBe(18);
});

test('the future starts beyond two minutes of clock drift', () => {
  expect(isInFuture(new Date(NOW.getTime() + 119_000), NOW)).toBe(false);
  expect(isInFuture(new Date(NOW.getTime() + 121_000), NOW)).toBe(true);
});

test('a valid report breaks no rule; each broken rule is named with its field', () => {
  expect(checkReportRules(report('2018-01-01', '2026-06-15T11:00:00Z'), NOW, MOROCCO)).toEqual([]);
  expect(checkReportRules(report('2027-01-01', '2026-06-15T11:00:00Z'), NOW, MOROCCO)).toEqual([
    { path: 'child.dateOfBirth', message: 'is in the future' },
    { path: 'lastSeen.at', message: 'is before the date of birth' },
  ]);
  expect(checkReportRules(report('2018-01-01', '2026-06-15T12:05:00Z'), NOW, MOROCCO)).toEqual([{ path: 'lastSeen.at', message: 'is in the future' }]);
  // 18 on the day last seen: no longer a child for this service.
  expect(checkReportRules(report('2008-06-15', '2026-06-15T11:00:00Z'), NOW, MOROCCO)).toEqual([
    { path: 'child.dateOfBirth', message: 'the child must be under 18 when last seen' },
  ]);
  expect(checkReportRules(report('2018-01-01', '2026-06-15T11:00:00Z', { lastSeen: { location: { lat: 40.4168, lon: -3.7038 } } }), NOW, MOROCCO)).toEqual([
    { path: 'lastSeen.location', message: 'is outside the service area (Morocco)' },
  ]);
});

test('risk: critical for abduction, under 6, or medical needs under 12; high for medical, under 12, or lost within a day', () => {
  const seen = '2026-06-15T10:00:00Z';
  const runaway = { circumstances: { type: 'runaway' as const } };
  expect(assessRisk(report('2012-01-01', seen, { circumstances: { type: 'abduction' } }), NOW)).toBe('critical');
  expect(assessRisk(report('2021-01-01', seen, runaway), NOW)).toBe('critical');
  expect(assessRisk(report('2016-01-01', seen, { ...runaway, child: { medicalNeeds: 'insulin' } }), NOW)).toBe('critical');
  expect(assessRisk(report('2012-01-01', seen, { ...runaway, child: { medicalNeeds: 'insulin' } }), NOW)).toBe('high');
  expect(assessRisk(report('2016-01-01', seen, runaway), NOW)).toBe('high');
  expect(assessRisk(report('2012-01-01', seen, { circumstances: { type: 'lost' } }), NOW)).toBe('high');
  // A 14-year-old lost two days ago, or a runaway: standard.
  expect(assessRisk(report('2012-01-01', '2026-06-13T10:00:00Z', { circumstances: { type: 'lost' } }), NOW)).toBe('standard');
  expect(assessRisk(report('2012-01-01', seen, runaway), NOW)).toBe('standard');
});
