/** The Atom 1.0 index of active CAP messages, as alerting hubs poll it. */
import { buildAtomFeed, type AtomFeedInput } from './atom-feed';
import { capDocumentUrl } from './cap-message';
import { childElements, childrenNamed, nameOf, parseXmlStrict, textOf } from './testing/xml-dom';

const BASE = 'https://alerts.police.ma';
const entry = (messageId: string, updated: string, title: string) => ({
  messageId, updated, title, capUrl: capDocumentUrl(BASE, messageId), summary: `Summary of ${messageId}`,
});
const input: AtomFeedInput = {
  feedUrl: `${BASE}/alerts/feed`,
  updated: '2026-12-01T09:17:00.456Z',
  entries: [
    entry('mca-a-1', '2026-11-30T03:17:00.000Z', 'Missing child: Yasmine El Amrani'),
    entry('mca-b-3', '2026-12-01T09:17:00.000Z', 'طفل مفقود: آدم بنعلي & <co>'),
    entry('mca-c-2', '2026-11-30T03:17:00.000Z', 'Abducted child: Adam Benali'),
  ],
};

describe('buildAtomFeed', () => {
  const xml = buildAtomFeed(input);
  const feed = parseXmlStrict(xml).documentElement!;

  it('is an Atom 1.0 feed with id, title, updated, author and a self link', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect(feed.namespaceURI).toBe('http://www.w3.org/2005/Atom');
    expect(childElements(feed).map(nameOf)).toEqual(['id', 'title', 'updated', 'author', 'link', 'entry', 'entry', 'entry']);
    expect([textOf(feed, 'id'), textOf(feed, 'title'), textOf(feed, 'updated')]).toEqual([
      'https://alerts.police.ma/alerts/feed', 'Missing child alerts', '2026-12-01T09:17:00+00:00',
    ]);
    expect(textOf(childrenNamed(feed, 'author')[0], 'name')).toBe('Moroccan National Police (DGSN)');
    const self = childrenNamed(feed, 'link')[0];
    expect([self.getAttribute('rel'), self.getAttribute('type'), self.getAttribute('href')]).toEqual([
      'self', 'application/atom+xml', 'https://alerts.police.ma/alerts/feed',
    ]);
  });

  it('lists entries newest first, each linking its CAP document as application/cap+xml', () => {
    const entries = childrenNamed(feed, 'entry').map((e) => {
      const link = childrenNamed(e, 'link')[0];
      return {
        children: childElements(e).map(nameOf),
        id: textOf(e, 'id'),
        title: textOf(e, 'title'),
        updated: textOf(e, 'updated'),
        summary: textOf(e, 'summary'),
        link: [link.getAttribute('rel'), link.getAttribute('type'), link.getAttribute('href')],
      };
    });
    expect(entries).toEqual([
      {
        children: ['id', 'title', 'updated', 'summary', 'link'],
        id: 'https://alerts.police.ma/alerts/mca-b-3.xml',
        title: 'طفل مفقود: آدم بنعلي & <co>',
        updated: '2026-12-01T09:17:00+00:00',
        summary: 'Summary of mca-b-3',
        link: ['alternate', 'application/cap+xml', 'https://alerts.police.ma/alerts/mca-b-3.xml'],
      },
      expect.objectContaining({ id: 'https://alerts.police.ma/alerts/mca-a-1.xml', updated: '2026-11-30T03:17:00+00:00' }),
      expect.objectContaining({ id: 'https://alerts.police.ma/alerts/mca-c-2.xml', link: ['alternate', 'application/cap+xml', 'https://alerts.police.ma/alerts/mca-c-2.xml'] }),
    ]);
  });

  it('gives the same bytes for the same messages in any order, and an empty feed when none is active', () => {
    expect(buildAtomFeed({ ...input, entries: [...input.entries].reverse() })).toBe(xml);
    const empty = parseXmlStrict(buildAtomFeed({ ...input, entries: [] })).documentElement!;
    expect(childrenNamed(empty, 'entry')).toHaveLength(0);
  });

  it('builds CAP document links from a base URL with or without a trailing slash', () => {
    expect(capDocumentUrl('https://alerts.police.ma/', 'mca-x-1')).toBe('https://alerts.police.ma/alerts/mca-x-1.xml');
    expect(capDocumentUrl('https://alerts.police.ma/api', 'a b')).toBe('https://alerts.police.ma/api/alerts/a%20b.xml');
  });
});
