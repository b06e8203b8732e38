// Staff API of the inbox (inside the tenant scope): the lists, a conversation, replies, notes, claim and assignment,
// status and tags, merge, presence, counts, the live stream and one's notifications. Bodies and contacts need
// inbox.read; the counts and the stream (ids and states only) every member.
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import * as c from '../../../common/contracts/inbox.ts';
import { binaryFile, noContent } from '../../../common/contracts/common.ts';
import type { Actor } from '../../platform/audit.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import type { TenantAccess } from '../../platform/tenancy.ts';
import { declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import * as service from './conversations.service.ts';
import { publishInbox } from './inbox.events.ts';
import { InboxStreams } from './inbox.stream.ts';
import { PresenceBoard } from './presence.ts';

const params = z.object({ tenant: z.string().max(64) });
const id = params.extend({ id: z.uuid('must be a conversation id') });
const attachmentParams = id.extend({ attachmentId: z.uuid('must be an attachment id') });
const streamQuery = z.strictObject({
  /** Ends the stream after this many events (tests; a browser keeps it open). */
  maxEvents: z.coerce.number().int().min(1).max(1000).optional(),
});
const notificationsRead = z.strictObject({ ids: z.array(z.uuid()).max(500).optional() });
const list = c.conversationList.extend({
  total: z.number().int().describe(`How many match, counted up to ${service.TOTAL_CAP} (a larger number is reported as ${service.TOTAL_CAP})`),
});
const file = { description: 'The attachment as it came in', content: { 'application/octet-stream': { schema: binaryFile } } };
const stream = { description: 'text/event-stream of `inbox` events: { seq, events: InboxEvent[] }', content: { 'text/event-stream': { schema: z.string() } } };

type Req = { tenant: TenantAccess['tenant']; staff?: { user: { id: string; name: string; email: string } } | null };
const who = (req: Req): service.Who => ({ tenant: req.tenant, userId: req.staff?.user.id ?? '' });

export async function inboxRoutes(app: FastifyInstance, deps: AppDeps) {
  const [counts, read, work] = ['inbox.counts', 'inbox.read', 'inbox.work'] as const;
  // per process, like the stream: presence is a hint for colleagues, the 409 on crossing replies is the guarantee
  const presence = new PresenceBoard(publishInbox);
  const streams = new InboxStreams(deps);
  app.addHook('onClose', async () => {
    presence.stop();
    streams.close();
  });
  /** One's own view of the inbox (counts, notifications), which every member may read: the service gets who asks. */
  const own = <R extends z.ZodType>(
    endpoint: `GET /inbox/${string}`,
    summary: string,
    response: R,
    read: (deps: AppDeps, who: service.Who) => Promise<z.input<R>>,
  ) => route(endpoint, counts, { summary, params, response: { 200: response } }, async (req) => read(deps, who(req)));
  const base = '/inbox/conversations' as const;
  type Run<B extends z.ZodType, R> = (deps: AppDeps, actor: Actor, who: service.Who, id: string, input: z.output<B>) => Promise<R>;
  /** Rows of steps on one conversation by whoever works it, each answering `response` with `status`. */
  const conversationStep =
    <R extends z.ZodType>(status: 200 | 201, response: R) =>
    <B extends z.ZodType>(endpoint: `${'POST' | 'PATCH'} ${typeof base}/:id${string}`, summary: string, body: B, run: Run<B, z.input<R>>) =>
      route(endpoint, work, { summary, params: id, body, response: { [status]: response } }, async (req) =>
        run(deps, actorOf(req), who(req), req.params.id, req.body as z.output<B>),
      );
  /** A new entry in one conversation (a reply, a note): answers the entry. */
  const entry = conversationStep(201, c.conversationItem);
  /** A change to one conversation (assignment, status, merge): answers the conversation as it is afterwards. */
  const change = conversationStep(200, c.conversationSummary);
  const rows = [
    route(
      `GET ${base}`,
      read,
      {
        summary: 'Conversations: a named view with filters and German full-text search',
        params,
        querystring: c.conversationListQuery,
        response: { 200: list },
      },
      async (req) => service.listConversations(deps, who(req), req.query),
    ),
    route(
      `GET ${base}/:id`,
      read,
      { summary: 'A conversation with its entries (the view is audited)', params: id, response: { 200: c.conversationDetail } },
      async (req) => service.getConversation(deps, actorOf(req), who(req), req.params.id),
    ),
    route(
      `GET ${base}/:id/attachments/:attachmentId`,
      read,
      { summary: 'Download an attachment (audited)', params: attachmentParams, response: { 200: file } },
      async (req, reply) => {
        const row = await service.getAttachment(deps, actorOf(req), who(req), req.params.id, req.params.attachmentId);
        return reply
          .type(row.contentType)
          .header('content-disposition', contentDisposition(row.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(row.data);
      },
    ),
    entry(`POST ${base}/:id/replies`, 'Reply to the contact (SMS or e-mail, through the delivery engine)', c.replyInput, service.replyToConversation),
    entry(`POST ${base}/:id/notes`, 'An internal note; mentioned colleagues are notified', c.noteInput, service.addNote),
    route(`POST ${base}/:id/claim`, work, { summary: 'Take the conversation oneself', params: id, response: { 200: c.conversationSummary } }, async (req) =>
      service.assignConversation(deps, actorOf(req), who(req), req.params.id, { assigneeId: who(req).userId, claim: true }),
    ),
    change(`POST ${base}/:id/assign`, 'Assign to a department and/or a person', c.assignInput, service.assignConversation),
    change(`PATCH ${base}/:id`, 'Change status, tags or subject', c.conversationPatch, service.patchConversation),
    change(`POST ${base}/:id/merge`, 'Merge into another conversation of the same resident', c.mergeInput, service.mergeConversation),
    route(
      `POST ${base}/:id/presence`,
      read,
      {
        summary: 'Heartbeat while viewing (typing: the reply box has text); answers who else is here',
        params: id,
        body: c.presenceInput,
        response: { 200: c.presence },
      },
      async (req) => {
        await service.assertConversation(deps, who(req), req.params.id);
        const user = req.staff?.user;
        const viewers = presence.beat(req.tenant.id, req.params.id, { userId: user?.id ?? '', name: user?.name || user?.email || '', typing: req.body.typing });
        return { viewers };
      },
    ),
    own('GET /inbox/counts', 'Unanswered, overdue, mine and unassigned', c.inboxCounts, service.inboxCounts),
    route(
      'GET /inbox/stream',
      counts,
      { summary: 'Live inbox events (ids and states) and counts as server-sent events', params, querystring: streamQuery, response: { 200: stream } },
      async (req, reply) => {
        await streams.serve(req, reply, req.tenant.id, who(req).userId, req.query.maxEvents);
        return reply;
      },
    ),
    own('GET /inbox/notifications', 'My notifications (newest first)', c.staffNotificationList, service.listNotifications),
    route(
      'POST /inbox/notifications/read',
      counts,
      { summary: 'Mark my notifications read (none named: all)', params, body: notificationsRead, response: { 204: noContent } },
      async (req) => service.markNotificationsRead(deps, who(req), req.body.ids),
    ),
  ];
  declareTenantRoutes(app, ['inbox'], rows);
}
