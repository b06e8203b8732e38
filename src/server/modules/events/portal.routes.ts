// The portal's event pages under /m/{tenant}/events: the list, an event's page, and the answer form (a plain form
// post; same-origin only). Answers need a signed-in resident who follows the municipality (their number is verified);
// anyone else gets a sign-in link that brings them back. A refused answer shows the page again with the reason.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RSVP_ANSWERS, type RsvpAnswer } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { clock } from '../../platform/clock.ts';
import { PORTAL_SECURITY_HEADERS, sendPortalNotFound, sendUncachedPage } from '../portal/index.ts';
import { isSameOrigin, residentPageContext } from '../residents/index.ts';
import { eventPage, listedEvents } from './portal.data.ts';
import { type EventsPageCtx, eventDetailPage, eventListPage, type RsvpFormState } from './portal.render.ts';
import { answerRsvp, refusalOf } from './rsvp.service.ts';

export { upcomingEvents } from './portal.data.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Events on the list page; a municipality with more announces them over months, not on one page. */
const LIST_LIMIT = 100;

type Req = FastifyRequest<{ Params: { tenant: string; id?: string }; Querystring: Record<string, unknown> }>;

interface Ctx {
  c: EventsPageCtx;
  residentId: string | null;
}

/** Residents act without a staff account; the audit names the portal and the request, never their address. */
const portalActor = (req: FastifyRequest): Actor => ({ userId: null, email: 'portal', ip: null, userAgent: null, requestId: req.id });

const first = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

const contextOf = (deps: AppDeps, req: Req): Promise<Ctx | null> => residentPageContext(deps, req);

/** The answer form's fields, or which one is wrong. */
function readForm(body: unknown): { answer: RsvpAnswer | ''; persons: string } {
  const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const answer = first(b.answer);
  return {
    answer: (RSVP_ANSWERS as readonly string[]).includes(answer) ? (answer as RsvpAnswer) : '',
    persons: first(b.persons).trim().slice(0, 10) || '1',
  };
}

export async function eventPortalRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/m/:tenant/events', { schema: { hide: true } }, async (request, reply) => {
    const ctx = await contextOf(deps, request as Req);
    if (!ctx) return sendPortalNotFound(request, reply);
    const list = await listedEvents(deps, ctx.c.tenant.id, clock.now(), LIST_LIMIT);
    return sendUncachedPage(reply, 200, eventListPage(ctx.c, list));
  });

  async function showEvent(req: Req, reply: FastifyReply, code: number, form: RsvpFormState = {}) {
    const ctx = await contextOf(deps, req);
    const id = req.params.id ?? '';
    if (!ctx || !UUID.test(id)) return sendPortalNotFound(req, reply);
    const data = await eventPage(deps, ctx.c.tenant.id, id, ctx.residentId, clock.now());
    if (!data) return sendPortalNotFound(req, reply);
    // a resident's own answer is on the page: never cached
    return sendUncachedPage(reply, code, eventDetailPage(ctx.c, data, form));
  }

  app.get('/m/:tenant/events/:id', { schema: { hide: true } }, async (request, reply) => {
    const saved = first((request.query as Record<string, unknown>).saved) === '1';
    return showEvent(request as Req, reply, 200, saved ? { notice: { kind: 'saved' } } : {});
  });

  app.post('/m/:tenant/events/:id/rsvp', { schema: { hide: true } }, async (request, reply) => {
    const req = request as Req;
    const ctx = await contextOf(deps, req);
    const id = req.params.id ?? '';
    if (!ctx || !UUID.test(id)) return sendPortalNotFound(req, reply);
    if (!isSameOrigin(deps, req)) return reply.code(403).headers(PORTAL_SECURITY_HEADERS).type('text/plain; charset=utf-8').send('Forbidden');
    const back = `/m/${ctx.c.tenant.slug}/events/${id}`;
    if (!ctx.residentId) return reply.redirect(`/m/${ctx.c.tenant.slug}/login?next=${encodeURIComponent(back)}`, 303);
    const values = readForm(req.body);
    if (!values.answer) return showEvent(req, reply, 400, { notice: { kind: 'refused', code: 'answer' }, values });
    const persons = /^\d{1,3}$/.test(values.persons) ? Number(values.persons) : Number.NaN;
    try {
      await answerRsvp(deps, ctx.c.tenant, id, ctx.residentId, { answer: values.answer, persons }, portalActor(req));
    } catch (err) {
      const code = refusalOf(err);
      if (code) return showEvent(req, reply, err instanceof AppError ? err.status : 400, { notice: { kind: 'refused', code }, values });
      if (err instanceof AppError && err.code === 'not_found') return sendPortalNotFound(req, reply);
      throw err;
    }
    return reply.redirect(`${back}?saved=1${ctx.c.explicit ? `&lang=${ctx.c.lang}` : ''}`, 303);
  });
}
