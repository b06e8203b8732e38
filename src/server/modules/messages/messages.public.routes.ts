// Public: the attachments of a sent message, linked from the portal's news and from the message's e-mail.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { create as contentDisposition } from 'content-disposition';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { findTenantBySlug } from '../tenants/index.ts';
import { publicAttachment } from './attachments.service.ts';

const params = z.object({ tenant: z.string().max(64), id: z.string().max(64), attachmentId: z.string().max(64) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function messagePublicRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/m/:tenant/news/:id/attachments/:attachmentId', { schema: { hide: true, params } }, async (req, reply) => {
    const { id, attachmentId } = req.params;
    const tenant = UUID.test(id) && UUID.test(attachmentId) ? await findTenantBySlug(deps.db, req.params.tenant) : null;
    const file = tenant ? await publicAttachment(deps, tenant.id, id, attachmentId) : null;
    if (!file) throw notFound('This attachment');
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition(file.filename, { type: file.contentType === 'application/pdf' ? 'attachment' : 'inline' }))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=3600')
      .send(file.data);
  });
}
