/**
 * Builds the CAP 1.2 document (OASIS Common Alerting Protocol 1.2) of one broadcast step of a case.
 * Pure and deterministic: the same input gives byte-identical XML, so a retried or replayed delivery
 * carries exactly the document that was first sent.
 */
import type { CountryArea } from '../country-areas';
import type { AlertStep, RiskLevel } from '../case-vocabulary';
import { ALERT_TEXTS, DEFAULT_ALERT_LANGUAGES, type AlertLanguage } from './alert-languages';
import { capCircle, capPolygon, circlePlaceName, countryName } from './cap-area';
import { addMs, toCapDateTime } from './cap-datetime';
import { CANCEL_ASSESSMENT, CAP_CATEGORY_RESCUE, CAP_NAMESPACE, RISK_ASSESSMENT } from './cap-vocabulary';
import type { PublicAlertContent } from './public-content';
import { publicAlertTexts } from './public-texts';
import { displayName, type CancelReason } from './texts/alert-texts';
import { el, renderXmlDocument, type XmlElement } from './xml-writer';

export interface CapReference {
  messageId: string;
  sentAt: string;
}

/** A photo the service serves itself: the CAP `<resource>` then carries its size and SHA-1 digest. */
export interface CapPhoto {
  uri: string;
  mimeType: string;
  /** Bytes of the served file. */
  size: number;
  /** SHA-1 (CAP 1.2 `digest`, FIPS 180-2) of the served bytes, lowercase hex. */
  digest: string;
}

export interface CapMessageInput {
  step: AlertStep;
  caseId: string;
  risk: RiskLevel;
  content: PublicAlertContent;
  /** CAP `sender`, e.g. `alerts@police.ma`: one value for the whole service, so references resolve. */
  sender: string;
  /** Every earlier message of the case, oldest first: required for Update and Cancel, none for Alert. */
  references: readonly CapReference[];
  /** One `info` block per language, in this order; default ar-MA then fr-MA. */
  languages?: readonly AlertLanguage[];
  country: CountryArea;
  /** Public base URL of the API; `web` points at this message's CAP document there unless `webUrl` is given. */
  webBaseUrl: string;
  /** The `web` link: the case's public alert page (`/a/<ref>`); default the CAP document's own URL. */
  webUrl?: string;
  /** Photos the service owns, listed before the report's photo links (`content.photoUrls`). */
  photos?: readonly CapPhoto[];
  /** The number the public should call. */
  contact: string;
  /** CAP `expires` after `sent`; a Cancel's at most MAX_CANCEL_LIFETIME_MS (ALERT_CANCEL_EXPIRES_AFTER). */
  expiresAfterMs: number;
  /** Cancel only: whether the texts say the child was found or that the alert is withdrawn. */
  cancelReason?: CancelReason;
}

/**
 * The longest a Cancel stays in force (and on the feed): long enough for every hub to poll it and
 * withdraw the alert, short enough that the child's name leaves public view within two days.
 */
export const MAX_CANCEL_LIFETIME_MS = 48 * 3_600_000;

/** A wiring mistake, not a transient failure: retrying the same input cannot succeed. */
export class CapInputError extends Error {
  override name = 'CapInputError';
}

/** CAP 1.2: identifier and sender "MUST NOT include spaces, commas or restricted characters (< and &)". */
const CAP_TOKEN = /^[^\s,<&]+$/;

function requireToken(value: string, what: string): void {
  if (!CAP_TOKEN.test(value)) throw new CapInputError(`${what} must be non-empty without spaces, commas, < or & (got ${JSON.stringify(value)})`);
}

/** Where the API serves a CAP document; the feed's links and the `web` element use the same address. */
export function capDocumentUrl(webBaseUrl: string, messageId: string): string {
  return `${webBaseUrl.replace(/\/+$/, '')}/alerts/${encodeURIComponent(messageId)}.xml`;
}

function validate(input: CapMessageInput): void {
  const { step, references } = input;
  requireToken(step.messageId, 'identifier (step.messageId)');
  requireToken(input.sender, 'sender');
  requireToken(input.caseId, 'caseId');
  if (step.areas.length === 0) throw new CapInputError('a message needs at least one area');
  if (!(input.expiresAfterMs > 0)) throw new CapInputError('expiresAfterMs must be positive');
  if (step.msgType === 'Cancel' && input.expiresAfterMs > MAX_CANCEL_LIFETIME_MS) throw new CapInputError('a Cancel expires within 48 h of its sent');
  if (input.contact.trim() === '') throw new CapInputError('contact is required');
  for (const photo of input.photos ?? []) {
    if (!/^[0-9a-f]{40}$/.test(photo.digest)) throw new CapInputError(`photo digest must be a SHA-1 in lowercase hex (got ${JSON.stringify(photo.digest)})`);
    if (!(Number.isInteger(photo.size) && photo.size > 0)) throw new CapInputError(`photo size must be a positive integer (got ${photo.size})`);
  }
  if (step.msgType === 'Alert' && references.length > 0) throw new CapInputError('an Alert has no earlier message to reference');
  if (step.msgType !== 'Alert' && references.length === 0) throw new CapInputError(`an ${step.msgType} must reference the earlier messages`);
  const ids = references.map((r) => r.messageId);
  ids.forEach((id) => requireToken(id, 'referenced identifier'));
  if (new Set(ids).size !== ids.length) throw new CapInputError('references repeat a message');
  if (ids.includes(step.messageId)) throw new CapInputError('a message cannot reference itself');
}

