/** Every CAP message of a full case, checked against the CAP 1.2 rules and for exact values. */
import { MOROCCO } from '../country-areas';
import type { RiskLevel } from '../../workflows/contract';
import { makeReport } from '../../test/helpers/fixtures';
import { buildCapMessage } from './cap-message';
import { CAP_DATE_TIME } from './cap-datetime';
import { checkCap12, CAP_CIRCLE, CAP_REFERENCE } from './testing/cap12-conformance';
import { buildFullCase, CASE_ID, CONTACT, LAST_SEEN, LAST_SEEN_AT, SENDER, SIGHTING, type BuiltMessage } from './testing/full-case';
import { childElements, childrenNamed, nameOf, parseXmlStrict, textOf, textsOf } from './testing/xml-dom';

const ALL_LANGUAGES = ['ar-MA', 'fr-MA', 'en'] as const;
const report = () =>
  makeReport({ child: { fullName: 'Yasmine El Amrani', dateOfBirth: '2018-05-10' }, lastSeen: { at: LAST_SEEN_AT, location: LAST_SEEN } });
const rootOf = (xml: string) => parseXmlStrict(xml).documentElement!;
const infos = (xml: string) => childrenNamed(rootOf(xml), 'info');
const info = (xml: string, language: string) => infos(xml).find((i) => textOf(i, 'language') === language)!;
const id = (n: number) => `mca-${CASE_ID}-${n}`;

