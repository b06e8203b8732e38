// Staff API of events (inside the tenant scope): list, one event, create, change, publish, cancel, delete a draft,
// the image, the attendee list (JSON and CSV, audited), check-in at the door and the invitation message.
import { create as attachment } from 'content-disposition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { binaryFile, noContent } from '../../../common/contracts/common.ts';
import * as c from '../../../common/contracts/events.ts';
import { REPORT_PHOTO_LIMITS } from '../../../common/report-settings.ts';
import type { Actor } from '../../platform/audit.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { declareTenantRoutes, route } from '../../platform/tenant-routes.ts';
import { preparePhoto } from '../reports/index.ts';
import { attendeesCsv, checkIn, listAttendees, undoCheckIn } from './attendees.service.ts';
import { inviteToEvent } from './events.invite.ts';
import { getEventDetail, listEventsFor } from './events.queries.ts';
import * as repo from './events.repository.ts';
import * as service from './events.service.ts';

const params = z.object({ tenant: z.string().max(64) });
const id = params.extend({ id: z.uuid('must be an event id') });
const rsvp = id.extend({ rsvpId: z.uuid('must be an answer id') });
const csv = { description: 'Attendees as CSV (semicolon-separated, UTF-8 with BOM); audited', content: { 'text/csv': { schema: z.string() } } };
const jpeg = { description: 'The event image (JPEG without metadata)', content: { 'image/jpeg': { schema: binaryFile } } };
/** Image uploads arrive as the raw body, typed by the bytes (not the header) when prepared. */
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/heif', 'application/octet-stream'];

const staffOf = (req: FastifyRequest) => ({ ...actorOf(req), name: req.staff?.user.name ?? null });

