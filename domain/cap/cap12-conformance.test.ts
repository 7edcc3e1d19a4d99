/**
 * The CAP 1.2 checker used by the other tests must itself catch each kind of violation: otherwise
 * "no violations" would prove nothing. Each case breaks one rule in a valid message.
 */
import { makeReport } from '../../test/helpers/fixtures';
import { checkCap12 } from './testing/cap12-conformance';
import { buildFullCase, CASE_ID } from './testing/full-case';

const [alert, , , national, , , cancel] = buildFullCase(makeReport(), { languages: ['en'] });
const swap = (xml: string, from: string | RegExp, to: string) => {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`mutation did not apply: ${String(from)}`);
  return out;
};

describe('the CAP 1.2 checker', () => {
  it('accepts the valid messages it is given', () => {
    for (const message of [alert, national, cancel]) expect(checkCap12(message.xml)).toEqual([]);
  });

  it.each<[string, () => string, string[]]>([
    ['a Z time zone', () => swap(alert.xml, '<sent>2026-11-30T03:17:00+00:00</sent>', '<sent>2026-11-30T03:17:00Z</sent>'),
      ['alert/sent[1]: "2026-11-30T03:17:00Z" is not a CAP date-time']],
    ['fractional seconds', () => swap(alert.xml, /<expires>([^<]+)\+00:00</, '<expires>$1.5+00:00<'),
      ['alert/info[1]/expires[1]: "2026-12-01T03:17:00.5+00:00" is not a CAP date-time']],
    ['status out of the enumeration', () => swap(alert.xml, '<status>Actual</status>', '<status>Real</status>'),
      ['alert/status[1]: "Real" is not a CAP status']],
    ['urgency out of the enumeration', () => swap(alert.xml, '<urgency>Immediate</urgency>', '<urgency>Now</urgency>'),
      ['alert/info[1]/urgency[1]: "Now" is not a CAP urgency']],
    ['scope before msgType', () => swap(alert.xml, '<msgType>Alert</msgType>\n  <scope>Public</scope>', '<scope>Public</scope>\n  <msgType>Alert</msgType>'),
      ['alert: missing <msgType>', 'alert: <msgType> is unexpected or out of order']],
    ['a missing certainty', () => swap(alert.xml, /\s*<certainty>Observed<\/certainty>/, ''),
      ['alert/info[1]: missing <certainty>']],
    ['headline after description', () => swap(alert.xml, /(\s*<headline>[^<]*<\/headline>)(\s*<description>[^<]*<\/description>)/, '$2$1'),
      ['alert/info[1]: <headline> is unexpected or out of order']],
    ['a circle with a comma before the radius', () => swap(alert.xml, '<circle>33.5731,-7.5898 10</circle>', '<circle>33.5731,-7.5898,10</circle>'),
      ['alert/info[1]/area[1]/circle[1]: "33.5731,-7.5898,10" is not "lat,lon radius"']],
    ['a circle with lon,lat swapped out of range', () => swap(alert.xml, '<circle>33.5731,-7.5898 10</circle>', '<circle>-97.5898,33.5731 10</circle>'),
      ['alert/info[1]/area[1]/circle[1]: "-97.5898,33.5731 10" is not "lat,lon radius"']],
    ['an open polygon', () => swap(national.xml, / 36,-5\.9<\/polygon>/, '</polygon>'),
      ['alert/info[1]/area[1]/polygon[1]: the polygon is not closed']],
    ['a three-pair polygon', () => swap(national.xml, /<polygon>[^<]+<\/polygon>/, '<polygon>36,-5.9 35,-5 36,-5.9</polygon>'),
      ['alert/info[1]/area[1]/polygon[1]: a polygon needs at least 4 pairs']],
    ['a reference without its sent', () => swap(cancel.xml, `,mca-${CASE_ID}-1,2026-11-30T03:17:00+00:00`, `,mca-${CASE_ID}-1`),
      [`alert/references[1]: "alerts@police.ma,mca-${CASE_ID}-1" is not sender,identifier,sent`]],
    ['an identifier with a space', () => swap(alert.xml, `<identifier>mca-${CASE_ID}-1</identifier>`, '<identifier>mca 1</identifier>'),
      ['alert/identifier[1]: "mca 1" has forbidden characters']],
    ['an element outside the CAP namespace', () => swap(alert.xml, '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">', '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1">'),
      expect.arrayContaining(['alert: not in the CAP 1.2 namespace', 'alert/identifier[1]: not in the CAP 1.2 namespace'])],
    ['an empty event', () => swap(alert.xml, /<event>[^<]*<\/event>/, '<event></event>'),
      ['alert/info[1]/event[1]: is empty']],
    ['no XML declaration', () => alert.xml.slice(alert.xml.indexOf('\n') + 1), ['document: no UTF-8 XML declaration']],
  ])('reports %s', (_rule, mutate, expected) => {
    expect(checkCap12(mutate())).toEqual(expected);
  });

  it('rejects a document that is not well-formed', () => {
    expect(() => checkCap12(swap(alert.xml, '</sender>', '</sendr>'))).toThrow(/XML/);
  });
});
