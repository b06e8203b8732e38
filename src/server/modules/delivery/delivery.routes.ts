import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, type Role } from '../../../common/roles.ts';
import { requireStaff } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { resolveTenantAccess } from '../../platform/tenancy.ts';
import { runtimeFor } from './delivery.jobs.ts';
import * as s from './delivery.schemas.ts';
import { acceptSend, describeMessage, estimateCost, listDeliveries } from './delivery.service.ts';

const SENDERS: readonly Role[] = ['owner', 'admin', 'editor', 'approver'];
const params = z.object({ tenant: z.string().max(64) });
const messageParams = params.extend({ id: z.uuid('must be a message id') });

export async function deliveryRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireStaff(deps.db, deps.config);
  const tags = ['delivery'];

  r.post(
    '/api/v1/tenants/:tenant/messages',
    { onRequest: auth, bodyLimit: 8 * 1024 * 1024, schema: { tags, summary: 'Send a message to the given recipients (202: accepted and committed)', params, body: s.sendInput } },
    async (req, reply) => {
      const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, SENDERS);
      return reply.status(202).send(await acceptSend(deps, actorOf(req), tenant, req.body));
    },
  );
  r.get('/api/v1/tenants/:tenant/messages/:id', { onRequest: auth, schema: { tags, summary: 'A message with its delivery counts per channel and status', params: messageParams } }, async (req) => {
    const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, ALL_ROLES);
    return describeMessage(deps, tenant.id, req.params.id);
  });
  r.get(
    '/api/v1/tenants/:tenant/messages/:id/deliveries',
    { onRequest: auth, schema: { tags, summary: 'Deliveries of a message (one per recipient × channel)', params: messageParams, querystring: s.deliveriesQuery } },
    async (req) => {
      const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, ALL_ROLES);
      await describeMessage(deps, tenant.id, req.params.id); // 404 for a message of another tenant
      return listDeliveries(deps, tenant.id, req.params.id, req.query);
    },
  );
  r.post('/api/v1/tenants/:tenant/messages/estimate', { onRequest: auth, schema: { tags, summary: 'SMS parts and cost before sending', params, body: s.estimateInput } }, async (req) => {
    const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, ALL_ROLES);
    const rt = runtimeFor(deps);
    const price = async (channel: 'sms' | 'email' | 'push') => {
      const list = await rt.providersFor(tenant.id, channel);
      return list.length ? Math.round(list.reduce((a, p) => a + p.centsPerMessage, 0) / list.length) : 0;
    };
    return estimateCost(req.body, { sms: await price('sms'), email: await price('email'), push: await price('push') });
  });
  r.post('/api/v1/tenants/:tenant/test-send', { onRequest: auth, schema: { tags, summary: 'Send a test message to one address (own number or e-mail)', params, body: s.testSendInput } }, async (req, reply) => {
    const { tenant } = await resolveTenantAccess(deps.db, req.staff!, req.params.tenant, ['owner', 'admin']);
    const text = req.body.text ?? `Civicast: Testnachricht für ${tenant.name}. / Test message for ${tenant.name}.`;
    try {
      const accepted = await acceptSend(deps, actorOf(req), tenant, { kind: 'test', subject: `Civicast Test – ${tenant.name}`, text, recipients: [{ [req.body.channel]: req.body.address }] });
      return reply.status(202).send(accepted);
    } catch (err) {
      // the one recipient is this request's address field
      if (err instanceof AppError) throw new AppError(err.code, err.detail, err.errors.map((e) => ({ ...e, pointer: '/body/address' })));
      throw err;
    }
  });
}
