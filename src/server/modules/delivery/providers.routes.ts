import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MANAGER_ROLES } from '../../../common/roles.ts';
import { requireStaff } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { resolveTenantAccess } from '../../platform/tenancy.ts';
import { providerInput, providerPatch } from './providers.schemas.ts';
import * as service from './providers.service.ts';

const params = z.object({ tenant: z.string().max(64) });
const idParams = params.extend({ id: z.uuid('must be a provider id') });

export async function providerRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireStaff(deps.db, deps.config);
  const tags = ['channels'];
  const access = (staff: Parameters<typeof resolveTenantAccess>[1], slug: string) => resolveTenantAccess(deps.db, staff, slug, MANAGER_ROLES);

  r.get('/api/v1/tenants/:tenant/providers', { onRequest: auth, schema: { tags, summary: 'Providers of every channel (own and installation defaults; no secrets)', params } }, async (req) =>
    service.listProviders(deps, (await access(req.staff!, req.params.tenant)).tenant),
  );
  r.post('/api/v1/tenants/:tenant/providers', { onRequest: auth, schema: { tags, summary: 'Add a provider (SMPP, HTTP SMS, SMTP, web push)', params, body: providerInput } }, async (req, reply) =>
    reply.status(201).send(await service.createProvider(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).tenant, req.body)),
  );
  r.patch('/api/v1/tenants/:tenant/providers/:id', { onRequest: auth, schema: { tags, summary: 'Change a provider; secrets given replace the stored ones', params: idParams, body: providerPatch } }, async (req) =>
    service.updateProvider(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).tenant, req.params.id, req.body),
  );
  r.delete('/api/v1/tenants/:tenant/providers/:id', { onRequest: auth, schema: { tags, summary: 'Remove a provider', params: idParams } }, async (req, reply) => {
    await service.deleteProvider(deps, actorOf(req), (await access(req.staff!, req.params.tenant)).tenant, req.params.id);
    return reply.status(204).send();
  });
  r.get('/api/v1/tenants/:tenant/providers/:id/weight-log', { onRequest: auth, schema: { tags, summary: 'Every routing-weight change of a provider, with the reason', params: idParams } }, async (req) =>
    service.providerWeightHistory(deps, (await access(req.staff!, req.params.tenant)).tenant, req.params.id),
  );
}
