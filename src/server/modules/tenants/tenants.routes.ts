import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, MANAGER_ROLES } from '../../../common/roles.ts';
import { requireStaff } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { resolveTenantAccess } from '../../platform/tenancy.ts';
import { tenantPatch } from './tenants.schemas.ts';
import { LOGO_MAX_BYTES, logoContentTypes, presentTenant, setLogo, updateTenant } from './tenants.service.ts';

export async function tenantRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireStaff(deps.db, deps.config);
  const tags = ['tenants'];
  const params = z.object({ tenant: z.string().max(64) });

  // logo uploads arrive as raw image bodies
  app.addContentTypeParser(logoContentTypes, { parseAs: 'buffer', bodyLimit: LOGO_MAX_BYTES }, (_req, body, done) => done(null, body));

  r.get('/api/v1/tenants/:tenant', { onRequest: auth, schema: { tags, summary: 'Settings of one municipality', params } }, async (req) => {
    const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, ALL_ROLES);
    return presentTenant(tenant);
  });

  r.patch('/api/v1/tenants/:tenant', { onRequest: auth, schema: { tags, summary: 'Change settings of one municipality', params, body: tenantPatch } }, async (req) => {
    const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, MANAGER_ROLES);
    return updateTenant(deps.db, actorOf(req), tenant, req.body);
  });

  r.put(
    '/api/v1/tenants/:tenant/logo',
    { onRequest: auth, bodyLimit: LOGO_MAX_BYTES, schema: { tags, summary: 'Upload the logo (PNG, JPEG or WebP, at most 512 KB, raw body)', params } },
    async (req, reply) => {
      const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, MANAGER_ROLES);
      if (!Buffer.isBuffer(req.body)) throw new AppError('unsupported_media_type', `Send the image as the raw body with Content-Type ${logoContentTypes.join(', ')}.`);
      await setLogo(deps.db, actorOf(req), tenant, String(req.headers['content-type']).split(';')[0], req.body);
      return reply.status(204).send();
    },
  );

  r.delete('/api/v1/tenants/:tenant/logo', { onRequest: auth, schema: { tags, summary: 'Remove the logo', params } }, async (req, reply) => {
    const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, MANAGER_ROLES);
    await setLogo(deps.db, actorOf(req), tenant, '', null);
    return reply.status(204).send();
  });
}
