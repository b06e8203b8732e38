// Thin routes: /api/v1/networks/:network/* (inside the network scope) and the installation operator's
// /api/v1/installation/networks (create networks, members, network staff).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noContent } from '../../../common/contracts/common.ts';
import * as c from '../../../common/contracts/networks.ts';
import { requireOperator } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import * as s from './networks.schemas.ts';
import * as service from './networks.service.ts';
import * as send from './networks.send.ts';
import * as tpl from './networks.templates.ts';

/** Network staff's routes; register inside networkScope (platform/network-scope.ts). */
export async function networkRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['networks'];
  const read = { networkPermission: 'network.read' } as const;

  r.get(
    '/api/v1/networks/:network',
    { config: read, schema: { tags, summary: 'A network and the caller’s role in it', params: s.networkParams, response: { 200: c.network } } },
    async (req) => service.getNetwork(db, req.networkAccess),
  );
  r.get(
    '/api/v1/networks/:network/members',
    {
      config: read,
      schema: { tags, summary: 'Member municipalities with their follower counts', params: s.networkParams, response: { 200: c.networkMemberList } },
    },
    async (req) => service.listMembers(db, req.networkAccess.network),
  );

  r.get(
    '/api/v1/networks/:network/sends',
    {
      config: read,
      schema: { tags, summary: 'What the network sent to its members, latest first (50)', params: s.networkParams, response: { 200: c.networkSendList } },
    },
    async (req) => send.listSends(deps, req.networkAccess),
  );
  r.post(
    '/api/v1/networks/:network/messages',
    {
      config: { networkPermission: 'network.send' },
      schema: {
        tags,
        summary: 'Send a message to the residents of all or chosen members (approved by the sender at network level)',
        params: s.networkParams,
        body: s.networkMessageInput,
        response: { 201: c.networkSend },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await send.sendNetworkMessage(deps, { ...actorOf(req), name: req.staff!.user.name }, req.networkAccess, req.body)),
  );
  r.post(
    '/api/v1/networks/:network/warnings',
    {
      config: { networkPermission: 'network.warn' },
      schema: {
        tags,
        summary: 'Issue a warning in all or chosen member municipalities (each member’s whole area)',
        params: s.networkParams,
        body: s.networkWarningInput,
        response: { 201: c.networkSend },
      },
    },
    async (req, reply) => reply.status(201).send(await send.sendNetworkWarning(deps, actorOf(req), req.networkAccess, req.body)),
  );

  const templates = { networkPermission: 'network.templates' } as const;
  r.get(
    '/api/v1/networks/:network/templates',
    {
      config: read,
      schema: {
        tags,
        summary: 'The network’s shared templates (members see them read-only)',
        params: s.networkParams,
        response: { 200: c.networkTemplateList },
      },
    },
    async (req) => tpl.listNetworkTemplates(db, req.networkAccess),
  );
  r.post(
    '/api/v1/networks/:network/templates',
    {
      config: templates,
      schema: { tags, summary: 'Share a template with the members', params: s.networkParams, body: s.templateInput, response: { 201: c.networkTemplate } },
    },
    async (req, reply) => reply.status(201).send(await tpl.createNetworkTemplate(db, req.staff!.user.id, req.networkAccess, req.body)),
  );
  r.patch(
    '/api/v1/networks/:network/templates/:id',
    {
      config: templates,
      schema: { tags, summary: 'Change a shared template', params: s.templateParams, body: s.templateUpdateInput, response: { 200: c.networkTemplate } },
    },
    async (req) => tpl.updateNetworkTemplate(db, req.networkAccess, req.params.id, req.body),
  );
  r.delete(
    '/api/v1/networks/:network/templates/:id',
    { config: templates, schema: { tags, summary: 'Delete a shared template', params: s.templateParams, response: { 204: noContent } } },
    async (req, reply) => {
      await tpl.deleteNetworkTemplate(db, req.networkAccess, req.params.id);
      return reply.status(204).send();
    },
  );
}

/** The installation operator's network administration (a role above tenants; everyone else 403). */
export async function networkOperatorRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const onRequest = requireOperator(db, deps.config);
  const tags = ['installation'];
  r.get(
    '/api/v1/installation/networks',
    { onRequest, schema: { tags, summary: 'Every network with its members (operators only)', response: { 200: c.operatorNetworkList } } },
    async () => service.listNetworks(db),
  );
  r.post(
    '/api/v1/installation/networks',
    { onRequest, schema: { tags, summary: 'Create a network (operators only)', body: s.createNetworkInput, response: { 201: c.operatorNetwork } } },
    async (req, reply) => reply.status(201).send(await service.createNetwork(db, req.body)),
  );
  r.post(
    '/api/v1/installation/networks/:network/members',
    {
      onRequest,
      schema: { tags, summary: 'Add a municipality to a network (operators only)', params: s.networkParams, body: s.memberInput, response: { 204: noContent } },
    },
    async (req, reply) => {
      await service.addMember(db, actorOf(req), req.params.network, req.body.tenant);
      return reply.status(204).send();
    },
  );
  r.delete(
    '/api/v1/installation/networks/:network/members/:member',
    { onRequest, schema: { tags, summary: 'Remove a municipality from a network (operators only)', params: s.memberParams, response: { 204: noContent } } },
    async (req, reply) => {
      await service.removeMember(db, actorOf(req), req.params.network, req.params.member);
      return reply.status(204).send();
    },
  );
  r.put(
    '/api/v1/installation/networks/:network/staff',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Give an existing staff account a role in a network (operators only)',
        params: s.networkParams,
        body: s.networkStaffInput,
        response: { 200: s.networkStaffResult },
      },
    },
    async (req) => service.setNetworkStaff(db, req.params.network, req.body.email, req.body.role),
  );
}
