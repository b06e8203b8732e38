// Report photos: the type comes from the bytes, every stored copy is an upright JPEG without any metadata (no EXIF, no
// GPS position, no ICC/XMP/IPTC), resized and never enlarged; bombs, non-images and oversized files are refused with
// a reason; staff load any photo, the public only approved ones, and unknown and unapproved look the same.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { testActor } from '../../../../test/helpers/factories.ts';
import { pointersOf } from '../../../../test/helpers/rejection.ts';
import { REPORT_PHOTO_LIMITS } from '../../../common/report-settings.ts';
import { reportCategories, reportPhotos, reports } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { type PreparedPhoto, photoRejectionOf, preparePhoto, publicPhotoUrl } from './photos.ts';
import { reviewPhoto } from './reports.service.ts';

/** An image of one colour (sharp's blank canvas), to encode in the format a test is about. */
const solid = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } });

/** Red left half, blue right half: after a quarter turn clockwise red is on top. */
async function halves(width: number, height: number) {
  const left = await solid(width / 2, height, '#ff0000')
    .png()
    .toBuffer();
  return solid(width, height, '#0000ff').composite([{ input: left, left: 0, top: 0 }]);
}

/** A phone photo: EXIF with camera and GPS position, orientation 6 (turn clockwise to view), a P3 ICC profile, XMP. */
async function phoneJpeg(width = 3200, height = 1600) {
  const flat = await (await halves(width, height)).png().toBuffer();
  return sharp(flat)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Civiphone', Model: 'C1', Artist: 'Erika Mustermann' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 5678/100' },
    })
    .withMetadata({ orientation: 6 })
    .withIccProfile('p3')
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
    .toBuffer();
}

const GPS_IFD_TAG = Buffer.from([0x25, 0x88]); // tag 0x8825 (GPSInfo) as an Intel-order EXIF stores it

async function expectClean(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  expect(meta.format).toBe('jpeg');
  expect(meta.exif).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
  expect(bytes.includes(Buffer.from('Civiphone', 'latin1'))).toBe(false);
  return meta;
}

async function pixel(bytes: Buffer, x: number, y: number) {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at], data[at + 1], data[at + 2]];
}

async function refusal(bytes: Buffer, index?: number) {
  const err = await preparePhoto(bytes, index).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.code).toBe('validation_failed');
  return { reason: photoRejectionOf(e), pointer: e.errors[0]?.pointer, detail: e.errors[0]?.detail };
}

