import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';
import { collectionRoutes, declareTenantRoutes, route, withId } from '../../platform/tenant-routes.ts';
import { providerInput, providerPatch } from './providers.schemas.ts';
import * as service from './providers.service.ts';
import * as c from '../../../common/contracts/delivery.ts';

export async function providerRoutes(app: FastifyInstance, deps: AppDeps) {
  const manage = 'providers.manage';
  const rows = [
    ...collectionRoutes(deps, {
      path: '/providers',
      permissions: [manage, manage],
      what: 'provider',
      schemas: { item: c.provider, input: providerInput, patch: providerPatch },
      summaries: {
        list: 'Providers of every channel (own and installation defaults; no secrets)',
        create: 'Add a provider (SMPP, HTTP SMS, SMTP, web push)',
        update: 'Change a provider; secrets given replace the stored ones',
        remove: 'Remove a provider',
      },
      list: service.listProviders,
      create: service.createProvider,
      update: service.updateProvider,
      remove: service.deleteProvider,
    }),
    route(
      'GET /providers/:id/weight-log',
      manage,
      { summary: 'Every routing-weight change of a provider, with the reason', response: { 200: c.weightLog }, params: withId('provider') },
      async (req) => service.providerWeightHistory(deps, req.tenant, req.params.id),
    ),
  ];
  declareTenantRoutes(app, ['channels'], rows);
}
