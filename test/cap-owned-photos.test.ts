/**
 * The CAP builder with the service's own photos and the public page as `web`: each photo is a
 * `<resource>` with mimeType, size, uri and digest in CAP 1.2 order, before the report's photo links;
 * a Cancel carries none; a malformed digest or size is a wiring error. Pure: no server.
 */
import { buildCapMessage, CapInputError } from '../domain/cap';
import { checkCap12 } from '../domain/cap/testing/cap12-conformance';
import { buildFullCase } from '../domain/cap/testing/full-case';
import { childElements, childrenNamed, parseXmlStrict, textOf } from '../domain/cap/testing/xml-dom';
import { makeReport } from './helpers/fixtures';

const PHOTO = { uri: 'https://alerts.police.ma/p/AAAAAAAAAAAAAAAAAAAAAA.jpg', mimeType: 'image/jpeg', size: 48213, digest: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' };
const PAGE = 'https://alerts.police.ma/a/0123456789abcdef0123456789abcdef';

const messages = buildFullCase(makeReport()).map((m) => {
  const input = { ...m.input, webUrl: PAGE, photos: [PHOTO] };
  return { ...m, input, xml: buildCapMessage(input) };
});
const infos = (xml: string) => childrenNamed(parseXmlStrict(xml).documentElement!, 'info');
const resources = (xml: string) => infos(xml).map((info) => childrenNamed(info, 'resource').map((r) => childElements(r).map((e) => [e.localName, e.textContent])));

test('every message conforms to CAP 1.2 and links the public page', () => {
  for (const { xml } of messages) {
    expect(checkCap12(xml)).toEqual([]);
    for (const info of infos(xml)) expect(textOf(info, 'web')).toBe(PAGE);
  }
});

test('an owned photo carries its size and digest, before the report\'s photo links; a Cancel carries no photo', () => {
  const first = resources(messages[0].xml)[0];
  expect(first.map((r) => r.map(([name]) => name))).toEqual([
    ['resourceDesc', 'mimeType', 'size', 'uri', 'digest'],
    ['resourceDesc', 'mimeType', 'uri'],
  ]);
  expect(first[0].slice(1)).toEqual([['mimeType', 'image/jpeg'], ['size', '48213'], ['uri', PHOTO.uri], ['digest', PHOTO.digest]]);
  const cancel = messages[messages.length - 1];
  expect(cancel.step.msgType).toBe('Cancel');
  expect(resources(cancel.xml).flat()).toEqual([]);
});

test('a digest that is not a lowercase SHA-1, or a size that is not a positive integer, is refused', () => {
  const { input } = messages[0];
  expect(() => buildCapMessage({ ...input, photos: [{ ...PHOTO, digest: 'DA39A3EE' }] })).toThrow(CapInputError);
  expect(() => buildCapMessage({ ...input, photos: [{ ...PHOTO, size: 0 }] })).toThrow(CapInputError);
});
