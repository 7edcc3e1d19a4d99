/**
 * Photos uploaded with a report (`POST /cases` as `multipart/form-data`): a `report` part holding the
 * same JSON as the JSON-only form, and up to PHOTOS_MAX `photos` file parts. Each file is checked by
 * its content, never by its name or declared type: its magic bytes must be JPEG, PNG or WebP, and
 * sharp must read it as that same format within PHOTO_MAX_BYTES and PHOTO_MAX_INPUT_PIXELS. It is then
 * re-encoded as a JPEG (auto-rotated, at most PHOTO_MAX_EDGE pixels a side, transparency on white):
 * sharp writes no metadata block unless asked, so EXIF (a phone's GPS position, its serial number),
 * XMP, IPTC and comments are gone; what is stored and served is only the new file.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import busboy from 'busboy';
import sharp from 'sharp';
import type { ProcessedPhoto } from '../../db/case-photos';
import { HttpProblem, validationProblem, type FieldProblem } from '../problem';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTOS_MAX = 5;
/** Larger photos are scaled down: enough for a phone screen and a share preview, small to serve. */
export const PHOTO_MAX_EDGE = 1600;
/** A decompression bomb stops here (a 40-megapixel photo is already larger than any phone's). */
export const PHOTO_MAX_INPUT_PIXELS = 40_000_000;
const PHOTO_MIN_EDGE = 32;
/** The `report` part: the JSON body's own limit (express.json in api/app.ts). */
const REPORT_PART_MAX_BYTES = 256 * 1024;
/** Beyond this the request cannot be valid: refused before its body is read. */
const MULTIPART_MAX_BYTES = PHOTOS_MAX * PHOTO_MAX_BYTES + REPORT_PART_MAX_BYTES + 64 * 1024;

export const REPORT_PART = 'report';
export const PHOTOS_PART = 'photos';

export type ImageFormat = 'jpeg' | 'png' | 'webp';
/** The media types of the formats accepted, for the console's file picker. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The format the first bytes say, or null: JPEG `FF D8 FF`, PNG's 8-byte signature, `RIFF....WEBP`. */
export function sniffImageFormat(bytes: Buffer): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

const sha = (algorithm: 'sha1' | 'sha256', bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

/** Checks one uploaded file and re-encodes it; a refusal is a FieldProblem on `field`. */
export async function processPhoto(bytes: Buffer, field: string): Promise<ProcessedPhoto | FieldProblem> {
  const format = sniffImageFormat(bytes);
  if (!format) return { field, reason: 'must be a JPEG, PNG or WebP image (checked by its content)' };
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: PHOTO_MAX_INPUT_PIXELS }).metadata();
  } catch {
    return { field, reason: `is not a readable ${format.toUpperCase()} image` };
  }
  if (metadata.format !== format) return { field, reason: `is not a readable ${format.toUpperCase()} image` };
  const { width = 0, height = 0 } = metadata;
  if (width * height > PHOTO_MAX_INPUT_PIXELS) return { field, reason: `has more than ${PHOTO_MAX_INPUT_PIXELS / 1_000_000} million pixels` };
  if (width < PHOTO_MIN_EDGE || height < PHOTO_MIN_EDGE) return { field, reason: `must be at least ${PHOTO_MIN_EDGE} pixels on each side` };
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: PHOTO_MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: PHOTO_MAX_EDGE, height: PHOTO_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { mimeType: 'image/jpeg', bytes: data, sha1: sha('sha1', data), width: info.width, height: info.height, sourceSha256: sha('sha256', bytes) };
  } catch {
    return { field, reason: `is not a readable ${format.toUpperCase()} image` };
  }
}

export async function processPhotos(files: readonly Buffer[]): Promise<ProcessedPhoto[]> {
  const results = await Promise.all(files.map((bytes, i) => processPhoto(bytes, `${PHOTOS_PART}.${i}`)));
  const refused = results.filter((r): r is FieldProblem => 'reason' in r);
  if (refused.length > 0) throw validationProblem(refused, 'a photo was refused; nothing was stored');
  return results as ProcessedPhoto[];
}