describe('a full case: Alert r10, Update r40, r160, national, rebroadcast, sighting, Cancel', () => {
  const messages: BuiltMessage[] = buildFullCase(report(), { languages: [...ALL_LANGUAGES], cancelReason: 'found' });

  it('builds seven messages, each conforming to CAP 1.2 (structure, order, code values, syntax)', () => {
    expect(messages).toHaveLength(7);
    for (const message of messages) expect(checkCap12(message.xml)).toEqual([]);
    for (const message of buildFullCase(report())) expect(checkCap12(message.xml)).toEqual([]);
  });

  it('writes the alert header: identifier, sender, sent, Actual, msgType, Public, the case as incident', () => {
    const headers = messages.map(({ xml }) => childElements(rootOf(xml)).filter((e) => nameOf(e) !== 'info').map((e) => [nameOf(e), e.textContent]));
    expect(headers[0]).toEqual([
      ['identifier', id(1)], ['sender', SENDER], ['sent', '2026-11-30T03:17:00+00:00'], ['status', 'Actual'],
      ['msgType', 'Alert'], ['scope', 'Public'], ['incidents', CASE_ID],
    ]);
    expect(messages.map(({ xml }) => textOf(rootOf(xml), 'msgType'))).toEqual(['Alert', 'Update', 'Update', 'Update', 'Update', 'Update', 'Cancel']);
    expect(messages.map(({ xml }) => textOf(rootOf(xml), 'sent'))).toEqual([
      '2026-11-30T03:17:00+00:00', '2026-11-30T04:17:00+00:00', '2026-11-30T05:17:00+00:00', '2026-11-30T06:17:00+00:00',
      '2026-12-01T06:17:00+00:00', '2026-12-01T09:17:00+00:00', '2026-12-01T10:17:00+00:00',
    ]);
    expect(rootOf(messages[0].xml).getAttribute('xmlns')).toBe('urn:oasis:names:tc:emergency:cap:1.2');
    expect(messages[0].xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">')).toBe(true);
  });

  it('references exactly the earlier messages of the case as sender,identifier,sent', () => {
    expect(childrenNamed(rootOf(messages[0].xml), 'references')).toHaveLength(0);
    messages.forEach((message, i) => {
      if (i === 0) return;
      const triples = textOf(rootOf(message.xml), 'references').split(' ');
      const expected = messages.slice(0, i).map(({ xml }) => {
        const earlier = rootOf(xml);
        return `${textOf(earlier, 'sender')},${textOf(earlier, 'identifier')},${textOf(earlier, 'sent')}`;
      });
      expect(triples).toEqual(expected);
      for (const triple of triples) expect(triple).toMatch(CAP_REFERENCE);
    });
    expect(textOf(rootOf(messages[2].xml), 'references')).toBe(
      `${SENDER},${id(1)},2026-11-30T03:17:00+00:00 ${SENDER},${id(2)},2026-11-30T04:17:00+00:00`,
    );
  });

  it('gives each step its own identifier, and rebuilding gives byte-identical XML', () => {
    const ids = messages.map(({ xml }) => textOf(rootOf(xml), 'identifier'));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7].map(id));
    const again = buildFullCase(report(), { languages: [...ALL_LANGUAGES], cancelReason: 'found' });
    expect(again.map((m) => m.xml)).toEqual(messages.map((m) => m.xml));
    expect(buildCapMessage(structuredClone(messages[3].input))).toBe(messages[3].xml);
  });

  it('writes every date-time with a time zone offset and without fractions (never Z)', () => {
    for (const { xml } of messages) {
      const root = rootOf(xml);
      const stamps = [textOf(root, 'sent'), ...infos(xml).flatMap((i) => ['effective', 'onset', 'expires'].flatMap((n) => textsOf(i, n)))];
      expect(stamps.length).toBeGreaterThanOrEqual(4);
      for (const stamp of stamps) expect(stamp).toMatch(CAP_DATE_TIME);
      expect(xml).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
    }
  });

  it('writes one info per language, in the configured order (ar-MA, fr-MA by default)', () => {
    for (const { xml } of messages) expect(infos(xml).map((i) => textOf(i, 'language'))).toEqual([...ALL_LANGUAGES]);
    for (const { xml } of buildFullCase(report())) expect(infos(xml).map((i) => textOf(i, 'language'))).toEqual(['ar-MA', 'fr-MA']);
  });

  it('derives effective, onset and expires from the step and the report', () => {
    const first = info(messages[0].xml, 'fr-MA');
    expect([textOf(first, 'effective'), textOf(first, 'onset'), textOf(first, 'expires')]).toEqual([
      '2026-11-30T03:17:00+00:00', '2026-11-30T02:47:00+00:00', '2026-12-01T03:17:00+00:00',
    ]);
    expect(childrenNamed(info(messages[6].xml, 'fr-MA'), 'onset')).toHaveLength(0);
    expect(textOf(info(messages[6].xml, 'fr-MA'), 'expires')).toBe('2026-12-02T10:17:00+00:00');
  });

  it('writes circles `lat,lon radius_km` for radius tiers and the closed country polygon for national', () => {
    const geometry = (xml: string) =>
      childrenNamed(info(xml, 'en'), 'area').map((a) => [textOf(a, 'areaDesc'), ...textsOf(a, 'circle'), ...textsOf(a, 'polygon').map((p) => p.split(' ').length)]);
    const pairs = MOROCCO.polygon.length + 1;
    expect(messages.map(({ xml }) => geometry(xml))).toEqual([
      [['Within 10 km of Place Mohammed V, Casablanca', '33.5731,-7.5898 10']],
      [['Within 40 km of Place Mohammed V, Casablanca', '33.5731,-7.5898 40']],
      [['Within 160 km of Place Mohammed V, Casablanca', '33.5731,-7.5898 160']],
      [['Morocco (nationwide)', pairs]],
      [['Morocco (nationwide)', pairs]],
      [['Morocco (nationwide)', pairs]],
      [
        ['Within 10 km of Place Mohammed V, Casablanca', '33.5731,-7.5898 10'],
        ['Within 40 km of Place Mohammed V, Casablanca', '33.5731,-7.5898 40'],
        ['Within 160 km of Place Mohammed V, Casablanca', '33.5731,-7.5898 160'],
        ['Morocco (nationwide)', pairs],
      ],
    ]);
    const polygon = textOf(childrenNamed(info(messages[3].xml, 'ar-MA'), 'area')[0], 'polygon').split(' ');
    expect(polygon[0]).toBe('36,-5.9');
    expect(polygon[polygon.length - 1]).toBe(polygon[0]);
    expect(polygon[polygon.length - 2]).toBe('35.9,-6.3');
    for (const circle of messages.flatMap(({ xml }) => infos(xml).flatMap((i) => childrenNamed(i, 'area').flatMap((a) => textsOf(a, 'circle'))))) {
      expect(circle).toMatch(CAP_CIRCLE);
    }
  });

  it('lists in the Cancel every area that any earlier message reached', () => {
    const areasOf = (xml: string) => new Set(childrenNamed(info(xml, 'ar-MA'), 'area').flatMap((a) => [...textsOf(a, 'circle'), ...textsOf(a, 'polygon')]));
    const reached = new Set(messages.slice(0, 6).flatMap(({ xml }) => [...areasOf(xml)]));
    expect(reached.size).toBe(4);
    expect(areasOf(messages[6].xml)).toEqual(reached);
  });

  it('localises the area descriptions', () => {
    const descs = (xml: string, language: string) => childrenNamed(info(xml, language), 'area').map((a) => textOf(a, 'areaDesc'));
    expect(descs(messages[0].xml, 'ar-MA')).toEqual(['داخل دائرة نصف قطرها 10 كم حول Place Mohammed V, Casablanca']);
    expect(descs(messages[0].xml, 'fr-MA')).toEqual(['Dans un rayon de 10 km autour de Place Mohammed V, Casablanca']);
    expect(descs(messages[3].xml, 'ar-MA')).toEqual(['المغرب (كامل التراب الوطني)']);
    expect(descs(messages[3].xml, 'fr-MA')).toEqual(['Maroc (tout le territoire national)']);
  });

  it('links the CAP document, the number to call and the photo', () => {
    const en = info(messages[0].xml, 'en');
    expect(textOf(en, 'web')).toBe(`https://alerts.police.ma/alerts/${id(1)}.xml`);
    expect(textOf(en, 'contact')).toBe(CONTACT);
    expect(childrenNamed(en, 'resource').map((r) => childElements(r).map((e) => e.textContent))).toEqual([
      ['Photo of Yasmine El Amrani', 'image/jpeg', 'https://photos.example.org/yasmine.jpg'],
    ]);
    expect(textOf(childrenNamed(info(messages[0].xml, 'ar-MA'), 'resource')[0], 'resourceDesc')).toBe('صورة Yasmine El Amrani');
  });

  it('ends with AllClear, Past/Minor/Observed, a note, and found texts without photo or description', () => {
    const cancel = messages[6].xml;
    expect(textOf(rootOf(cancel), 'note')).toBe('The child has been found. This message cancels every earlier message of the incident.');
    const texts = (language: string) => {
      const i = info(cancel, language);
      return ['responseType', 'urgency', 'severity', 'certainty', 'headline', 'instruction'].map((n) => textOf(i, n));
    };
    expect(texts('en')).toEqual([
      'AllClear', 'Past', 'Minor', 'Observed', 'Alert cancelled: Yasmine El Amrani has been found',
      'Thank you for your help. No action is needed. Please stop sharing this alert.',
    ]);
    expect(texts('ar-MA').slice(4)).toEqual([
      'انتهاء الإنذار: تم العثور على Yasmine El Amrani', 'شكرًا على مساعدتكم. لا حاجة لأي إجراء. يرجى التوقف عن نشر هذا الإنذار.',
    ]);
    expect(texts('fr-MA').slice(4)).toEqual([
      "Fin de l'alerte : Yasmine El Amrani a été retrouvé(e)", "Merci de votre aide. Aucune action n'est nécessaire : veuillez ne plus diffuser cette alerte.",
    ]);
    for (const i of infos(cancel)) expect([childrenNamed(i, 'resource').length, childrenNamed(i, 'description').length]).toEqual([0, 0]);
  });
});

