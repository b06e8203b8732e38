// Report photos as they are stored: the type is sniffed from the bytes (never from a file name or a declared type),
// decompression bombs are refused before decoding, and every stored copy is a JPEG turned upright and written again
// without any metadata (camera, GPS position, author): the report's pin is its location, not the photo's EXIF.
// Staff read a photo in any review status; everyone else only an approved one.
import { and, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { REPORT_PHOTO_LIMITS } from '../../../common/report-settings.ts';
import type { ReportPhotoStatus } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { reportPhotos, reports } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { loadSharp } from '../../platform/images.ts';

export interface PreparedPhoto {
  contentType: 'image/jpeg';
  width: number;
  height: number;
  /** Bytes of `data`. */
  size: number;
  data: Buffer;
  thumb: Buffer;
}

/** Why a photo was refused: the field error's `code`, for the portal and the console to say in the user's language. */
export const PHOTO_REJECTIONS = ['empty', 'not_an_image', 'heic_unsupported', 'too_large', 'too_many_pixels'] as const;
export type PhotoRejection = (typeof PHOTO_REJECTIONS)[number];

/** About 40 megapixels: more than any phone camera takes, less than a decoded bomb may cost in memory. */
export const PHOTO_MAX_PIXELS = 40_000_000;
const QUALITY = 80;
const THUMB_QUALITY = 70;
/** A crafted file must not hold a worker thread: decoding a phone photo takes well under a second. */
const DECODE_SECONDS = 20;

const DECODABLE = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'];
/** HEIF containers: decodable only when this sharp build has the codec inside (prebuilt sharp reads AV1, not HEVC). */
const HEIF = ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'];

const DETAIL: Record<PhotoRejection, string> = {
  empty: 'is empty',
  not_an_image: 'is not a JPEG, PNG, WebP, GIF or HEIC image',
  heic_unsupported: 'is a HEIC image this server cannot read; send it as JPEG (most phones offer "most compatible")',
  too_large: `is larger than ${REPORT_PHOTO_LIMITS.bytes / 1024 / 1024} MB`,
  too_many_pixels: `has more than ${PHOTO_MAX_PIXELS / 1_000_000} megapixels`,
};

const PARAMS: Partial<Record<PhotoRejection, Record<string, unknown>>> = {
  too_large: { maximum: REPORT_PHOTO_LIMITS.bytes },
  too_many_pixels: { maximum: PHOTO_MAX_PIXELS },
};

/** The validation error for photo number `index` (0-based), with the reason as field code and in `reason`. */
export function photoError(reason: PhotoRejection, index = 0): AppError {
  const params = PARAMS[reason];
  return new AppError(
    'validation_failed',
    'The request has invalid fields.',
    [{ pointer: `/photos/${index}`, detail: DETAIL[reason], code: reason, ...(params ? { params } : {}) }],
    { reason },
  );
}

/** The reason a photo was refused, when `err` is such a refusal (for a form that shows it next to the file input). */
export function photoRejectionOf(err: unknown): PhotoRejection | null {
  if (!(err instanceof AppError) || err.code !== 'validation_failed') return null;
  const code = err.errors[0]?.code;
  return err.errors[0]?.pointer.startsWith('/photos/') && PHOTO_REJECTIONS.includes(code as PhotoRejection) ? (code as PhotoRejection) : null;
}

/** Width and height as the header says (cheap: nothing is decoded), or null when sharp cannot read the header. */
async function headerSize(bytes: Buffer): Promise<{ width: number; height: number } | null> {
  const sharp = await loadSharp();
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    return meta.width && meta.height ? { width: meta.width, height: meta.height } : null;
  } catch {
    return null;
  }
}

/**
 * A photo as a report stores it: JPEG, upright by its EXIF orientation, long edge at most
 * REPORT_PHOTO_LIMITS.longEdgePx (never enlarged), no metadata at all, and a thumbnail. `index` names the photo in the
 * error's pointer (`/photos/<index>`). Throws AppError validation_failed with a PhotoRejection code.
 */
