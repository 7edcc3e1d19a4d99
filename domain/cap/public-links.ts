/**
 * The public addresses of a case: its alert page (the CAP `web` link, what people share) and the
 * photos the service serves. Both are built from random references, never from the case id or
 * anything personal, so a link says nothing about the case and no other case's link can be guessed.
 */

/** A case's public reference: 32 lowercase hex digits (a random UUID's, drawn by PostgreSQL). */
export const PUBLIC_REF_PATTERN = /^[0-9a-f]{32}$/;
/** A photo's reference: 22 base64url characters (16 random bytes). */
export const PHOTO_REF_PATTERN = /^[A-Za-z0-9_-]{22}$/;

const base = (webBaseUrl: string) => webBaseUrl.replace(/\/+$/, '');

/** `https://alerts.example/a/<ref>`: the public alert page. */
export function alertPageUrl(webBaseUrl: string, publicRef: string): string {
  return `${base(webBaseUrl)}/a/${encodeURIComponent(publicRef)}`;
}

/** `https://alerts.example/p/<photoRef>.jpg`: a photo the service owns (always re-encoded as JPEG). */
export function photoUrl(webBaseUrl: string, photoRef: string): string {
  return `${base(webBaseUrl)}/p/${encodeURIComponent(photoRef)}.jpg`;
}
