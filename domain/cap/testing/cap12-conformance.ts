/**
 * Test support: checks a document against the rules of OASIS CAP 1.2 (sections 3.2 and 3.3) that a
 * schema can state — element order and cardinality, code values, date-time form, token syntax —
 * plus the geometry rules the schema leaves to prose (circle syntax, closed polygons of 4+ pairs).
 * Returns every violation found, so a test can assert an exact list and the checker itself is tested.
 */
import type { Element } from '@xmldom/xmldom';
import { CAP_DATE_TIME } from '../cap-datetime';
import {
  CAP_CATEGORY, CAP_CERTAINTY, CAP_MSG_TYPE, CAP_NAMESPACE, CAP_RESPONSE_TYPE, CAP_SCOPE, CAP_SEVERITY, CAP_STATUS, CAP_URGENCY,
} from '../cap-vocabulary';
import { childElements, nameOf, ownText, parseXmlStrict } from './xml-dom';

type Particle = readonly [name: string, min: number, max: number];
const MANY = Number.POSITIVE_INFINITY;

/** The sequences of the CAP 1.2 schema, in schema order. */
export const CAP_SEQUENCES: Record<string, readonly Particle[]> = {
  alert: [
    ['identifier', 1, 1], ['sender', 1, 1], ['sent', 1, 1], ['status', 1, 1], ['msgType', 1, 1], ['source', 0, 1],
    ['scope', 1, 1], ['restriction', 0, 1], ['addresses', 0, 1], ['code', 0, MANY], ['note', 0, 1], ['references', 0, 1],
    ['incidents', 0, 1], ['info', 0, MANY],
  ],
  info: [
    ['language', 0, 1], ['category', 1, MANY], ['event', 1, 1], ['responseType', 0, MANY], ['urgency', 1, 1], ['severity', 1, 1],
    ['certainty', 1, 1], ['audience', 0, 1], ['eventCode', 0, MANY], ['effective', 0, 1], ['onset', 0, 1], ['expires', 0, 1],
    ['senderName', 0, 1], ['headline', 0, 1], ['description', 0, 1], ['instruction', 0, 1], ['web', 0, 1], ['contact', 0, 1],
    ['parameter', 0, MANY], ['resource', 0, MANY], ['area', 0, MANY],
  ],
  eventCode: [['valueName', 1, 1], ['value', 1, 1]],
  parameter: [['valueName', 1, 1], ['value', 1, 1]],
  resource: [['resourceDesc', 1, 1], ['mimeType', 1, 1], ['size', 0, 1], ['uri', 0, 1], ['derefUri', 0, 1], ['digest', 0, 1]],
  area: [['areaDesc', 1, 1], ['polygon', 0, MANY], ['circle', 0, MANY], ['geocode', 0, MANY], ['altitude', 0, 1], ['ceiling', 0, 1]],
  geocode: [['valueName', 1, 1], ['value', 1, 1]],
};

const ENUMS: Record<string, readonly string[]> = {
  status: CAP_STATUS, msgType: CAP_MSG_TYPE, scope: CAP_SCOPE, category: CAP_CATEGORY, responseType: CAP_RESPONSE_TYPE,
  urgency: CAP_URGENCY, severity: CAP_SEVERITY, certainty: CAP_CERTAINTY,
};
const DATE_TIMES = new Set(['sent', 'effective', 'onset', 'expires']);
/** identifier, sender: "MUST NOT include spaces, commas or restricted characters (< and &)". */
export const CAP_TOKEN = /^[^\s,<&]+$/;
const LAT = String.raw`-?\d{1,2}(?:\.\d+)?`;
const LON = String.raw`-?\d{1,3}(?:\.\d+)?`;
export const CAP_POINT = new RegExp(`^${LAT},${LON}$`);
export const CAP_CIRCLE = new RegExp(`^(${LAT},${LON}) (\\d+(?:\\.\\d+)?)$`);
/** One `sender,identifier,sent` triple of `references`. */
export const CAP_REFERENCE = /^([^\s,<&]+),([^\s,<&]+),(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})$/;
/** xs:language (RFC 3066 shape). */
const LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

function checkSequence(element: Element, path: string, violations: string[]): void {
  const particles = CAP_SEQUENCES[nameOf(element)];
  const children = childElements(element);
  let i = 0;
  for (const [name, min, max] of particles) {
    let count = 0;
    while (i < children.length && nameOf(children[i]) === name) { count++; i++; }
    if (count < min) violations.push(`${path}: missing <${name}>`);
    if (count > max) violations.push(`${path}: <${name}> appears ${count} times (at most ${max})`);
  }
  if (i < children.length) violations.push(`${path}: <${nameOf(children[i])}> is unexpected or out of order`);
  if (ownText(element) !== '') violations.push(`${path}: has text outside its elements`);
}

function inRange(point: string): boolean {
  const [lat, lon] = point.split(',').map(Number);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

function checkValue(name: string, value: string, path: string, violations: string[]): void {
  const enumeration = ENUMS[name];
  if (enumeration && !enumeration.includes(value)) violations.push(`${path}: "${value}" is not a CAP ${name}`);
  if (DATE_TIMES.has(name) && (!CAP_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
    violations.push(`${path}: "${value}" is not a CAP date-time`);
  }
  if ((name === 'identifier' || name === 'sender') && !CAP_TOKEN.test(value)) violations.push(`${path}: "${value}" has forbidden characters`);
  if (name === 'language' && !LANGUAGE.test(value)) violations.push(`${path}: "${value}" is not a language code`);
  if (name === 'references') {
    for (const triple of value.split(' ')) {
      if (!CAP_REFERENCE.test(triple)) violations.push(`${path}: "${triple}" is not sender,identifier,sent`);
    }
  }
  if (name === 'circle') {
    const match = CAP_CIRCLE.exec(value);
    if (!match || !inRange(match[1])) violations.push(`${path}: "${value}" is not "lat,lon radius"`);
  }
  if (name === 'polygon') {
    const pairs = value.split(' ');
    if (pairs.length < 4) violations.push(`${path}: a polygon needs at least 4 pairs`);
    if (!pairs.every((p) => CAP_POINT.test(p) && inRange(p))) violations.push(`${path}: a polygon pair is not "lat,lon"`);
    if (pairs[0] !== pairs[pairs.length - 1]) violations.push(`${path}: the polygon is not closed`);
  }
}

function walk(element: Element, path: string, violations: string[]): void {
  if (element.namespaceURI !== CAP_NAMESPACE) violations.push(`${path}: not in the CAP 1.2 namespace`);
  if (CAP_SEQUENCES[nameOf(element)]) {
    checkSequence(element, path, violations);
    const counts = new Map<string, number>();
    for (const child of childElements(element)) {
      const n = (counts.get(nameOf(child)) ?? 0) + 1;
      counts.set(nameOf(child), n);
      walk(child, `${path}/${nameOf(child)}[${n}]`, violations);
    }
    return;
  }
  if (childElements(element).length > 0) violations.push(`${path}: a simple element has child elements`);
  const value = element.textContent ?? '';
  if (value.trim() === '') violations.push(`${path}: is empty`);
  checkValue(nameOf(element), value, path, violations);
}

/** Every CAP 1.2 violation in `xml`; an empty list means the document conforms. */
export function checkCap12(xml: string): string[] {
  const violations: string[] = [];
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) violations.push('document: no UTF-8 XML declaration');
  const root = parseXmlStrict(xml).documentElement;
  if (!root || nameOf(root) !== 'alert') return [...violations, 'document: the root element is not <alert>'];
  walk(root, 'alert', violations);
  return violations;
}
