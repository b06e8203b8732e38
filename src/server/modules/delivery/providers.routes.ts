import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { providerInput, providerPatch } from './providers.schemas.ts';
import * as service from './providers.service.ts';
import * as c from '../../../common/contracts/delivery.ts';
import { noContent } from '../../../common/contracts/common.ts';

const params = z.object({ tenant: z.string().max(64) });
const idParams = params.extend({ id: z.uuid('must be a provider id') });

export async function providerRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['channels'];
  const config = { permission: 'providers.manage' } as const;

  r.get(
    '/api/v1/tenants/:tenant/providers',
    { config, schema: { tags, summary: 'Providers of every channel (own and installation defaults; no secrets)', response: { 200: c.providerList }, params } },
    async (req) => service.listProviders(deps, req.tenant),
  );
  r.post(
    '/api/v1/tenants/:tenant/providers',
    { config, schema: { tags, summary: 'Add a provider (SMPP, HTTP SMS, SMTP, web push)', response: { 201: c.provider }, params, body: providerInput } },
    async (req, reply) => reply.status(201).send(await service.createProvider(deps, actorOf(req), req.tenant, req.body)),
  );
  r.patch(
    '/api/v1/tenants/:tenant/providers/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a provider; secrets given replace the stored ones',
        response: { 200: c.provider },
        params: idParams,
        body: providerPatch,
      },
    },
    async (req) => service.updateProvider(deps, actorOf(req), req.tenant, req.params.id, req.body),
  );
  r.delete(
    '/api/v1/tenants/:tenant/providers/:id',
    { config, schema: { tags, summary: 'Remove a provider', response: { 204: noContent }, params: idParams } },
    async (req, reply) => {
      await service.deleteProvider(deps, actorOf(req), req.tenant, req.params.id);
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/v1/tenants/:tenant/providers/:id/weight-log',
    { config, schema: { tags, summary: 'Every routing-weight change of a provider, with the reason', response: { 200: c.weightLog }, params: idParams } },
    async (req) => service.providerWeightHistory(deps, req.tenant, req.params.id),
  );
}
