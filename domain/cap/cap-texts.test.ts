/** The Arabic, French and English texts, their round trip through XML and JSON, and escaping. */
import { makeReport } from '../../test/helpers/fixtures';
import { parseAlertLanguages } from './alert-languages';
import { arabicYears } from './texts/ar-ma';
import { localTime } from './texts/alert-texts';
import { buildFullCase, LAST_SEEN, LAST_SEEN_AT } from './testing/full-case';
import { childrenNamed, parseXmlStrict, textOf } from './testing/xml-dom';

const infoOf = (xml: string, language: string) =>
  childrenNamed(parseXmlStrict(xml).documentElement!, 'info').find((i) => textOf(i, 'language') === language)!;
const texts = (xml: string, language: string) => ['headline', 'description', 'instruction'].map((n) => textOf(infoOf(xml, language), n));

const girl = () => makeReport({ child: { fullName: 'Yasmine El Amrani', dateOfBirth: '2018-05-10' }, lastSeen: { at: LAST_SEEN_AT, location: LAST_SEEN } });

describe('alert texts', () => {
  const [alert] = buildFullCase(girl(), { languages: ['ar-MA', 'fr-MA', 'en'] });

  it('writes real Arabic, agreeing with a girl, with Moroccan local time', () => {
    expect(texts(alert.xml, 'ar-MA')).toEqual([
      'طفلة مفقودة: Yasmine El Amrani، 8 سنوات، شوهدت آخر مرة في Place Mohammed V, Casablanca',
      'Yasmine El Amrani (أنثى، العمر 8 سنوات) شوهدت آخر مرة يوم 30/11/2026 على الساعة 03:47 (UTC+01:00) في Place Mohammed V, Casablanca. ' +
        'الطول: 125 سم. البنية: slim. الشعر: black, braided. العينان: brown. الملابس: red coat, blue jeans.',
      'إذا رأيت هذه الطفلة أو كانت لديك أي معلومة، اتصل فورًا بالرقم +212 5 22 00 19 19 أو توجه إلى أقرب مركز للشرطة. لا تتدخل بنفسك.',
    ]);
  });

  it('writes French and English', () => {
    expect(texts(alert.xml, 'fr-MA')).toEqual([
      'Disparition : Yasmine El Amrani, 8 ans, vue pour la dernière fois à Place Mohammed V, Casablanca',
      'Yasmine El Amrani (fille, 8 ans) a été vue pour la dernière fois le 30/11/2026 à 03:47 (UTC+01:00) à Place Mohammed V, Casablanca. ' +
        'Taille : 125 cm. Corpulence : slim. Cheveux : black, braided. Yeux : brown. Vêtements : red coat, blue jeans.',
      "Si vous voyez cette enfant ou avez la moindre information, appelez immédiatement le +212 5 22 00 19 19 ou rendez-vous au commissariat le plus proche. N'intervenez pas vous-même.",
    ]);
    expect(texts(alert.xml, 'en')[0]).toBe('Missing child: Yasmine El Amrani, 8 years, last seen at Place Mohammed V, Casablanca');
  });

  it('agrees with a boy, and says "near" the coordinates when there is no address', () => {
    const boy = makeReport({
      child: { fullName: 'Adam Benali', sex: 'male', dateOfBirth: '2014-01-02', description: { distinguishingMarks: 'scar on the chin' } },
      lastSeen: { at: LAST_SEEN_AT, location: LAST_SEEN },
    });
    delete boy.lastSeen.address;
    const [first] = buildFullCase(boy, { languages: ['ar-MA', 'fr-MA', 'en'] });
    expect(texts(first.xml, 'ar-MA')[0]).toBe('طفل مفقود: Adam Benali، 12 سنة، شوهد آخر مرة قرب 33.5731, -7.5898');
    expect(texts(first.xml, 'fr-MA')[0]).toBe('Disparition : Adam Benali, 12 ans, vu pour la dernière fois près de 33.5731, -7.5898');
    expect(texts(first.xml, 'fr-MA')[2]).toMatch(/^Si vous voyez cet enfant /);
    expect(texts(first.xml, 'en')[1]).toContain('(boy, 12 years old) was last seen on 30/11/2026 at 03:47 (UTC+01:00) near 33.5731, -7.5898.');
    expect(texts(first.xml, 'en')[1]).toContain('Distinguishing marks: scar on the chin.');
    expect(textOf(childrenNamed(infoOf(first.xml, 'en'), 'area')[0], 'areaDesc')).toBe('Within 10 km of 33.5731, -7.5898');
  });

  it('round-trips Arabic names and places intact through XML parsing', () => {
    const report = makeReport({
      child: { fullName: 'ياسمين العلوي', dateOfBirth: '2018-05-10', description: { clothing: 'جلابة زرقاء وحذاء أبيض' } },
      lastSeen: { at: LAST_SEEN_AT, location: LAST_SEEN, address: 'ساحة محمد الخامس، الدار البيضاء' },
    });
    const messages = buildFullCase(report, { languages: ['ar-MA', 'fr-MA', 'en'] });
    const headline = 'طفلة مفقودة: ياسمين العلوي، 8 سنوات، شوهدت آخر مرة في ساحة محمد الخامس، الدار البيضاء';
    for (const { xml, step } of messages) {
      const ar = infoOf(xml, 'ar-MA');
      if (step.msgType === 'Cancel') {
        expect(textOf(ar, 'headline')).toBe('سحب الإنذار: ياسمين العلوي');
        continue;
      }
      expect(textOf(ar, 'headline')).toBe(headline);
      expect(textOf(ar, 'description')).toContain('الملابس: جلابة زرقاء وحذاء أبيض.');
    }
    // The raw document carries the characters themselves (UTF-8), not character references.
    expect(messages[0].xml).toContain(headline);
    expect(messages[0].xml).not.toMatch(/&#/);
  });

  it('escapes & < > " \' and drops characters XML cannot carry', () => {
    const address = `Rue "L'Oasis" <12> & Co\u0007 `;
    const report = makeReport({ child: { fullName: 'Yasmine El Amrani', dateOfBirth: '2018-05-10' }, lastSeen: { at: LAST_SEEN_AT, location: LAST_SEEN, address } });
    const [first] = buildFullCase(report, { languages: ['en'] });
    expect(first.xml).toContain('at Rue &quot;L&apos;Oasis&quot; &lt;12&gt; &amp; Co ');
    expect(first.xml).not.toContain('\u0007');
    // Trimmed, then the BEL (U+0007) becomes a space: the parsed text is the address as typed.
    expect(textOf(infoOf(first.xml, 'en'), 'headline')).toBe(`Missing child: Yasmine El Amrani, 8 years, last seen at Rue "L'Oasis" <12> & Co `);
  });

  it('counts years the Arabic way', () => {
    expect([1, 2, 3, 10, 11, 17].map(arabicYears)).toEqual(['سنة واحدة', 'سنتان', '3 سنوات', '10 سنوات', '11 سنة', '17 سنة']);
  });

  it('writes times in Moroccan local time with the offset spelled out', () => {
    expect(localTime('2026-11-30T23:30:00Z')).toEqual({ date: '01/12/2026', time: '00:30', offset: 'UTC+01:00' });
  });
});

describe('ALERT_LANGUAGES', () => {
  it('parses a list in order, trimming and dropping duplicates', () => {
    expect(parseAlertLanguages('ar-MA, fr-MA,en')).toEqual(['ar-MA', 'fr-MA', 'en']);
    expect(parseAlertLanguages('en,ar-MA,en')).toEqual(['en', 'ar-MA']);
  });

  it('refuses a language without texts, and an empty list', () => {
    expect(() => parseAlertLanguages('ar-MA,de')).toThrow('unsupported alert language(s): de (supported: ar-MA, fr-MA, en)');
    expect(() => parseAlertLanguages(' , ')).toThrow('at least one alert language is required');
  });
});
