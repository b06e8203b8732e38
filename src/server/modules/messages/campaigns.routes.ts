// Staff messages over HTTP: thin routes around campaigns, workflow, templates and settings services.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as c from '../../../common/contracts/messages.ts';
import { noContent } from '../../../common/contracts/common.ts';
import { z } from 'zod';
import { deliveryProgress } from '../../../common/contracts/delivery-progress.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { streamEvents } from '../../platform/sse.ts';
import { settingsRoutes } from '../../platform/settings-routes.ts';
import { collectionRoutes, declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import * as attachments from './attachments.service.ts';
import * as campaigns from './campaigns.service.ts';
import * as progress from './progress.service.ts';
import { messageParams, tenantParams as params } from './messages.schemas.ts';
import { settingsOf, updateMessageSettings } from './settings.service.ts';
import * as templates from './templates.service.ts';
import * as workflow from './workflow.service.ts';

const streamQuery = z.strictObject({
  /** Ends the stream after this many events (a client that wants a few updates; tests). */
  maxEvents: z.coerce.number().int().min(1).max(1000).optional(),
});
const stream = { description: 'text/event-stream of progress events', content: { 'text/event-stream': { schema: z.string() } } };

const staffOf = (req: FastifyRequest): campaigns.Staff => ({ ...actorOf(req), name: req.staff?.user.name ?? null });
const viewerOf = (req: FastifyRequest): campaigns.Viewer => ({ userId: req.staff?.user.id ?? null, role: req.access?.role ?? null });

export async function campaignRoutes(app: FastifyInstance, deps: AppDeps) {
  const [read, write, approve, send] = ['messages.read', 'messages.write', 'messages.approve', 'messages.send'] as const;
  const detail = { 200: c.messageDetail };

  /** A workflow step without a body: the message as it is afterwards. */
  const step = (path: string, permission: typeof write | typeof approve | typeof send, summary: string, run: typeof workflow.submitMessage) =>
    route(`POST /messages/:id/${path}`, permission, { summary, params: messageParams, response: detail }, async (req) =>
      run(deps, staffOf(req), req.tenant, req.params.id, viewerOf(req)),
    );

  declareTenantRoutes(
    app,
    ['messages'],
    [
      route(
        'GET /messages',
        read,
        {
          summary: 'Messages with status, author, audience, channels, sent time, reach and cost',
          params,
          querystring: c.messageListQuery,
          response: { 200: c.messagePage },
        },
        async (req) => campaigns.listMessages(deps, req.tenant, req.query),
      ),
      route(
        'POST /messages',
        write,
        {
          summary: 'Write a message (a draft): title, Markdown body, topic, audience, channels, translations, edited versions',
          params,
          body: c.messageCreateInput,
          response: { 201: c.messageDetail },
        },
        async (req) => campaigns.createMessage(deps, staffOf(req), req.tenant, req.body, { viewer: viewerOf(req) }),
      ),
      route(
        'POST /messages/preview',
        write,
        {
          summary: 'Each channel’s version per language, SMS parts, live counts per channel and language, cost, and whether approval is needed',
          params,
          body: c.messagePreviewInput,
          response: { 200: c.messagePreview },
        },
        async (req) => campaigns.previewMessage(deps, req.tenant, req.body),
      ),
      route('GET /messages/:id', read, { summary: 'A message with its versions, workflow and history', params: messageParams, response: detail }, async (req) =>
        campaigns.getMessage(deps, req.tenant, req.params.id, viewerOf(req)),
      ),
      route(
        'PATCH /messages/:id',
        write,
        { summary: 'Edit a draft or rejected message', params: messageParams, body: c.messageUpdateInput, response: detail },
        async (req) => campaigns.updateMessage(deps, staffOf(req), req.tenant, req.params.id, req.body, viewerOf(req)),
      ),
      step('submit', write, 'Submit for review (draft or rejected → in review)', workflow.submitMessage),
      step('approve', approve, 'Approve another person’s message (in review → approved)', workflow.approveMessage),
      step('send', send, 'Send now (approved, or a draft where no approval is required)', workflow.sendMessage),
      step('cancel', send, 'Cancel a scheduled message', workflow.cancelMessage),
      route(
        'POST /messages/:id/reject',
        approve,
        { summary: 'Reject another person’s message with a reason (in review → rejected)', params: messageParams, body: c.rejectInput, response: detail },
        async (req) => workflow.rejectMessage(deps, staffOf(req), req.tenant, req.params.id, req.body.reason, viewerOf(req)),
      ),
      route(
        'POST /messages/:id/schedule',
        send,
        { summary: 'Send at a time (approved, or a draft where no approval is required)', params: messageParams, body: c.scheduleInput, response: detail },
        async (req) => workflow.scheduleMessage(deps, staffOf(req), req.tenant, req.params.id, new Date(req.body.at), viewerOf(req)),
      ),
      route(
        'POST /messages/:id/correction',
        write,
        {
          summary: 'A correction: a new draft linked to a sent message, sent later to the same residents',
          params: messageParams,
          response: { 201: c.messageDetail },
        },
        async (req) => campaigns.createCorrection(deps, staffOf(req), req.tenant, req.params.id, viewerOf(req)),
      ),
      route(
        'POST /messages/:id/attachments',
        write,
        {
          summary: 'Attach an image (PNG, JPEG, WebP) or a PDF to a draft, base64, at most 2 MB; the type is read from the bytes',
          params: messageParams,
          body: c.attachmentInput,
          response: { 201: c.messageAttachment },
        },
        async (req) => attachments.addAttachment(deps, actorOf(req), req.tenant, req.params.id, req.body),
        // a 2 MB file in base64 with its name
        { bodyLimit: 3 * 1024 * 1024 },
      ),
      route(
        'DELETE /messages/:id/attachments/:attachmentId',
        write,
        {
          summary: 'Remove an attachment from a draft',
          params: messageParams.extend({ attachmentId: z.uuid('must be an attachment id') }),
          response: { 204: noContent },
        },
        async (req) => attachments.removeAttachment(deps, actorOf(req), req.tenant, req.params.id, req.params.attachmentId),
      ),
      route(
        'GET /messages/:id/progress',
        read,
        { summary: 'Delivery progress by channel and status, reach, failure reasons and cost', params: messageParams, response: { 200: deliveryProgress } },
        async (req) => progress.messageProgress(deps, req.tenant, req.params.id),
      ),
      route(
        'GET /messages/:id/progress/stream',
        read,
        {
          summary: 'Delivery progress as server-sent events: one event whenever the counts change, until the message is sent and nothing is pending',
          params: messageParams,
          querystring: streamQuery,
          response: { 200: stream },
        },
        async (req, reply) => {
          const { tenant } = req;
          await progress.messageProgress(deps, tenant, req.params.id); // 404 before the stream opens
          await streamEvents(req, reply, {
            event: 'progress',
            poll: async () => {
              const { at: _at, ...state } = await progress.messageProgress(deps, tenant, req.params.id);
              return state;
            },
            maxEvents: req.query.maxEvents,
            done: (state) => state.done,
          });
          return reply;
        },
      ),
      route(
        'POST /messages/:id/follow-up',
        send,
        {
          summary: 'Send the message on another channel to the residents it did not reach (those with consent and an address there)',
          params: messageParams,
          body: c.followUpInput,
          response: { 200: c.followUpResult },
        },
        async (req) => progress.followUpMessage(deps, staffOf(req), req.tenant, req.params.id, req.body.channel),
      ),
      ...collectionRoutes(deps, {
        path: '/message-templates',
        permissions: [read, write],
        what: 'template',
        schemas: { item: c.messageTemplate, input: c.templateInput, patch: c.templateUpdateInput },
        summaries: {
          list: 'Templates of this municipality and of its networks (read-only)',
          create: 'A new template',
          update: 'Change a template of this municipality',
          remove: 'Delete a template of this municipality',
        },
        list: templates.listTemplates,
        create: templates.createTemplate,
        update: templates.updateTemplate,
        remove: templates.deleteTemplate,
      }),
      ...settingsRoutes(deps, {
        path: '/message-settings',
        permissions: [read, 'tenant.manage'],
        schemas: { settings: c.messageSettings, patch: c.messageSettingsInput },
        summaries: { get: 'Languages, approval policy and SMS part limit', update: 'Change languages, approval policy or SMS part limit' },
        get: (_deps, tenant) => settingsOf(tenant),
        update: updateMessageSettings,
      }),
    ],
  );
}
