// /api/v1/installation/*: the installation operator's API (a role above tenants). Everyone else gets 403.
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireOperator } from '../../platform/auth/session.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { outboxItemView, outboxListView, outboxOriginalView } from '../outbox/index.ts';
import {
  createdMunicipalityView,
  createMunicipalityInput,
  municipalityListView,
  operatorOutboxItemQuery,
  operatorOutboxQuery,
} from './installation.schemas.ts';
import * as service from './installation.service.ts';

export async function installationRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const onRequest = requireOperator(deps.db, deps.config);
  /** The options of every route here: the operator check, and the schema under the installation's tag. */
  const operatorOnly = <const S extends Omit<FastifySchema, 'tags'>>(schema: S) => ({ onRequest, schema: { tags: ['installation'], ...schema } });
  r.get(
    '/api/v1/installation/tenants',
    operatorOnly({ summary: 'Every municipality of the installation (operators only)', response: { 200: municipalityListView } }),
    async () => service.listMunicipalities(deps),
  );
  r.post(
    '/api/v1/installation/tenants',
    operatorOnly({
      summary: 'Create a municipality while the server runs, optionally inviting its first owner (operators only)',
      body: createMunicipalityInput,
      response: { 201: createdMunicipalityView },
    }),
    async (req, reply) => reply.status(201).send(await service.createMunicipality(deps, actorOf(req), req.body)),
  );
  r.get(
    '/api/v1/installation/outbox',
    operatorOnly({
      summary: "The installation's mails (password resets) in the dev outbox, or a municipality's with ?tenant= (operators only; codes and links masked)",
      querystring: operatorOutboxQuery,
      response: { 200: outboxListView },
    }),
    async (req) => service.operatorOutbox(deps, req.query),
  );
  const params = z.object({ id: z.uuid() });
  r.get(
    '/api/v1/installation/outbox/:id',
    operatorOnly({
      summary: 'One dev outbox message (operators only; codes and links masked)',
      params,
      querystring: operatorOutboxItemQuery,
      response: { 200: outboxItemView },
    }),
    async (req) => service.operatorOutboxItem(deps, req.params.id, req.query.tenant),
  );
  r.get(
    '/api/v1/installation/outbox/:id/original',
    operatorOnly({
      summary:
        "A dev outbox message as its recipient got it, codes and links in clear: the dev outbox stands in for the recipient's phone or mailbox (operators only; recorded)",
      params,
      querystring: operatorOutboxItemQuery,
      response: { 200: outboxOriginalView },
    }),
    async (req) => service.operatorOutboxOriginal(deps, actorOf(req), req.params.id, req.query.tenant),
  );
}