export interface MultipartReport {
  /** The `report` part, parsed as JSON (validated by the caller like a JSON body). */
  report: unknown;
  files: Buffer[];
}

const tooLarge = (detail: string, errors?: FieldProblem[]) => new HttpProblem(413, 'Content Too Large', detail, errors ? { errors } : {});

/**
 * Reads the whole multipart body into memory (bounded: at most PHOTOS_MAX files of PHOTO_MAX_BYTES
 * and one report part). A file over the limit is read to its end and dropped, so the answer (413)
 * reaches a client that is still sending.
 */
export function readMultipartReport(req: Request): Promise<MultipartReport> {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > MULTIPART_MAX_BYTES) {
    return Promise.reject(tooLarge(`the body is larger than ${Math.floor(MULTIPART_MAX_BYTES / 1024 / 1024)} MB`));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: PHOTO_MAX_BYTES, files: PHOTOS_MAX, fields: 1, fieldSize: REPORT_PART_MAX_BYTES, parts: PHOTOS_MAX + 2 },
      });
    } catch {
      reject(new HttpProblem(400, 'Bad Request', 'the multipart body has no boundary'));
      return;
    }
    const problems: FieldProblem[] = [];
    const oversized: FieldProblem[] = [];
    const files: Buffer[] = [];
    let report: string | undefined;
    let reportTruncated = false;
    let fileIndex = 0;
    let failed: HttpProblem | undefined;
    let openFiles = 0;
    let parserClosed = false;

    parser.on('field', (name, value, info) => {
      if (name !== REPORT_PART) return void problems.push({ field: name, reason: `unknown part (expected "${REPORT_PART}" and "${PHOTOS_PART}")` });
      if (info.valueTruncated) reportTruncated = true;
      report = value;
    });
    parser.on('file', (name, stream) => {
      const index = fileIndex++;
      if (name !== PHOTOS_PART) {
        problems.push({ field: name, reason: `unknown part (expected "${REPORT_PART}" and "${PHOTOS_PART}")` });
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let truncated = false;
      openFiles++;
      stream.on('data', (chunk: Buffer) => {
        if (!truncated) chunks.push(chunk);
      });
      stream.on('limit', () => {
        truncated = true;
        chunks.length = 0;
        oversized.push({ field: `${PHOTOS_PART}.${index}`, reason: `is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MB` });
      });
      stream.on('end', () => {
        if (!truncated) files[index] = Buffer.concat(chunks);
        openFiles--;
        finish();
      });
    });
    parser.on('filesLimit', () => problems.push({ field: PHOTOS_PART, reason: `at most ${PHOTOS_MAX} photos` }));
    parser.on('partsLimit', () => problems.push({ field: '(body)', reason: `at most ${PHOTOS_MAX} photos and one report` }));
    parser.on('fieldsLimit', () => problems.push({ field: REPORT_PART, reason: 'only one report part' }));
    parser.on('error', () => {
      failed = new HttpProblem(400, 'Bad Request', 'the multipart body could not be read');
      req.unpipe(parser);
      req.resume();
      reject(failed);
    });
    parser.on('close', () => {
      parserClosed = true;
      finish();
    });
    function finish(): void {
      if (failed || !parserClosed || openFiles > 0) return;
      if (reportTruncated) return reject(tooLarge(`the report part is larger than ${REPORT_PART_MAX_BYTES / 1024} KB`, [{ field: REPORT_PART, reason: 'is too large' }]));
      if (oversized.length > 0) return reject(tooLarge('a photo is too large; nothing was stored', oversized));
      if (problems.length > 0) return reject(validationProblem(problems));
      if (report === undefined) return reject(validationProblem([{ field: REPORT_PART, reason: 'is required: the report as JSON' }]));
      let parsed: unknown;
      try {
        parsed = JSON.parse(report);
      } catch {
        return reject(new HttpProblem(400, 'Bad Request', 'the report part is not valid JSON'));
      }
      resolve({ report: parsed, files: files.filter((f) => f !== undefined) });
    }
    req.pipe(parser);
  });
}
