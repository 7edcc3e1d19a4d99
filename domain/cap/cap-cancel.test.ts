/**
 * A Cancel stays public until it expires (hubs must see it to withdraw the alert), so it says only what
 * is withdrawn: the name. Built from an abduction report with a suspect, a vehicle, owned photos and
 * photo links, in every language and for both endings, it carries no `<resource>`, no `<description>`,
 * no onset, none of the child's description and nothing of the suspect or vehicle, and it conforms to
 * the CAP 1.2 schema checker. Its `expires` is its own lifetime, at most 48 h.
 */
import { makeReport } from '../../test/helpers/fixtures';
import { buildCapMessage, CapInputError, MAX_CANCEL_LIFETIME_MS } from './cap-message';
import { checkCap12 } from './testing/cap12-conformance';
import { buildFullCase } from './testing/full-case';
import { childElements, childrenNamed, nameOf, parseXmlStrict, textOf } from './testing/xml-dom';

const HOUR = 3_600_000;
const PHOTO = { uri: 'https://alerts.police.ma/p/AAAAAAAAAAAAAAAAAAAAAA.jpg', mimeType: 'image/jpeg', size: 48213, digest: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' };
const report = makeReport({
  child: { fullName: 'Yasmine El Amrani', description: { heightCm: 125, build: 'slim', hair: 'black, braided', eyes: 'brown', clothing: 'red coat, blue jeans' } },
  circumstances: { type: 'abduction', suspect: { description: 'a man in his forties', vehicle: 'white Dacia Logan' } },
});
/** Words of the alert that a Cancel must not repeat. */
const DESCRIBING = ['a man in his forties', 'Dacia', 'red coat', 'braided', '125', 'photos.example.org', 'alerts.police.ma/p/'];

describe.each(['found', 'withdrawn'] as const)('a Cancel (%s)', (cancelReason) => {
  const messages = buildFullCase(report, { languages: ['ar-MA', 'fr-MA', 'en'], cancelReason }).map((m) => {
    const input = { ...m.input, photos: [PHOTO], ...(m.step.msgType === 'Cancel' ? { expiresAfterMs: 6 * HOUR } : {}) };
    return { ...m, input, xml: buildCapMessage(input) };
  });
  const alert = messages[0];
  const cancel = messages[messages.length - 1];
  const infos = (xml: string) => childrenNamed(parseXmlStrict(xml).documentElement!, 'info');

  it('is the last message, conforms to CAP 1.2, and the Alert before it really carried what it drops', () => {
    expect(cancel.step.msgType).toBe('Cancel');
    expect([checkCap12(cancel.xml), checkCap12(alert.xml)]).toEqual([[], []]);
    // Positive control: without it, the absence checks below would prove nothing.
    for (const words of DESCRIBING) expect([words, alert.xml.includes(words)]).toEqual([words, true]);
    expect(infos(alert.xml).map((i) => childrenNamed(i, 'resource').length)).toEqual([2, 2, 2]);
  });

  it('carries per language only its headline with the name, the instruction, web, contact and the areas', () => {
    for (const info of infos(cancel.xml)) {
      const names = childElements(info).map(nameOf);
      expect(names.filter((n) => n !== 'area')).toEqual([
        'language', 'category', 'event', 'responseType', 'urgency', 'severity', 'certainty', 'effective', 'expires', 'senderName', 'headline', 'instruction', 'web', 'contact',
      ]);
      expect(names.filter((n) => n === 'area')).toHaveLength(4);
      expect(textOf(info, 'headline')).toContain('Yasmine El Amrani');
    }
    for (const words of DESCRIBING) expect([words, cancel.xml.includes(words)]).toEqual([words, false]);
  });

  it('expires after its own lifetime, not the alert\'s', () => {
    const sent = Date.parse(cancel.step.sentAt);
    for (const info of infos(cancel.xml)) expect(Date.parse(textOf(info, 'expires'))).toBe(sent + 6 * HOUR);
    expect(Date.parse(textOf(infos(alert.xml)[0], 'expires'))).toBe(Date.parse(alert.step.sentAt) + 24 * HOUR);
  });
});

test('a Cancel that would stay in force beyond 48 h is a wiring error', () => {
  const cancel = buildFullCase(report).at(-1)!;
  expect(MAX_CANCEL_LIFETIME_MS).toBe(48 * HOUR);
  expect(() => buildCapMessage({ ...cancel.input, expiresAfterMs: 48 * HOUR })).not.toThrow();
  expect(() => buildCapMessage({ ...cancel.input, expiresAfterMs: 48 * HOUR + 1000 })).toThrow(CapInputError);
  // An Update may live longer: only the Cancel is bounded.
  const update = buildFullCase(report)[1];
  expect(() => buildCapMessage({ ...update.input, expiresAfterMs: 72 * HOUR })).not.toThrow();
});