describe('risk mapping and wording', () => {
  it.each<[RiskLevel, string[]]>([
    ['critical', ['Monitor', 'Immediate', 'Extreme', 'Observed']],
    ['high', ['Monitor', 'Immediate', 'Severe', 'Observed']],
    ['standard', ['Monitor', 'Expected', 'Moderate', 'Likely']],
  ])('maps %s risk to %j on every Alert and Update', (risk, expected) => {
    for (const { xml, step } of buildFullCase(report(), { risk })) {
      for (const i of infos(xml)) {
        const values = ['responseType', 'urgency', 'severity', 'certainty'].map((n) => textOf(i, n));
        expect(values).toEqual(step.msgType === 'Cancel' ? ['AllClear', 'Past', 'Minor', 'Observed'] : expected);
      }
    }
  });

  it('names the event by circumstance: missing, or abducted', () => {
    const events = (xml: string) => infos(xml).map((i) => [textOf(i, 'category'), textOf(i, 'event')]);
    expect(events(buildFullCase(report(), { languages: [...ALL_LANGUAGES] })[0].xml)).toEqual([
      ['Rescue', 'طفل مفقود'], ['Rescue', 'Enfant disparu'], ['Rescue', 'Missing child'],
    ]);
    const abducted = makeReport({ circumstances: { type: 'abduction', suspect: { description: 'a man in his forties', vehicle: 'white Dacia Logan' } } });
    const first = buildFullCase(abducted, { languages: [...ALL_LANGUAGES] })[0].xml;
    expect(events(first)).toEqual([['Rescue', 'طفل مختطف'], ['Rescue', 'Enfant enlevé'], ['Rescue', 'Abducted child']]);
    expect(textOf(info(first, 'en'), 'description')).toContain('Suspect: a man in his forties. Vehicle: white Dacia Logan.');
  });

  it('says "withdrawn" (not found) when the case was closed', () => {
    const cancel = buildFullCase(report(), { languages: ['en'], cancelReason: 'withdrawn' })[6].xml;
    expect(textOf(info(cancel, 'en'), 'headline')).toBe('Alert withdrawn: Yasmine El Amrani');
    expect(textOf(rootOf(cancel), 'note')).toBe('The alert is withdrawn. This message cancels every earlier message of the incident.');
  });

  it('centres a radius tier on a sighting and describes it by its coordinates', () => {
    const [alert] = buildFullCase(report(), { languages: ['en'] });
    const step = { ...alert.step, step: 2, kind: 'sighting_update' as const, msgType: 'Update' as const, messageId: id(2),
      areas: [{ index: 1, kind: 'radius' as const, radiusKm: 40, centre: SIGHTING }] };
    const xml = buildCapMessage({ ...alert.input, step, references: [{ messageId: id(1), sentAt: alert.step.sentAt }] });
    expect(checkCap12(xml)).toEqual([]);
    const area = childrenNamed(info(xml, 'en'), 'area')[0];
    expect([textOf(area, 'areaDesc'), textOf(area, 'circle')]).toEqual(['Within 40 km of 34.020882, -6.84165', '34.020882,-6.84165 40']);
  });
});
