// Staff API for warnings: list, issue, one chain with its delivery counts, update, cancel, all-clear.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../common/contracts/warnings.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { getWarning, listWarnings } from './warnings.present.ts';
import { allClearWarning, cancelWarning, issueWarning, updateWarning } from './warnings.service.ts';

const params = z.object({ tenant: z.string().max(64) });
const one = params.extend({ id: z.uuid() });

export async function warningRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['warnings'];
  const base = '/api/v1/tenants/:tenant/warnings';

  r.get(
    base,
    {
      config: { permission: 'warnings.read' },
      schema: {
        tags,
        summary: 'Warnings, newest first, each as its latest version (current or past)',
        params,
        querystring: c.warningListQuery,
        response: { 200: c.warningList },
      },
    },
    async (req) => listWarnings(deps, req.tenant, req.query),
  );
  r.post(
    base,
    {
      config: { permission: 'warnings.issue' },
      schema: {
        tags,
        summary: 'Issue a warning: everyone in the area on every channel they have, ahead of every other message; CAP 1.2 at its capUrl',
        params,
        body: c.warningInput,
        response: { 201: c.warningVersion },
      },
    },
    async (req, reply) => reply.status(201).send(await issueWarning(deps, actorOf(req), req.tenant, req.body)),
  );
  r.get(
    `${base}/:id`,
    {
      config: { permission: 'warnings.read' },
      schema: { tags, summary: 'One warning with every version and its deliveries by channel and status', params: one, response: { 200: c.warningDetail } },
    },
    async (req) => getWarning(deps, req.tenant, req.params.id),
  );
  r.post(
    `${base}/:id/update`,
    {
      config: { permission: 'warnings.issue' },
      schema: {
        tags,
        summary: 'Update a warning (CAP Update): the same people as the original',
        params: one,
        body: c.warningUpdateInput,
        response: { 201: c.warningVersion },
      },
    },
    async (req, reply) => reply.status(201).send(await updateWarning(deps, actorOf(req), req.tenant, req.params.id, req.body)),
  );
  r.post(
    `${base}/:id/cancel`,
    {
      config: { permission: 'warnings.issue' },
      schema: {
        tags,
        summary: 'Cancel a warning issued in error (CAP Cancel): the same people as the original',
        params: one,
        body: c.warningCancelInput,
        response: { 201: c.warningVersion },
      },
    },
    async (req, reply) => reply.status(201).send(await cancelWarning(deps, actorOf(req), req.tenant, req.params.id, req.body)),
  );
  r.post(
    `${base}/:id/all-clear`,
    {
      config: { permission: 'warnings.issue' },
      schema: {
        tags,
        summary: 'Give the all-clear (CAP Update, responseType AllClear): the same people as the original',
        params: one,
        body: c.warningAllClearInput,
        response: { 201: c.warningVersion },
      },
    },
    async (req, reply) => reply.status(201).send(await allClearWarning(deps, actorOf(req), req.tenant, req.params.id, req.body)),
  );
}
