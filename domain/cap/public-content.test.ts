/** What the public sees of a report: the closed set of fields, computed exactly. */
import { makeReport } from '../../test/helpers/fixtures';
import { splitFullName, toPublicAlertContent } from './public-content';

const NOW = new Date('2026-11-30T03:00:00.000Z');

describe('toPublicAlertContent', () => {
  it('copies only the public fields, by name', () => {
    const report = makeReport({
      child: { fullName: 'Yasmine El Amrani', dateOfBirth: '2018-05-10', medicalNeeds: 'asthma' },
      lastSeen: { at: '2026-11-30T02:47:00.000Z' },
      circumstances: { type: 'abduction', details: 'private details', suspect: { description: 'tall man' } },
    });
    expect(toPublicAlertContent(report, NOW)).toEqual({
      firstName: 'Yasmine',
      familyName: 'El Amrani',
      ageYears: 8,
      sex: 'female',
      photoUrls: ['https://photos.example.org/yasmine.jpg'],
      description: { heightCm: 125, build: 'slim', hair: 'black, braided', eyes: 'brown', clothing: 'red coat, blue jeans', distinguishingMarks: null },
      abducted: true,
      lastSeen: { at: '2026-11-30T02:47:00.000Z', place: 'Place Mohammed V, Casablanca', location: { lat: 33.5731, lon: -7.5898 }, hasAddress: true },
      suspect: { description: 'tall man', vehicle: null },
    });
  });

  it('gives the age when last seen, not today', () => {
    const report = makeReport({ child: { dateOfBirth: '2014-12-01' }, lastSeen: { at: '2026-11-30T10:00:00.000Z' } });
    expect(toPublicAlertContent(report, new Date('2027-06-01T00:00:00Z')).ageYears).toBe(11);
    const birthday = makeReport({ child: { dateOfBirth: '2014-11-30' }, lastSeen: { at: '2026-11-30T10:00:00.000Z' } });
    expect(toPublicAlertContent(birthday, new Date('2027-06-01T00:00:00Z')).ageYears).toBe(12);
  });

  it('never computes the age past now, when last seen is a little in the future', () => {
    const report = makeReport({ child: { dateOfBirth: '2014-11-30' }, lastSeen: { at: '2026-11-30T00:01:00.000Z' } });
    expect(toPublicAlertContent(report, new Date('2026-11-29T23:59:00.000Z')).ageYears).toBe(11);
  });

  it('falls back to the coordinates when no address was given, and has no suspect when none is known', () => {
    const report = makeReport({ lastSeen: { location: { lat: 31.6295, lon: -7.9811 } } });
    delete report.lastSeen.address;
    const content = toPublicAlertContent(report, NOW);
    expect(content.lastSeen).toEqual({ at: report.lastSeen.at, place: '31.6295, -7.9811', location: { lat: 31.6295, lon: -7.9811 }, hasAddress: false });
    expect(content.suspect).toBeNull();
    expect(content.abducted).toBe(false);
  });

  it('does not share arrays or objects with the report', () => {
    const report = makeReport();
    const content = toPublicAlertContent(report, NOW);
    report.child.photoUrls.push('https://photos.example.org/other.jpg');
    report.lastSeen.location.lat = 0;
    expect(content.photoUrls).toEqual(['https://photos.example.org/yasmine.jpg']);
    expect(content.lastSeen.location.lat).toBe(33.5731);
  });
});

describe('splitFullName', () => {
  it.each([
    ['Yasmine El Amrani', 'Yasmine', 'El Amrani'],
    ['  Adam   Benali ', 'Adam', 'Benali'],
    ['ياسمين العلوي', 'ياسمين', 'العلوي'],
    ['Nour', 'Nour', ''],
  ])('splits %j', (full, firstName, familyName) => {
    expect(splitFullName(full)).toEqual({ firstName, familyName });
  });
});
