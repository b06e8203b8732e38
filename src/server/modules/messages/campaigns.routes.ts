// Staff messages over HTTP: thin routes around campaigns, workflow, templates and settings services.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as c from '../../../common/contracts/messages.ts';
import { noContent } from '../../../common/contracts/common.ts';
import { z } from 'zod';
import { deliveryProgress } from '../../../common/contracts/delivery-progress.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { streamEvents } from '../../platform/sse.ts';
import * as attachments from './attachments.service.ts';
import * as campaigns from './campaigns.service.ts';
import * as progress from './progress.service.ts';
import { messageParams, templateParams, tenantParams as params } from './messages.schemas.ts';
import { settingsOf, updateMessageSettings } from './settings.service.ts';
import * as templates from './templates.service.ts';
import * as workflow from './workflow.service.ts';

const streamQuery = z.strictObject({
  /** Ends the stream after this many events (a client that wants a few updates; tests). */
  maxEvents: z.coerce.number().int().min(1).max(1000).optional(),
});

const staffOf = (req: FastifyRequest): campaigns.Staff => ({ ...actorOf(req), name: req.staff?.user.name ?? null });
const viewerOf = (req: FastifyRequest): campaigns.Viewer => ({ userId: req.staff?.user.id ?? null, role: req.access?.role ?? null });

