import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import * as s from './messages.schemas.ts';
import { sendToAudience } from './messages.service.ts';
import { ownTestTargets, sendTest } from './test-send.service.ts';

const params = z.object({ tenant: z.string().max(64) });

export async function messageRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['delivery'];

  r.post(
    '/api/v1/tenants/:tenant/messages',
    {
      config: { permission: 'messages.send' },
      schema: {
        tags,
        summary:
          'Send a message to an audience: the residents who follow this municipality with consent for the channel and topic, resolved at send time (202: accepted and committed)',
        params,
        body: s.messageInput,
        response: { 202: s.messageAccepted },
      },
    },
    async (req, reply) => reply.status(202).send(await sendToAudience(deps, actorOf(req), req.tenant, req.body)),
  );
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
