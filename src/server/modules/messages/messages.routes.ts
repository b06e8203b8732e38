import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import * as s from './messages.schemas.ts';
import { campaignRoutes } from './campaigns.routes.ts';
import { ownTestTargets, sendTest } from './test-send.service.ts';

const params = s.tenantParams;

export async function messageRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['delivery'];

  await campaignRoutes(app, deps);
  r.get(
    '/api/v1/tenants/:tenant/test-send/targets',
    {
      config: { permission: 'messages.test' },
      schema: {
        tags,
        summary: 'Where the signed-in staff member may send a test: own e-mail, own numbers, own devices',
        params,
        response: { 200: s.testTargets },
      },
    },
    async (req) => ownTestTargets(deps, req.tenant.id, req.staff!.user.email),
  );
  r.post(
    '/api/v1/tenants/:tenant/test-send',
    {
      config: { permission: 'messages.test' },
      schema: {
        tags,
        summary: 'Send a test message to one of your own addresses (sign-in e-mail, own number, own device)',
        params,
        body: s.testSendInput,
        response: { 202: s.testSendAccepted },
      },
    },
    async (req, reply) => reply.status(202).send(await sendTest(deps, actorOf(req), req.tenant, req.staff!.user, req.body)),
  );
}
