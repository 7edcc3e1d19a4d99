/**
 * A minimal, deterministic XML writer: the CAP and Atom builders need only elements, attributes and
 * text, and writing them by hand keeps the output byte-identical for the same input (no library
 * version can change whitespace or attribute order under us).
 */

/** Characters XML 1.0 cannot carry at all (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes the five XML special characters. Report text is typed by people and may hold pasted control
 * characters that would make the whole document unparseable for every partner: those become spaces.
 */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, ' ').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export interface XmlElement {
  name: string;
  attributes?: ReadonlyArray<readonly [string, string]>;
  /** A text node, or child elements; `undefined` children are skipped so optional elements read naturally. */
  content: string | ReadonlyArray<XmlElement | undefined>;
}

export const el = (
  name: string,
  content: XmlElement['content'],
  attributes?: XmlElement['attributes'],
): XmlElement => ({ name, content, attributes });

function renderAttributes(attributes: XmlElement['attributes']): string {
  return (attributes ?? []).map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('');
}

function renderElement(element: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const open = `${indent}<${element.name}${renderAttributes(element.attributes)}`;
  if (typeof element.content === 'string') {
    return `${open}>${escapeXml(element.content)}</${element.name}>\n`;
  }
  const children = element.content.filter((child): child is XmlElement => child !== undefined);
  if (children.length === 0) return `${open}/>\n`;
  return `${open}>\n${children.map((child) => renderElement(child, depth + 1)).join('')}${indent}</${element.name}>\n`;
}

/** A whole UTF-8 document: declaration, then the root element, two-space indented. */
export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderElement(root, 0)}`;
}