/** The CAP `areaDesc` of one area in one language; the public alert page writes the same words. */
export function areaDescription(area: AlertStep['areas'][number], language: AlertLanguage, content: Pick<PublicAlertContent, 'lastSeen'>, country: CountryArea): string {
  const texts = ALERT_TEXTS[language];
  if (area.kind === 'national') return texts.nationalArea(countryName(country, language));
  if (area.radiusKm === null) throw new CapInputError(`radius area ${area.index} has no radius`);
  return texts.radiusArea(area.radiusKm, circlePlaceName(area.centre, content.lastSeen));
}

function areaElement(area: AlertStep['areas'][number], language: AlertLanguage, input: CapMessageInput): XmlElement {
  const desc = el('areaDesc', areaDescription(area, language, input.content, input.country));
  if (area.kind === 'national') return el('area', [desc, el('polygon', capPolygon(input.country))]);
  return el('area', [desc, el('circle', capCircle(area.centre, area.radiusKm!))]);
}

/** Photo links only: CAP receivers fetch them themselves. The type is guessed from the extension. */
function photoResource(uri: string, description: string): XmlElement {
  const extension = uri.split(/[?#]/)[0].toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const mimeType =
    ({ jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' } as Record<string, string>)[extension ?? ''] ??
    'application/octet-stream';
  return el('resource', [el('resourceDesc', description), el('mimeType', mimeType), el('uri', uri)]);
}

/** A photo the service serves: CAP 1.2 order resourceDesc, mimeType, size, uri, digest. */
function ownedPhotoResource(photo: CapPhoto, description: string): XmlElement {
  return el('resource', [el('resourceDesc', description), el('mimeType', photo.mimeType), el('size', String(photo.size)), el('uri', photo.uri), el('digest', photo.digest)]);
}

function infoElement(input: CapMessageInput, language: AlertLanguage): XmlElement {
  const texts = ALERT_TEXTS[language];
  const { step, content } = input;
  const cancel = step.msgType === 'Cancel';
  const assessment = cancel ? CANCEL_ASSESSMENT : RISK_ASSESSMENT[input.risk];
  const name = displayName(content);
  const reason = input.cancelReason ?? 'withdrawn';
  const words = cancel ? null : publicAlertTexts(content, language, input.contact);
  return el('info', [
    el('language', language),
    el('category', CAP_CATEGORY_RESCUE),
    el('event', words?.event ?? texts.event(content.abducted)),
    el('responseType', assessment.responseType),
    el('urgency', assessment.urgency),
    el('severity', assessment.severity),
    el('certainty', assessment.certainty),
    el('effective', toCapDateTime(step.sentAt)),
    // The subject event began when the child was last seen; a Cancel no longer describes it.
    cancel ? undefined : el('onset', toCapDateTime(content.lastSeen.at)),
    el('expires', toCapDateTime(addMs(step.sentAt, input.expiresAfterMs))),
    el('senderName', texts.senderName),
    el('headline', words ? words.headline : texts.cancelHeadline(name, reason)),
    // A Cancel says only what is withdrawn: the name, never the child's description or the suspect.
    words ? el('description', words.description) : undefined,
    el('instruction', words ? words.instruction : texts.cancelInstruction(input.contact)),
    el('web', input.webUrl ?? capDocumentUrl(input.webBaseUrl, step.messageId)),
    el('contact', input.contact),
    // A Cancel carries the name only: no photo.
    ...(words ? (input.photos ?? []).map((photo) => ownedPhotoResource(photo, words.photoDescription)) : []),
    ...(words ? content.photoUrls.map((uri) => photoResource(uri, words.photoDescription)) : []),
    ...step.areas.map((area) => areaElement(area, language, input)),
  ]);
}

/** The CAP `note` of a Cancel: why every earlier message is void (the child's condition is never said). */
const CANCEL_NOTE: Record<CancelReason, string> = {
  found: 'The child has been found. This message cancels every earlier message of the incident.',
  withdrawn: 'The alert is withdrawn. This message cancels every earlier message of the incident.',
};

export function buildCapMessage(input: CapMessageInput): string {
  validate(input);
  const { step } = input;
  const languages = [...new Set(input.languages ?? DEFAULT_ALERT_LANGUAGES)];
  if (languages.length === 0) throw new CapInputError('at least one language is required');
  const references = input.references.map((r) => `${input.sender},${r.messageId},${toCapDateTime(r.sentAt)}`).join(' ');
  const alert = el(
    'alert',
    [
      el('identifier', step.messageId),
      el('sender', input.sender),
      el('sent', toCapDateTime(step.sentAt)),
      el('status', 'Actual'),
      el('msgType', step.msgType),
      el('scope', 'Public'),
      step.msgType === 'Cancel' ? el('note', CANCEL_NOTE[input.cancelReason ?? 'withdrawn']) : undefined,
      references === '' ? undefined : el('references', references),
      // The case id groups the messages of one incident; it is an opaque id, nothing personal.
      el('incidents', input.caseId),
      ...languages.map((language) => infoElement(input, language)),
    ],
    [['xmlns', CAP_NAMESPACE]],
  );
  return renderXmlDocument(alert);
}