export async function eventRoutes(app: FastifyInstance, deps: AppDeps) {
  const [read, write, attendees] = ['events.read', 'events.write', 'events.attendees'] as const;
  const detail = (req: FastifyRequest, eventId: string) => getEventDetail(deps, req.tenant, eventId);
  type Run<B extends z.ZodType> = (deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, input: z.output<B>) => Promise<{ id: string }>;
  /** A change to one event with a body (an edit, a cancellation): answers the event's detail as it is afterwards. */
  const change = <B extends z.ZodType>(endpoint: `${'PATCH' | 'POST'} /events/:id${string}`, summary: string, body: B, run: Run<B>) =>
    route(endpoint, write, { summary, params: id, body, response: { 200: c.eventDetail } }, async (req) =>
      detail(req, (await run(deps, actorOf(req), req.tenant, req.params.id, req.body as z.output<B>)).id),
    );
  const rows = [
    route(
      'GET /events',
      read,
      {
        summary: 'Events, newest first, filtered by status, text and upcoming/past, in pages',
        params,
        querystring: c.eventListQuery,
        response: { 200: c.eventList },
      },
      async (req) => listEventsFor(deps, req.tenant, req.query),
    ),
    route(
      'POST /events',
      write,
      { summary: 'A new event (a draft): local times in its IANA zone, optional RRULE', params, body: c.eventCreateInput, response: { 201: c.eventDetail } },
      async (req) => detail(req, (await service.createEvent(deps, actorOf(req), req.tenant, req.body)).id),
    ),
    route('GET /events/:id', read, { summary: 'An event with its counts and next occurrences', params: id, response: { 200: c.eventDetail } }, async (req) =>
      detail(req, req.params.id),
    ),
    change('PATCH /events/:id', 'Change an event; a new time or place raises SEQUENCE and tells those who answered', c.eventUpdateInput, service.updateEvent),
    route(
      'DELETE /events/:id',
      write,
      { summary: 'Delete a draft (cancel a published event instead)', params: id, response: { 204: noContent } },
      async (req) => {
        await service.deleteEvent(deps, actorOf(req), req.tenant, req.params.id);
      },
    ),
    route(
      'POST /events/:id/publish',
      write,
      { summary: 'Publish a draft: portal, events.ics, RSVPs', params: id, response: { 200: c.eventDetail } },
      async (req) => detail(req, (await service.publishEvent(deps, actorOf(req), req.tenant, req.params.id)).id),
    ),
    change(
      'POST /events/:id/cancel',
      'Cancel a published event with a reason; it stays, shown as cancelled, and those who answered are told',
      c.eventCancelInput,
      service.cancelEvent,
    ),
    route('GET /events/:id/image', read, { summary: "The event's image (drafts too)", params: id, response: { 200: jpeg } }, async (req, reply) => {
      const image = await deps.db.withTenant(req.tenant.id, (tx) => repo.eventImage(tx, req.params.id));
      if (!image) throw notFound('This image');
      return reply.type(image.type).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(image.data);
    }),
    route('DELETE /events/:id/image', write, { summary: "Remove the event's image", params: id, response: { 204: noContent } }, async (req) => {
      await service.setEventImage(deps, actorOf(req), req.tenant, req.params.id, null);
    }),
    route(
      'GET /events/:id/attendees',
      attendees,
      { summary: 'Who answered, with names (audited), and the counts', params: id, response: { 200: c.attendeeList } },
      async (req) => listAttendees(deps, actorOf(req), req.tenant, req.params.id),
    ),
    route(
      'GET /events/:id/attendees.csv',
      attendees,
      { summary: 'The attendee list as CSV (audited)', params: id, response: { 200: csv } },
      async (req, reply) => {
        const body = await attendeesCsv(deps, actorOf(req), req.tenant, req.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(`teilnehmende-${req.params.id.slice(0, 8)}.csv`))
          .header('cache-control', 'private, no-store')
          .send(body);
      },
    ),
    route(
      'POST /events/:id/rsvps/:rsvpId/check-in',
      attendees,
      {
        summary: 'Check an answer in at the door (how many of its persons came; default all)',
        params: rsvp,
        body: c.checkInInput,
        response: { 200: c.attendeeList },
      },
      async (req) => checkIn(deps, actorOf(req), req.tenant, req.params.id, req.params.rsvpId, req.body.persons),
    ),
    route(
      'DELETE /events/:id/rsvps/:rsvpId/check-in',
      attendees,
      { summary: 'Undo a check-in', params: rsvp, response: { 200: c.attendeeList } },
      async (req) => undoCheckIn(deps, actorOf(req), req.tenant, req.params.id, req.params.rsvpId),
    ),
    route(
      'POST /events/:id/invite',
      write,
      {
        summary: 'Draft the invitation message (linking the event page) to an audience; answers the message id',
        params: id,
        body: c.eventInviteInput,
        response: { 201: c.eventInvitation },
      },
      async (req) => inviteToEvent(deps, staffOf(req), req.tenant, req.params.id, req.body),
    ),
  ];
  declareTenantRoutes(app, ['events'], rows);
  // the image upload has its own body parser (raw bytes, the photo size limit): a child scope keeps it to this route
  await app.register(async (child) => {
    child.removeContentTypeParser(IMAGE_TYPES.filter((t) => child.hasContentTypeParser(t)));
    child.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: REPORT_PHOTO_LIMITS.bytes }, (_req, body, done) => done(null, body));
    declareTenantRoutes(child, ['events'], [imageUpload(deps)]);
  });
}

function imageUpload(deps: AppDeps) {
  return route(
    'PUT /events/:id/image',
    'events.write',
    { summary: 'Upload the image as the raw body (JPEG, PNG, WebP, GIF; stored as JPEG without metadata)', params: id, response: { 204: noContent } },
    async (req) => {
      if (!Buffer.isBuffer(req.body))
        throw new AppError('unsupported_media_type', `Send the image as the raw body with Content-Type ${IMAGE_TYPES.join(', ')}.`);
      const prepared = await preparePhoto(req.body).catch((err: unknown) => {
        if (err instanceof AppError)
          throw new AppError(
            err.code,
            err.detail,
            err.errors.map((e) => ({ ...e, pointer: '/body' })),
            err.extra,
          );
        throw err;
      });
      await service.setEventImage(deps, actorOf(req), req.tenant, req.params.id, { bytes: prepared.data, type: prepared.contentType });
    },
  );
}
