import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { tenantPatch } from './tenants.schemas.ts';
import { LOGO_MAX_BYTES, logoContentTypes, presentTenant, setLogo, updateTenant } from './tenants.service.ts';
import { noContent } from '../../../common/contracts/common.ts';
import { tenant as tenantContract } from '../../../common/contracts/tenants.ts';

export async function tenantRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tenants'];
  const params = z.object({ tenant: z.string().max(64) });

  // logo uploads arrive as raw image bodies
  app.addContentTypeParser(logoContentTypes, { parseAs: 'buffer', bodyLimit: LOGO_MAX_BYTES }, (_req, body, done) => done(null, body));

  r.get(
    '/api/v1/tenants/:tenant',
    { config: { permission: 'tenant.read' }, schema: { tags, summary: 'Settings of one municipality', response: { 200: tenantContract }, params } },
    async (req) => {
      return presentTenant(req.tenant);
    },
  );

  r.patch(
    '/api/v1/tenants/:tenant',
    {
      config: { permission: 'tenant.manage' },
      schema: { tags, summary: 'Change settings of one municipality', response: { 200: tenantContract }, params, body: tenantPatch },
    },
    async (req) => {
      return updateTenant(deps.db, actorOf(req), req.tenant, req.body);
    },
  );

  r.put(
    '/api/v1/tenants/:tenant/logo',
    {
      config: { permission: 'tenant.manage' },
      bodyLimit: LOGO_MAX_BYTES,
      schema: { tags, summary: 'Upload the logo (PNG, JPEG or WebP, at most 512 KB, raw body)', response: { 204: noContent }, params },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new AppError('unsupported_media_type', `Send the image as the raw body with Content-Type ${logoContentTypes.join(', ')}.`);
      await setLogo(deps.db, actorOf(req), req.tenant, String(req.headers['content-type']).split(';')[0], req.body);
      return reply.status(204).send();
    },
  );

  r.delete(
    '/api/v1/tenants/:tenant/logo',
    { config: { permission: 'tenant.manage' }, schema: { tags, summary: 'Remove the logo', response: { 204: noContent }, params } },
    async (req, reply) => {
      await setLogo(deps.db, actorOf(req), req.tenant, '', null);
      return reply.status(204).send();
    },
  );
}
