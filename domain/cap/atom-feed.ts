/**
 * The Atom 1.0 feed (RFC 4287) of the active CAP messages, the index alerting hubs poll: each entry
 * links to its CAP document with `type="application/cap+xml"` (the OASIS CAP feed convention).
 */
import { toCapDateTime } from './cap-datetime';
import { el, renderXmlDocument } from './xml-writer';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
export const CAP_MEDIA_TYPE = 'application/cap+xml';

export interface AtomFeedEntry {
  messageId: string;
  title: string;
  /** ISO date-time of the message (its `sent`). */
  updated: string;
  /** Absolute URL of the CAP document; also the entry's permanent id. */
  capUrl: string;
  summary: string;
}

export interface AtomFeedInput {
  /** Absolute URL of the feed itself: its id and its `self` link. */
  feedUrl: string;
  updated: string;
  entries: readonly AtomFeedEntry[];
  title?: string;
  /** Atom requires an author on the feed when entries have none. */
  authorName?: string;
}

/** Newest first, then by message id, so the same set of messages always gives the same bytes. */
function newestFirst(a: AtomFeedEntry, b: AtomFeedEntry): number {
  const byTime = new Date(b.updated).getTime() - new Date(a.updated).getTime();
  return byTime !== 0 ? byTime : a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0;
}

export function buildAtomFeed(input: AtomFeedInput): string {
  const entries = [...input.entries].sort(newestFirst).map((entry) =>
    el('entry', [
      el('id', entry.capUrl),
      el('title', entry.title),
      // RFC 3339 date-times; the CAP form (explicit offset, no fraction) is one of them.
      el('updated', toCapDateTime(entry.updated)),
      el('summary', entry.summary),
      el('link', [], [['rel', 'alternate'], ['type', CAP_MEDIA_TYPE], ['href', entry.capUrl]]),
    ]),
  );
  const feed = el(
    'feed',
    [
      el('id', input.feedUrl),
      el('title', input.title ?? 'Missing child alerts'),
      el('updated', toCapDateTime(input.updated)),
      el('author', [el('name', input.authorName ?? 'Moroccan National Police (DGSN)')]),
      el('link', [], [['rel', 'self'], ['type', 'application/atom+xml'], ['href', input.feedUrl]]),
      ...entries,
    ],
    [['xmlns', ATOM_NAMESPACE]],
  );
  return renderXmlDocument(feed);
}
