/**
 * The photos a case's report came with, as the service stores and serves them (`case_photos`): the
 * re-encoded bytes, their size and SHA-1 for the CAP `<resource>`, and a random public reference.
 * Intake writes them in its transaction with the case rows; the purge deletes them with the report.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from './client';
import { casePhotos } from './schema';

/** A photo ready to be stored: already checked and re-encoded (api/cases/photo-upload.ts). */
export interface ProcessedPhoto {
  mimeType: string;
  bytes: Buffer;
  /** SHA-1 of `bytes`, lowercase hex. */
  sha1: string;
  width: number;
  height: number;
  /** SHA-256 of the file as uploaded, lowercase hex: recognises a retried intake. */
  sourceSha256: string;
}

type Executor = Pick<Database, 'insert'>;

/** 16 random bytes, base64url: 22 characters, nothing derived from the case. */
export const newPhotoRef = (): string => randomBytes(16).toString('base64url');

export async function insertCasePhotos(tx: Executor, caseId: string, photos: readonly ProcessedPhoto[]): Promise<void> {
  if (photos.length === 0) return;
  await tx.insert(casePhotos).values(
    photos.map((photo, position) => ({
      photoRef: newPhotoRef(),
      caseId,
      position,
      mimeType: photo.mimeType,
      bytes: photo.bytes,
      size: photo.bytes.length,
      sha1: photo.sha1,
      width: photo.width,
      height: photo.height,
      sourceSha256: photo.sourceSha256,
    })),
  );
}

/** What the CAP builder and the alert page need of a case's photos, in upload order (no bytes). */
export async function casePhotoRefs(db: Pick<Database, 'select'>, caseId: string) {
  return db
    .select({ photoRef: casePhotos.photoRef, mimeType: casePhotos.mimeType, size: casePhotos.size, sha1: casePhotos.sha1, width: casePhotos.width, height: casePhotos.height })
    .from(casePhotos)
    .where(eq(casePhotos.caseId, caseId))
    .orderBy(asc(casePhotos.position));
}

/** The uploaded files' digests, in order: an intake retry must bring the same files. */
export async function casePhotoSources(db: Pick<Database, 'select'>, caseId: string): Promise<string[]> {
  const rows = await db.select({ source: casePhotos.sourceSha256 }).from(casePhotos).where(eq(casePhotos.caseId, caseId)).orderBy(asc(casePhotos.position));
  return rows.map((r) => r.source);
}

/** One photo, for GET /p/:ref (served only while its case's alert is active). */
export async function photoToServe(db: Pick<Database, 'select'>, photoRef: string) {
  const [row] = await db
    .select({ caseId: casePhotos.caseId, bytes: casePhotos.bytes, mimeType: casePhotos.mimeType, sha1: casePhotos.sha1 })
    .from(casePhotos)
    .where(eq(casePhotos.photoRef, photoRef));
  return row;
}

/** One photo of a case by its upload position, for the staff who may read the report. */
export async function casePhotoAt(db: Pick<Database, 'select'>, caseId: string, position: number) {
  const [row] = await db
    .select({ bytes: casePhotos.bytes, mimeType: casePhotos.mimeType })
    .from(casePhotos)
    .where(and(eq(casePhotos.caseId, caseId), eq(casePhotos.position, position)));
  return row;
}
