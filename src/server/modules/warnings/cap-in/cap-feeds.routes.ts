// Staff API for external CAP feeds: subscribe with rules, change, delete, poll now, and decide proposed alerts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  capFeed,
  capFeedInput,
  capFeedItem,
  capFeedItemList,
  capFeedList,
  capFeedPatch,
  capItemQuery,
  capPollResult,
} from '../../../../common/contracts/cap-feeds.ts';
import { noContent } from '../../../../common/contracts/common.ts';
import { actorOf, type AppDeps } from '../../../platform/context.ts';
import { approveProposal, createFeed, deleteFeed, dismissProposal, getFeed, listFeeds, listItems, updateFeed } from './cap-feeds.service.ts';
import { pollFeed } from './cap-poll.service.ts';

const tenantParams = z.object({ tenant: z.string().max(64) });
const idParams = tenantParams.extend({ id: z.uuid('must be an id') });

export async function capFeedRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['warnings'];
  const read = { permission: 'warnings.read' } as const;
  const write = { permission: 'warnings.issue' } as const;
  const base = '/api/v1/tenants/:tenant/cap-feeds';

  r.get(
    base,
    { config: read, schema: { tags, summary: 'External CAP feeds with their rules and last poll', params: tenantParams, response: { 200: capFeedList } } },
    async (req) => listFeeds(deps, req.tenant),
  );
  r.post(
    base,
    {
      config: write,
      schema: {
        tags,
        summary: 'Subscribe to a CAP feed (Atom or RSS index, or one CAP document)',
        params: tenantParams,
        body: capFeedInput,
        response: { 201: capFeed },
      },
    },
    async (req, reply) => reply.status(201).send(await createFeed(deps, actorOf(req), req.tenant, req.body)),
  );
  r.get(
    `${base}/proposals`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Alerts read from every feed, newest first (default: those waiting for a decision)',
        params: tenantParams,
        querystring: capItemQuery,
        response: { 200: capFeedItemList },
      },
    },
    async (req) => listItems(deps, req.tenant, { state: req.query.state ?? 'proposed', limit: req.query.limit }),
  );
  r.post(
    `${base}/proposals/:id/approve`,
    { config: write, schema: { tags, summary: 'Approve a proposed alert: it is issued as a warning', params: idParams, response: { 200: capFeedItem } } },
    async (req) => approveProposal(deps, actorOf(req), req.tenant, req.params.id),
  );
  r.post(
    `${base}/proposals/:id/dismiss`,
    { config: write, schema: { tags, summary: 'Dismiss a proposed alert', params: idParams, response: { 200: capFeedItem } } },
    async (req) => dismissProposal(deps, actorOf(req), req.tenant, req.params.id),
  );
  r.get(`${base}/:id`, { config: read, schema: { tags, summary: 'One CAP feed', params: idParams, response: { 200: capFeed } } }, async (req) =>
    getFeed(deps, req.tenant, req.params.id),
  );
  r.patch(
    `${base}/:id`,
    { config: write, schema: { tags, summary: 'Change a CAP feed or its rules', params: idParams, body: capFeedPatch, response: { 200: capFeed } } },
    async (req) => updateFeed(deps, actorOf(req), req.tenant, req.params.id, req.body),
  );
  r.delete(
    `${base}/:id`,
    { config: write, schema: { tags, summary: 'Unsubscribe from a CAP feed', params: idParams, response: { 204: noContent } } },
    async (req, reply) => {
      await deleteFeed(deps, actorOf(req), req.tenant, req.params.id);
      return reply.status(204).send();
    },
  );
  r.get(
    `${base}/:id/items`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Alerts read from this feed and what became of them',
        params: idParams,
        querystring: capItemQuery,
        response: { 200: capFeedItemList },
      },
    },
    async (req) => listItems(deps, req.tenant, { feedId: req.params.id, state: req.query.state, limit: req.query.limit }),
  );
  r.post(
    `${base}/:id/poll`,
    {
      config: write,
      schema: { tags, summary: 'Poll the feed now; a feed that fails answers with its last error set', params: idParams, response: { 200: capPollResult } },
    },
    async (req) => pollFeed(deps, req.tenant, req.params.id),
  );
}
