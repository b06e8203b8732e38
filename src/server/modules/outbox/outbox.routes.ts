import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { getOutboxItem, listOutbox } from './outbox.service.ts';
import { outboxItemView, outboxListView } from './outbox.schemas.ts';

export async function outboxRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['dev outbox'];
  r.get(
    '/api/v1/tenants/:tenant/outbox',
    {
      config: { permission: 'outbox.read' },
      schema: {
        tags,
        summary: 'Messages that would have left the installation (dev outbox)',
        response: { 200: outboxListView },
        params: z.object({ tenant: z.string().max(64) }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.iso.datetime({ offset: true }).optional() }),
      },
    },
    async (req) => {
      const { access } = req;
      // a tenant sees its own rows only; installation mails are the operator's (/api/v1/installation/outbox)
      return listOutbox(deps.db, access.tenant.id, req.query);
    },
  );
  r.get(
    '/api/v1/tenants/:tenant/outbox/:id',
    {
      config: { permission: 'outbox.read' },
      schema: { tags, summary: 'One dev outbox message', response: { 200: outboxItemView }, params: z.object({ tenant: z.string().max(64), id: z.uuid() }) },
    },
    async (req) => {
      const { access } = req;
      return getOutboxItem(deps.db, access.tenant.id, req.params.id);
    },
  );
}
