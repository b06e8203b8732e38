import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import * as s from './delivery.schemas.ts';
import { describeMessage, estimateCost, listDeliveries } from './delivery.service.ts';
import * as c from '../../../common/contracts/delivery.ts';

const params = z.object({ tenant: z.string().max(64) });
const messageParams = params.extend({ id: z.uuid('must be a message id') });

export async function deliveryRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['delivery'];

  // sending (to an audience) and test sends (to one's own address) are the messages module's routes
  r.get(
    '/api/v1/tenants/:tenant/messages/:id',
    {
      config: { permission: 'messages.read' },
      schema: { tags, summary: 'A message with its delivery counts per channel and status', response: { 200: c.messageState }, params: messageParams },
    },
    async (req) => {
      return describeMessage(deps, req.tenant.id, req.params.id);
    },
  );
  r.get(
    '/api/v1/tenants/:tenant/messages/:id/deliveries',
    {
      config: { permission: 'messages.read' },
      schema: {
        tags,
        summary: 'Deliveries of a message (one per recipient × channel)',
        response: { 200: c.deliveryPage },
        params: messageParams,
        querystring: s.deliveriesQuery,
      },
    },
    async (req) => {
      await describeMessage(deps, req.tenant.id, req.params.id); // 404 for a message of another tenant
      return listDeliveries(deps, req.tenant.id, req.params.id, req.query);
    },
  );
  r.post(
    '/api/v1/tenants/:tenant/messages/estimate',
    {
      config: { permission: 'messages.read' },
      schema: { tags, summary: 'SMS parts and cost before sending', response: { 200: c.costEstimate }, params, body: s.estimateInput },
    },
    async (req) => {
      const { tenant } = req;
      const rt = deps.delivery;
      const price = async (channel: 'sms' | 'email' | 'push') => {
        const list = await rt.providersFor(tenant.id, channel);
        return list.length ? Math.round(list.reduce((a, p) => a + p.centsPerMessage, 0) / list.length) : 0;
      };
      return estimateCost(req.body, { sms: await price('sms'), email: await price('email'), push: await price('push') });
    },
  );
}
