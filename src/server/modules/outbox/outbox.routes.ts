import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MANAGER_ROLES } from '../../../common/roles.ts';
import { requireStaff } from '../../platform/auth/session.ts';
import type { AppDeps } from '../../platform/context.ts';
import { resolveTenantAccess } from '../../platform/tenancy.ts';
import { getOutboxItem, listOutbox } from './outbox.service.ts';

export async function outboxRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireStaff(deps.db, deps.config);
  const tags = ['dev outbox'];
  r.get(
    '/api/v1/tenants/:tenant/outbox',
    {
      onRequest: auth,
      schema: {
        tags,
        summary: 'Messages that would have left the installation (dev outbox)',
        params: z.object({ tenant: z.string().max(64) }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.iso.datetime({ offset: true }).optional() }),
      },
    },
    async (req) => {
      const access = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, MANAGER_ROLES);
      return listOutbox(deps.db, access.tenant.id, { ...req.query, includeInstallation: access.role === 'owner' });
    },
  );
  r.get(
    '/api/v1/tenants/:tenant/outbox/:id',
    {
      onRequest: auth,
      schema: { tags, summary: 'One dev outbox message', params: z.object({ tenant: z.string().max(64), id: z.uuid() }) },
    },
    async (req) => {
      const access = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, MANAGER_ROLES);
      return getOutboxItem(deps.db, access.tenant.id, req.params.id, access.role === 'owner');
    },
  );
}