export async function preparePhoto(bytes: Buffer, index = 0): Promise<PreparedPhoto> {
  if (!bytes.length) throw photoError('empty', index);
  if (bytes.length > REPORT_PHOTO_LIMITS.bytes) throw photoError('too_large', index);
  const type = await fileTypeFromBuffer(bytes);
  const heif = !!type && HEIF.includes(type.mime);
  if (!type || (!heif && !DECODABLE.includes(type.mime))) throw photoError('not_an_image', index);
  const size = await headerSize(bytes);
  if (!size) throw photoError(heif ? 'heic_unsupported' : 'not_an_image', index);
  if (size.width * size.height > PHOTO_MAX_PIXELS) throw photoError('too_many_pixels', index);
  const sharp = await loadSharp();
  try {
    // the first frame (GIF, HEIF sequences) only; limitInputPixels again in case the header lied; sharp converts to
    // sRGB by the embedded profile and then drops every metadata block, as no withMetadata/keepExif is called
    const edge = REPORT_PHOTO_LIMITS.longEdgePx;
    const { data, info } = await sharp(bytes, { limitInputPixels: PHOTO_MAX_PIXELS, pages: 1, failOn: 'error' })
      .rotate()
      .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: QUALITY, mozjpeg: true })
      .timeout({ seconds: DECODE_SECONDS })
      .toBuffer({ resolveWithObject: true });
    const thumbEdge = REPORT_PHOTO_LIMITS.thumbEdgePx;
    const thumb = await sharp(data)
      .resize({ width: thumbEdge, height: thumbEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: THUMB_QUALITY, mozjpeg: true })
      .toBuffer();
    return { contentType: 'image/jpeg', width: info.width, height: info.height, size: data.length, data, thumb };
  } catch {
    // the header was readable but the image is not (truncated, corrupt, or a HEVC HEIC without the codec)
    throw photoError(heif ? 'heic_unsupported' : 'not_an_image', index);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading stored photos

export type PhotoSize = 'full' | 'thumb';

export interface StoredPhoto {
  id: string;
  status: ReportPhotoStatus;
  bytes: Buffer;
}

const pick = (size: PhotoSize) => ({
  id: reportPhotos.id,
  status: reportPhotos.status,
  bytes: size === 'thumb' ? reportPhotos.thumb : reportPhotos.data,
});

/** A photo of the report, in any review status, for staff (null when the report has no such photo). */
export async function staffPhoto(deps: AppDeps, tenantId: string, reportId: string, photoId: string, size: PhotoSize): Promise<StoredPhoto | null> {
  const [row] = await deps.db.withTenant(tenantId, (tx) =>
    tx
      .select(pick(size))
      .from(reportPhotos)
      .where(and(eq(reportPhotos.reportId, reportId), eq(reportPhotos.id, photoId)))
      .limit(1),
  );
  return row ?? null;
}

/** An approved photo of one of the tenant's reports, for everyone; null for unknown, pending and rejected alike. */
export async function publicPhoto(deps: AppDeps, tenantId: string, photoId: string, size: PhotoSize): Promise<StoredPhoto | null> {
  const [row] = await deps.db.withTenant(tenantId, (tx) =>
    tx
      .select(pick(size))
      .from(reportPhotos)
      .innerJoin(reports, and(eq(reports.tenantId, reportPhotos.tenantId), eq(reports.id, reportPhotos.reportId)))
      .where(and(eq(reportPhotos.id, photoId), eq(reportPhotos.status, 'approved')))
      .limit(1),
  );
  return row ?? null;
}

/** Where the portal (and Open311 media_url) shows an approved photo. */
export const publicPhotoUrl = (publicUrl: string, tenantSlug: string, photoId: string, size: PhotoSize = 'full') =>
  `${publicUrl}/m/${tenantSlug}/reports/photos/${photoId}${size === 'thumb' ? '-thumb' : ''}.jpg`;

/** Where the console loads a photo of a report (any review status). */
export const staffPhotoPath = (tenantSlug: string, reportId: string, photoId: string, size: PhotoSize = 'full') =>
  `/api/v1/tenants/${tenantSlug}/reports/${reportId}/photos/${photoId}${size === 'thumb' ? '?size=thumb' : ''}`;
