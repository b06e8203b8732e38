import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { streamEvents } from '../../platform/sse.ts';
import { declareTenantRoutes, route, tenantParams as params } from '../../platform/tenant-routes.ts';
import { deliveryProgress, residentDeliveries } from './delivery.progress.ts';
import * as s from './delivery.schemas.ts';
import { describeMessage, estimateCost, listDeliveries } from './delivery.service.ts';
import * as c from '../../../common/contracts/delivery.ts';
import * as p from '../../../common/contracts/delivery-progress.ts';

const messageParams = params.extend({ id: z.uuid('must be a message id') });
const residentParams = params.extend({ id: z.uuid('must be a resident id') });
const pageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const streamQuery = z.strictObject({
  /** Ends the stream after this many events (a client that wants a few updates; tests). */
  maxEvents: z.coerce.number().int().min(1).max(1000).optional(),
});
const stream = { description: 'text/event-stream of progress events', content: { 'text/event-stream': { schema: z.string() } } };

export async function deliveryRoutes(app: FastifyInstance, deps: AppDeps) {
  const read = 'messages.read';
  // sending (to an audience) and test sends (to one's own address) are the messages module's routes
  declareTenantRoutes(
    app,
    ['delivery'],
    [
      route(
        'GET /sends/:id',
        read,
        { summary: 'A message with its delivery counts per channel and status', response: { 200: c.messageState }, params: messageParams },
        async (req) => describeMessage(deps, req.tenant.id, req.params.id),
      ),
      route(
        'GET /sends/:id/deliveries',
        read,
        {
          summary: 'Deliveries of a message (one per recipient × channel)',
          response: { 200: c.deliveryPage },
          params: messageParams,
          querystring: s.deliveriesQuery,
        },
        async (req) => {
          await describeMessage(deps, req.tenant.id, req.params.id); // 404 for a message of another tenant
          return listDeliveries(deps, req.tenant.id, req.params.id, req.query);
        },
      ),
      route(
        'GET /sends/:id/progress',
        read,
        {
          summary: 'Progress of a message: counts per channel and status (waiting = held for quiet hours), reach, failure reasons, cost',
          response: { 200: p.deliveryProgress },
          params: messageParams,
        },
        async (req) => {
          await describeMessage(deps, req.tenant.id, req.params.id);
          return deliveryProgress(deps, req.tenant.id, [req.params.id]);
        },
      ),
      route(
        'GET /sends/:id/progress/stream',
        read,
        {
          summary: 'Progress of a message as server-sent events: one event whenever the counts change, until nothing is pending',
          response: { 200: stream },
          params: messageParams,
          querystring: streamQuery,
        },
        async (req, reply) => {
          const tenantId = req.tenant.id;
          await describeMessage(deps, tenantId, req.params.id);
          await streamEvents(req, reply, {
            event: 'progress',
            poll: async () => {
              const { at: _at, ...state } = await deliveryProgress(deps, tenantId, [req.params.id]);
              return state;
            },
            maxEvents: req.query.maxEvents,
            done: (state) => state.done,
          });
          return reply;
        },
      ),
    ],
  );
  declareTenantRoutes(
    app,
    ['residents'],
    [
      route(
        'GET /residents/:id/deliveries',
        'residents.read',
        {
          summary: 'What a resident was sent by this municipality, newest first (audited)',
          response: { 200: p.residentDeliveriesPage },
          params: residentParams,
          querystring: pageQuery,
        },
        async (req) => {
          const tenantId = req.tenant.id;
          const [known] = await deps.db.withTenant(tenantId, (tx) =>
            queryRows<{ n: number }>(
              tx,
              sql`select 1 as n from follows where resident_id = ${req.params.id}
                union all select 1 from deliveries where resident_id = ${req.params.id} limit 1`,
            ),
          );
          if (!known) throw notFound('This resident');
          return residentDeliveries(deps, tenantId, req.params.id, req.query, actorOf(req));
        },
      ),
    ],
  );
  declareTenantRoutes(
    app,
    ['delivery'],
    [
      route(
        'POST /messages/estimate',
        read,
        { summary: 'SMS parts and cost before sending', response: { 200: c.costEstimate }, params, body: s.estimateInput },
        async (req) => {
          const { tenant } = req;
          const rt = deps.delivery;
          const price = async (channel: 'sms' | 'email' | 'push') => {
            const list = await rt.providersFor(tenant.id, channel);
            return list.length ? Math.round(list.reduce((a, p) => a + p.centsPerMessage, 0) / list.length) : 0;
          };
          return estimateCost(req.body, { sms: await price('sms'), email: await price('email'), push: await price('push') });
        },
      ),
    ],
  );
}
