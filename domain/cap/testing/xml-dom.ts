/**
 * Test support: strict XML parsing with a real parser (@xmldom/xmldom). Any warning or error makes the
 * parse throw, so a document a lenient partner would "repair" still fails our tests.
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

export function parseXmlStrict(xml: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  });
  return parser.parseFromString(xml, 'text/xml');
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

export function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE) out.push(node as Element);
  }
  return out;
}

/** Non-whitespace text directly inside an element (mixed content is not allowed in CAP or Atom). */
export function ownText(parent: Element): string {
  let text = '';
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) text += node.nodeValue ?? '';
  }
  return text.trim();
}

export function childrenNamed(parent: Element, name: string): Element[] {
  return childElements(parent).filter((child) => nameOf(child) === name);
}

/** The text of the only child called `name`; throws when there is none or several. */
export function textOf(parent: Element, name: string): string {
  const found = childrenNamed(parent, name);
  if (found.length !== 1) throw new Error(`expected one <${name}> in <${nameOf(parent)}>, found ${found.length}`);
  return found[0].textContent ?? '';
}

export function textsOf(parent: Element, name: string): string[] {
  return childrenNamed(parent, name).map((child) => child.textContent ?? '');
}

/** The element's name without prefix (xmldom types `localName` as nullable for non-namespaced nodes). */
export const nameOf = (element: Element): string => element.localName ?? element.nodeName;
