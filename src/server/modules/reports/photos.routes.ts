// Report photos over HTTP: staff load any photo of a report (pending ones to review them), everyone else only approved
// ones at /m/{tenant}/reports/photos/{id}.jpg. A rejected photo must leave caches, so public copies are stored but
// revalidated on every use (the ETag makes that a cheap 304 while the photo stays approved).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { binaryFile } from '../../../common/contracts/common.ts';
import type { AppDeps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { sendWithEtag } from '../../platform/etag.ts';
import { declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import { findTenantBySlug } from '../tenants/index.ts';
import { type PhotoSize, publicPhoto, type StoredPhoto, staffPhoto } from './photos.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PUBLIC_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(-thumb)?\.jpg$/;

const staffParams = z.object({
  tenant: z.string().max(64),
  id: z.uuid('must be a report id'),
  photoId: z.uuid('must be a photo id'),
});
const staffQuery = z.strictObject({ size: z.enum(['full', 'thumb']).default('full') });
const publicParams = z.object({ tenant: z.string().max(64), file: z.string().max(64) });
const jpeg = { description: 'The photo as stored: JPEG without metadata', content: { 'image/jpeg': { schema: binaryFile } } };

/** The ETag of a stored copy: its bytes never change, only whether it may be shown. */
const etagOf = (photo: StoredPhoto, size: PhotoSize) => `"${photo.id}-${size}-${photo.status}"`;

export async function reportPhotoRoutes(app: FastifyInstance, deps: AppDeps) {
  declareTenantRoutes(
    app,
    ['reports'],
    [
      route(
        'GET /reports/:id/photos/:photoId',
        'reports.read',
        {
          summary: "A report's photo in any review status (`size=thumb` for the thumbnail)",
          params: staffParams,
          querystring: staffQuery,
          response: { 200: jpeg },
        },
        async (req, reply) => {
          const photo = await staffPhoto(deps, req.tenant.id, req.params.id, req.params.photoId, req.query.size);
          if (!photo) throw notFound('This photo');
          return reply.type('image/jpeg').header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(photo.bytes);
        },
      ),
    ],
  );
}

export async function reportPhotoPublicRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/m/:tenant/reports/photos/:file', { schema: { hide: true, params: publicParams, response: { 200: jpeg } } }, async (req, reply) => {
    const file = PUBLIC_FILE.exec(req.params.file);
    const tenant = file && SLUG.test(req.params.tenant) ? await findTenantBySlug(deps.db, req.params.tenant) : null;
    const size: PhotoSize = file?.[2] ? 'thumb' : 'full';
    const photo = tenant && file ? await publicPhoto(deps, tenant.id, file[1], size) : null;
    // unknown, pending and rejected look the same: nobody learns that a photo awaits review
    if (!photo) return reply.callNotFound();
    return sendPublic(req, reply, photo, size);
  });
}

function sendPublic(req: FastifyRequest, reply: FastifyReply, photo: StoredPhoto, size: PhotoSize) {
  const etag = etagOf(photo, size);
  const headers = { 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'", 'cache-control': 'public, no-cache' };
  return sendWithEtag(req, reply, { body: photo.bytes, etag }, 'image/jpeg', headers);
}