export async function campaignRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['messages'];
  const detail = { 200: c.messageDetail };

  r.get(
    '/api/v1/tenants/:tenant/messages',
    {
      config: { permission: 'messages.read' },
      schema: {
        tags,
        summary: 'Messages with status, author, audience, channels, sent time, reach and cost',
        params,
        querystring: c.messageListQuery,
        response: { 200: c.messagePage },
      },
    },
    async (req) => campaigns.listMessages(deps, req.tenant, req.query),
  );
  r.post(
    '/api/v1/tenants/:tenant/messages',
    {
      config: { permission: 'messages.write' },
      schema: {
        tags,
        summary: 'Write a message (a draft): title, Markdown body, topic, audience, channels, translations, edited versions',
        params,
        body: c.messageCreateInput,
        response: { 201: c.messageDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await campaigns.createMessage(deps, staffOf(req), req.tenant, req.body, { viewer: viewerOf(req) })),
  );
  r.post(
    '/api/v1/tenants/:tenant/messages/preview',
    {
      config: { permission: 'messages.write' },
      schema: {
        tags,
        summary: 'Each channel’s version per language, SMS parts, live counts per channel and language, cost, and whether approval is needed',
        params,
        body: c.messagePreviewInput,
        response: { 200: c.messagePreview },
      },
    },
    async (req) => campaigns.previewMessage(deps, req.tenant, req.body),
  );
  r.get(
    '/api/v1/tenants/:tenant/messages/:id',
    {
      config: { permission: 'messages.read' },
      schema: { tags, summary: 'A message with its versions, workflow and history', params: messageParams, response: detail },
    },
    async (req) => campaigns.getMessage(deps, req.tenant, req.params.id, viewerOf(req)),
  );
  r.patch(
    '/api/v1/tenants/:tenant/messages/:id',
    {
      config: { permission: 'messages.write' },
      schema: { tags, summary: 'Edit a draft or rejected message', params: messageParams, body: c.messageUpdateInput, response: detail },
    },
    async (req) => campaigns.updateMessage(deps, staffOf(req), req.tenant, req.params.id, req.body, viewerOf(req)),
  );

  const step = (
    path: string,
    permission: 'messages.write' | 'messages.approve' | 'messages.send',
    summary: string,
    run: (id: string, req: FastifyRequest) => Promise<c.MessageDetail>,
  ) =>
    r.post(
      `/api/v1/tenants/:tenant/messages/:id/${path}`,
      { config: { permission }, schema: { tags, summary, params: messageParams, response: detail } },
      async (req) => run(req.params.id, req),
    );
  step('submit', 'messages.write', 'Submit for review (draft or rejected → in review)', (id, req) =>
    workflow.submitMessage(deps, staffOf(req), req.tenant, id, viewerOf(req)),
  );
  step('approve', 'messages.approve', 'Approve another person’s message (in review → approved)', (id, req) =>
    workflow.approveMessage(deps, staffOf(req), req.tenant, id, viewerOf(req)),
  );
  step('send', 'messages.send', 'Send now (approved, or a draft where no approval is required)', (id, req) =>
    workflow.sendMessage(deps, staffOf(req), req.tenant, id, viewerOf(req)),
  );
  step('cancel', 'messages.send', 'Cancel a scheduled message', (id, req) => workflow.cancelMessage(deps, staffOf(req), req.tenant, id, viewerOf(req)));

  r.post(
    '/api/v1/tenants/:tenant/messages/:id/reject',
    {
      config: { permission: 'messages.approve' },
      schema: {
        tags,
        summary: 'Reject another person’s message with a reason (in review → rejected)',
        params: messageParams,
        body: c.rejectInput,
        response: detail,
      },
    },
    async (req) => workflow.rejectMessage(deps, staffOf(req), req.tenant, req.params.id, req.body.reason, viewerOf(req)),
  );
  r.post(
    '/api/v1/tenants/:tenant/messages/:id/schedule',
    {
      config: { permission: 'messages.send' },
      schema: {
        tags,
        summary: 'Send at a time (approved, or a draft where no approval is required)',
        params: messageParams,
        body: c.scheduleInput,
        response: detail,
      },
    },
    async (req) => workflow.scheduleMessage(deps, staffOf(req), req.tenant, req.params.id, new Date(req.body.at), viewerOf(req)),
  );
  r.post(
    '/api/v1/tenants/:tenant/messages/:id/correction',
    {
      config: { permission: 'messages.write' },
      schema: {
        tags,
        summary: 'A correction: a new draft linked to a sent message, sent later to the same residents',
        params: messageParams,
        response: { 201: c.messageDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await campaigns.createCorrection(deps, staffOf(req), req.tenant, req.params.id, viewerOf(req))),
  );

  r.post(
    '/api/v1/tenants/:tenant/messages/:id/attachments',
    {
      config: { permission: 'messages.write' },
      // a 2 MB file in base64 with its name
      bodyLimit: 3 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Attach an image (PNG, JPEG, WebP) or a PDF to a draft, base64, at most 2 MB; the type is read from the bytes',
        params: messageParams,
        body: c.attachmentInput,
        response: { 201: c.messageAttachment },
      },
    },
    async (req, reply) => reply.status(201).send(await attachments.addAttachment(deps, actorOf(req), req.tenant, req.params.id, req.body)),
  );
  r.delete(
    '/api/v1/tenants/:tenant/messages/:id/attachments/:attachmentId',
    {
      config: { permission: 'messages.write' },
      schema: {
        tags,
        summary: 'Remove an attachment from a draft',
        params: messageParams.extend({ attachmentId: z.uuid('must be an attachment id') }),
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await attachments.removeAttachment(deps, actorOf(req), req.tenant, req.params.id, req.params.attachmentId);
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/v1/tenants/:tenant/messages/:id/progress',
    {
      config: { permission: 'messages.read' },
      schema: {
        tags,
        summary: 'Delivery progress by channel and status, reach, failure reasons and cost',
        params: messageParams,
        response: { 200: deliveryProgress },
      },
    },
    async (req) => progress.messageProgress(deps, req.tenant, req.params.id),
  );
  r.get(
    '/api/v1/tenants/:tenant/messages/:id/progress/stream',
    {
      config: { permission: 'messages.read' },
      schema: {
        tags,
        summary: 'Delivery progress as server-sent events: one event whenever the counts change, until the message is sent and nothing is pending',
        params: messageParams,
        querystring: streamQuery,
        response: { 200: { description: 'text/event-stream of progress events', content: { 'text/event-stream': { schema: z.string() } } } },
      },
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
    },
  );
  r.post(
    '/api/v1/tenants/:tenant/messages/:id/follow-up',
    {
      config: { permission: 'messages.send' },
      schema: {
        tags,
        summary: 'Send the message on another channel to the residents it did not reach (those with consent and an address there)',
        params: messageParams,
        body: c.followUpInput,
        response: { 200: c.followUpResult },
      },
    },
    async (req) => progress.followUpMessage(deps, staffOf(req), req.tenant, req.params.id, req.body.channel),
  );

  r.get(
    '/api/v1/tenants/:tenant/message-templates',
    {
      config: { permission: 'messages.read' },
      schema: { tags, summary: 'Templates of this municipality and of its networks (read-only)', params, response: { 200: c.templateList } },
    },
    async (req) => templates.listTemplates(deps, req.tenant),
  );
  r.post(
    '/api/v1/tenants/:tenant/message-templates',
    {
      config: { permission: 'messages.write' },
      schema: { tags, summary: 'A new template', params, body: c.templateInput, response: { 201: c.messageTemplate } },
    },
    async (req, reply) => reply.status(201).send(await templates.createTemplate(deps, actorOf(req), req.tenant, req.body)),
  );
  r.patch(
    '/api/v1/tenants/:tenant/message-templates/:id',
    {
      config: { permission: 'messages.write' },
      schema: {
        tags,
        summary: 'Change a template of this municipality',
        params: templateParams,
        body: c.templateUpdateInput,
        response: { 200: c.messageTemplate },
      },
    },
    async (req) => templates.updateTemplate(deps, actorOf(req), req.tenant, req.params.id, req.body),
  );
  r.delete(
    '/api/v1/tenants/:tenant/message-templates/:id',
    {
      config: { permission: 'messages.write' },
      schema: { tags, summary: 'Delete a template of this municipality', params: templateParams, response: { 204: noContent } },
    },
    async (req, reply) => {
      await templates.deleteTemplate(deps, actorOf(req), req.tenant, req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/tenants/:tenant/message-settings',
    {
      config: { permission: 'messages.read' },
      schema: { tags, summary: 'Languages, approval policy and SMS part limit', params, response: { 200: c.messageSettings } },
    },
    async (req) => settingsOf(req.tenant),
  );
  r.patch(
    '/api/v1/tenants/:tenant/message-settings',
    {
      config: { permission: 'tenant.manage' },
      schema: {
        tags,
        summary: 'Change languages, approval policy or SMS part limit',
        params,
        body: c.messageSettingsInput,
        response: { 200: c.messageSettings },
      },
    },
    async (req) => updateMessageSettings(deps, actorOf(req), req.tenant, req.body),
  );
}
