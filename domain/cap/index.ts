/** The pure CAP 1.2 / Atom core of alert delivery: no I/O here; activities and the API wire it in. */
export { toPublicAlertContent, splitFullName, formatCoordinates } from './public-content';
export type { PublicAlertContent, PublicPhysicalDescription, PublicSuspect } from './public-content';
export { publicAlertTexts } from './public-texts';
export type { PublicAlertTexts } from './public-texts';
export { circlePlaceName } from './cap-area';
export { buildCapMessage, capDocumentUrl, areaDescription, CapInputError, MAX_CANCEL_LIFETIME_MS } from './cap-message';
export type { CapMessageInput, CapPhoto, CapReference } from './cap-message';
export { alertPageUrl, photoUrl, PUBLIC_REF_PATTERN, PHOTO_REF_PATTERN } from './public-links';
export { localTime, displayName } from './texts/alert-texts';
export { ALERT_TEXTS } from './alert-languages';
export { buildAtomFeed, ATOM_NAMESPACE, CAP_MEDIA_TYPE } from './atom-feed';
export type { AtomFeedEntry, AtomFeedInput } from './atom-feed';
export { parseAlertLanguages, isAlertLanguage, DEFAULT_ALERT_LANGUAGES, SUPPORTED_ALERT_LANGUAGES } from './alert-languages';
export type { AlertLanguage } from './alert-languages';
export { RISK_ASSESSMENT, CANCEL_ASSESSMENT, CAP_NAMESPACE } from './cap-vocabulary';
export { toCapDateTime } from './cap-datetime';
export type { CancelReason } from './texts/alert-texts';
