// Staff API for external CAP feeds: subscribe with rules, change, delete, poll now, and decide proposed alerts.
import type { FastifyInstance } from 'fastify';
import { capFeed, capFeedInput, capFeedItem, capFeedItemList, capFeedPatch, capItemQuery, capPollResult } from '../../../../common/contracts/cap-feeds.ts';
import { actorOf, type AppDeps } from '../../../platform/context.ts';
import { collectionRoutes, declareTenantRoutes, route, tenantParams, withId } from '../../../platform/tenant-routes.ts';
import { approveProposal, createFeed, deleteFeed, dismissProposal, getFeed, listFeeds, listItems, updateFeed } from './cap-feeds.service.ts';
import { pollFeed } from './cap-poll.service.ts';

const idParams = withId();

export async function capFeedRoutes(app: FastifyInstance, deps: AppDeps) {
  const [read, write] = ['warnings.read', 'warnings.issue'] as const;
  const rows = [
    ...collectionRoutes(deps, {
      path: '/cap-feeds',
      permissions: [read, write],
      schemas: { item: capFeed, input: capFeedInput, patch: capFeedPatch },
      summaries: {
        list: 'External CAP feeds with their rules and last poll',
        create: 'Subscribe to a CAP feed (Atom or RSS index, or one CAP document)',
        get: 'One CAP feed',
        update: 'Change a CAP feed or its rules',
        remove: 'Unsubscribe from a CAP feed',
      },
      list: listFeeds,
      create: createFeed,
      get: getFeed,
      update: updateFeed,
      remove: deleteFeed,
    }),
    route(
      'GET /cap-feeds/proposals',
      read,
      {
        summary: 'Alerts read from every feed, newest first (default: those waiting for a decision)',
        params: tenantParams,
        querystring: capItemQuery,
        response: { 200: capFeedItemList },
      },
      async (req) => listItems(deps, req.tenant, { state: req.query.state ?? 'proposed', limit: req.query.limit }),
    ),
    route(
      'POST /cap-feeds/proposals/:id/approve',
      write,
      { summary: 'Approve a proposed alert: it is issued as a warning', params: idParams, response: { 200: capFeedItem } },
      async (req) => approveProposal(deps, actorOf(req), req.tenant, req.params.id),
    ),
    route(
      'POST /cap-feeds/proposals/:id/dismiss',
      write,
      { summary: 'Dismiss a proposed alert', params: idParams, response: { 200: capFeedItem } },
      async (req) => dismissProposal(deps, actorOf(req), req.tenant, req.params.id),
    ),
    route(
      'GET /cap-feeds/:id/items',
      read,
      { summary: 'Alerts read from this feed and what became of them', params: idParams, querystring: capItemQuery, response: { 200: capFeedItemList } },
      async (req) => listItems(deps, req.tenant, { feedId: req.params.id, state: req.query.state, limit: req.query.limit }),
    ),
    route(
      'POST /cap-feeds/:id/poll',
      write,
      { summary: 'Poll the feed now; a feed that fails answers with its last error set', params: idParams, response: { 200: capPollResult } },
      async (req) => pollFeed(deps, req.tenant, req.params.id),
    ),
  ];
  declareTenantRoutes(app, ['warnings'], rows);
}