describe('preparePhoto', () => {
  it('stores a phone photo upright, resized, as JPEG, with no EXIF, GPS, ICC, XMP or IPTC in the copy or the thumb', async () => {
    const input = await phoneJpeg();
    const before = await sharp(input).metadata();
    expect(before.exif?.includes(GPS_IFD_TAG)).toBe(true);
    expect(before.exif?.includes(Buffer.from('Civiphone', 'latin1'))).toBe(true);
    expect(before.orientation).toBe(6);
    expect(before.icc).toBeDefined();
    expect(before.xmp).toBeDefined();

    const photo = await preparePhoto(input);
    expect(photo).toMatchObject({ contentType: 'image/jpeg', width: 800, height: 1600, size: photo.data.length });
    const full = await expectClean(photo.data);
    expect([full.width, full.height]).toEqual([800, 1600]);
    const thumb = await expectClean(photo.thumb);
    expect([thumb.width, thumb.height]).toEqual([REPORT_PHOTO_LIMITS.thumbEdgePx / 2, REPORT_PHOTO_LIMITS.thumbEdgePx]);
    // turned a quarter clockwise: the red left half is now on top
    const [r1, , b1] = await pixel(photo.data, 400, 100);
    const [r2, , b2] = await pixel(photo.data, 400, 1500);
    expect(r1).toBeGreaterThan(200);
    expect(b1).toBeLessThan(60);
    expect(b2).toBeGreaterThan(200);
    expect(r2).toBeLessThan(60);
  });

  it('never enlarges a small photo', async () => {
    const small = await solid(300, 200, '#888888').jpeg().toBuffer();
    const photo = await preparePhoto(small);
    expect([photo.width, photo.height]).toEqual([300, 200]);
    expect((await sharp(photo.thumb).metadata()).width).toBe(300);
  });

  it('takes a PNG whatever it is called, as a JPEG on white where it was transparent', async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const photo = await preparePhoto(png);
    await expectClean(photo.data);
    expect(await pixel(photo.data, 20, 20)).toEqual([255, 255, 255]);
  });

  it('turns a CMYK JPEG (as scanners write) into an sRGB photo', async () => {
    const cmyk = await solid(50, 50, '#ff0000').toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const photo = await preparePhoto(cmyk);
    const meta = await expectClean(photo.data);
    expect([meta.space, meta.channels]).toEqual(['srgb', 3]);
  });

  it('takes WebP, and of an animated GIF the first frame', async () => {
    const webp = await solid(60, 30, '#00ff00').webp().toBuffer();
    expect((await preparePhoto(webp)).width).toBe(60);
    const frame = (c: string) => solid(40, 20, c).png().toBuffer();
    const gif = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const photo = await preparePhoto(gif);
    expect([photo.width, photo.height]).toEqual([40, 20]);
    const [r, , b] = await pixel(photo.data, 20, 10);
    expect(r).toBeGreaterThan(200);
    expect(b).toBeLessThan(60);
  });

  it('takes a HEIF image this server can decode, and refuses one it cannot with a hint to send JPEG', async () => {
    const avif = await solid(64, 48, '#00ff00').avif().toBuffer();
    const heic = Buffer.from(avif);
    heic.write('heic', 8, 'latin1'); // the iPhone's brand, with an AV1 picture inside
    expect((await preparePhoto(heic)).width).toBe(64);
    // an HEVC picture (as iPhones write) where this build of libheif has no HEVC decoder
    const hevc = Buffer.from(heic.toString('latin1').replaceAll('av01', 'hvc1').replaceAll('av1C', 'hvcC'), 'latin1');
    const refused = await refusal(hevc);
    expect(refused.reason).toBe('heic_unsupported');
    expect(refused.detail).toMatch(/JPEG/);
  });

  it('refuses a text file named .jpg, with the pointer of its position in the form', async () => {
    expect(await refusal(Buffer.from('Das ist kein Foto, nur Text.\n'), 2)).toEqual({
      reason: 'not_an_image',
      pointer: '/photos/2',
      detail: 'is not a JPEG, PNG, WebP, GIF or HEIC image',
    });
  });

  it('refuses a PDF and a broken JPEG', async () => {
    expect((await refusal(Buffer.from('%PDF-1.4\n%%EOF\n'))).reason).toBe('not_an_image');
    const jpeg = await solid(200, 200, '#123456').jpeg().toBuffer();
    expect((await refusal(jpeg.subarray(0, 200))).reason).toBe('not_an_image');
  });

  it('refuses an empty file', async () => {
    expect(await refusal(Buffer.alloc(0))).toMatchObject({ reason: 'empty', pointer: '/photos/0' });
  });

  it('refuses a file over the size limit before looking into it', async () => {
    const big = Buffer.concat([await phoneJpeg(200, 100), Buffer.alloc(REPORT_PHOTO_LIMITS.bytes)]);
    expect(await refusal(big)).toMatchObject({ reason: 'too_large', detail: 'is larger than 10 MB' });
  });

  it('refuses a decompression bomb (48 megapixels in a small PNG) without decoding it', async () => {
    const bomb = await solid(8000, 6000, '#000000').png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(REPORT_PHOTO_LIMITS.bytes);
    expect(await refusal(bomb)).toMatchObject({ reason: 'too_many_pixels' });
    // a small picture whose header claims 100,000 × 100,000 pixels
    const claim = await solid(80, 60, '#000000').png().toBuffer();
    claim.writeUInt32BE(100_000, 16);
    claim.writeUInt32BE(100_000, 20);
    claim.writeUInt32BE(crc32(claim.subarray(12, 29)), 29);
    expect((await refusal(claim)).reason).toBe('too_many_pixels');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Routes

let t: TestApp;
let viewer: Session;
let reportId: string;
let pending: string;
let approved: string;
let rejected: string;
let stored: PreparedPhoto;
const NO_SUCH = '00000000-0000-4000-8000-00000000abcd';
const staffUrl = (photoId: string, query = '') => `/api/v1/tenants/musterstadt/reports/${reportId}/photos/${photoId}${query}`;
const publicUrl = (photoId: string, thumb = false) => publicPhotoUrl('', 'musterstadt', photoId, thumb ? 'thumb' : 'full');
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  t = await createTestApp();
  viewer = await t.staffSession('viewer');
  stored = await preparePhoto(await phoneJpeg(800, 400));
  const tenantId = t.tenant.id;
  ({ reportId, pending, approved, rejected } = await t.deps.db.withTenant(tenantId, async (tx) => {
    const [category] = await tx.insert(reportCategories).values({ tenantId, code: 'strasse', name: 'Straßenschaden' }).returning();
    const [report] = await tx
      .insert(reports)
      .values({ tenantId, categoryId: category.id, description: 'Schlagloch', lat: 52.5, lng: 13.4, source: 'portal', contactKind: 'anonymous' })
      .returning();
    const photo = (position: number, status: 'pending' | 'approved' | 'rejected') => ({
      tenantId,
      reportId: report.id,
      position,
      status,
      contentType: stored.contentType,
      width: stored.width,
      height: stored.height,
      size: stored.size,
      data: stored.data,
      thumb: stored.thumb,
    });
    const rows = await tx
      .insert(reportPhotos)
      .values([photo(0, 'pending'), photo(1, 'approved'), photo(2, 'rejected')])
      .returning({ id: reportPhotos.id, status: reportPhotos.status });
    const idOf = (s: string) => rows.find((r) => r.status === s)!.id;
    return { reportId: report.id, pending: idOf('pending'), approved: idOf('approved'), rejected: idOf('rejected') };
  }));
});
afterAll(async () => {
  await t?.close();
});

describe('public photo route', () => {
  it('answers an approved photo as JPEG without metadata, not sniffable, revalidated on every use', async () => {
    const res = await get(publicUrl(approved));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(res.rawPayload.equals(stored.data)).toBe(true);
    await expectClean(res.rawPayload);
    const thumb = await get(publicUrl(approved, true));
    expect(thumb.statusCode).toBe(200);
    expect(thumb.rawPayload.equals(stored.thumb)).toBe(true);
    expect(thumb.headers.etag).not.toBe(res.headers.etag);
  });

  it('answers 304 to a cache that holds the approved photo', async () => {
    const first = await get(publicUrl(approved));
    const again = await get(publicUrl(approved), { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('answers pending, rejected and unknown photos with the same 404', async () => {
    const unknown = await get(publicUrl(NO_SUCH));
    expect(unknown.statusCode).toBe(404);
    for (const id of [pending, rejected]) {
      for (const thumb of [false, true]) {
        const res = await get(publicUrl(id, thumb));
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toBe(unknown.headers['content-type']);
        expect(res.body).toBe(unknown.body);
      }
    }
  });

  it('shows a photo once approved, and stops at the next revalidation once rejected', async () => {
    const reviewerId = await t.createStaff(t.tenant, 'pruefer@musterstadt.test', 'agent');
    const setStatus = (id: string, status: 'approved' | 'rejected') =>
      reviewPhoto(t.deps, testActor, { tenant: t.tenant, userId: reviewerId, role: 'agent' }, reportId, id, status);
    expect((await get(publicUrl(pending))).statusCode).toBe(404);
    await setStatus(pending, 'approved');
    const shown = await get(publicUrl(pending));
    expect(shown.statusCode).toBe(200);
    await setStatus(pending, 'rejected');
    expect((await get(publicUrl(pending), { 'if-none-match': String(shown.headers.etag) })).statusCode).toBe(404);
  });

  it("answers 404 for another municipality's slug and for file names that are not photo ids", async () => {
    await t.createTenant('andere-stadt', 'Andere Stadt');
    expect((await get(publicPhotoUrl('', 'andere-stadt', approved))).statusCode).toBe(404);
    expect((await get(publicPhotoUrl('', 'gibt-es-nicht', approved))).statusCode).toBe(404);
    for (const file of [`${approved}.png`, `${approved}`, `${approved}-thumb.jpeg`, '..%2f..%2fetc%2fpasswd.jpg', 'x.jpg'])
      expect((await get(`/m/musterstadt/reports/photos/${file}`)).statusCode, file).toBe(404);
  });
});

describe('staff photo route', () => {
  it('gives staff a photo in any review status, never cached', async () => {
    for (const id of [pending, approved, rejected]) {
      const res = await t.as(viewer, { method: 'GET', url: staffUrl(id) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      // the API's own onSend hook makes it a plain no-store, which says the same to every cache
      expect(res.headers['cache-control']).toMatch(/\bno-store\b/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.rawPayload.equals(stored.data)).toBe(true);
    }
    const thumb = await t.as(viewer, { method: 'GET', url: staffUrl(pending, '?size=thumb') });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.rawPayload.equals(stored.thumb)).toBe(true);
  });

  it('answers 404 for an unknown photo and for a photo of another report', async () => {
    expect((await t.as(viewer, { method: 'GET', url: staffUrl(NO_SUCH) })).statusCode).toBe(404);
    const other = `/api/v1/tenants/musterstadt/reports/${NO_SUCH}/photos/${approved}`;
    expect((await t.as(viewer, { method: 'GET', url: other })).statusCode).toBe(404);
  });

  it('refuses bad ids and unknown query fields with 400 naming them', async () => {
    const badId = await t.as(viewer, { method: 'GET', url: staffUrl('nicht-eine-id') });
    expect(badId.statusCode).toBe(400);
    expect(pointersOf(badId)).toContain('/params/photoId');
    const badSize = await t.as(viewer, { method: 'GET', url: staffUrl(approved, '?size=huge') });
    expect(badSize.statusCode).toBe(400);
    const unknown = await t.as(viewer, { method: 'GET', url: staffUrl(approved, '?width=10') });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('width');
  });

  it('asks who is there before answering', async () => {
    expect((await get(staffUrl(approved))).statusCode).toBe(401);
  });
});
