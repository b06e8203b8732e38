// Public calendar files: `/m/{tenant}/events.ics` (every published, listed event; cancelled ones stay so calendars
// drop them), `/m/{tenant}/events/{id}.ics` (one published or cancelled event, listed or not: its link is public) and
// the event image `/m/{tenant}/events/{id}/image.jpg`. The feed is cached per tenant and dropped on events.changed.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { type CachedBody, sendWithEtag, toCachedBody } from '../../platform/etag.ts';
import { on } from '../../platform/events.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { findTenantBySlug } from '../tenants/index.ts';
import * as repo from './events.repository.ts';
import { eventCalendar } from './ical.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ICS = 'text/calendar; charset=utf-8';
/** Events one feed carries at most. */
const FEED_MAX = 1000;

/** The calendar files' headers besides the ETag. */
const headers = (cacheControl: string) => ({ 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' });

const slugParams = z.object({ tenant: z.string().max(64) });
const idParams = slugParams.extend({ id: z.string().max(64) });

export async function eventCalendarRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const feeds = new LRUCache<string, CachedBody>({ max: 10_000, ttl: 10 * 60_000 });
  // a drop while a feed is being built must win: the build only stores when no change came in between
  const generation = new Map<string, number>();
  const drop = ({ tenantId }: { tenantId: string }) => {
    generation.set(tenantId, (generation.get(tenantId) ?? 0) + 1);
    feeds.delete(tenantId);
  };
  const offs = [on('events.changed', drop), on('tenant.changed', drop)];
  app.addHook('onClose', async () => {
    for (const off of offs) off();
  });

  const tenantOf = async (slug: string): Promise<TenantRow | null> => (SLUG.test(slug) ? ((await findTenantBySlug(deps.db, slug)) ?? null) : null);
  /** What `read` finds of one event of the municipality; drafts look like missing: nobody learns of one before it is published. */
  const publicEvent = async <T extends { status: string }>(params: z.infer<typeof idParams>, read: (tx: Tx, id: string) => Promise<T | null>) => {
    const tenant = await tenantOf(params.tenant);
    const found = tenant ? await deps.db.withTenant(tenant.id, (tx) => read(tx, params.id)) : null;
    return tenant && found && found.status !== 'draft' ? { tenant, found } : null;
  };

  r.get('/m/:tenant/events.ics', { schema: { hide: true, params: slugParams } }, async (req, reply) => {
    const tenant = await tenantOf(req.params.tenant);
    if (!tenant) return reply.callNotFound();
    let feed = feeds.get(tenant.id);
    if (!feed) {
      const gen = generation.get(tenant.id) ?? 0;
      const rows = await deps.db.withTenant(tenant.id, (tx) => repo.publishedEvents(tx, { listedOnly: true, limit: FEED_MAX }));
      feed = toCachedBody(eventCalendar(deps, tenant, rows, { name: `${tenant.name} – Veranstaltungen` }));
      if ((generation.get(tenant.id) ?? 0) === gen) feeds.set(tenant.id, feed);
    }
    return sendWithEtag(req, reply, feed, ICS, headers('public, max-age=300'));
  });

  r.get('/m/:tenant/events/:id.ics', { schema: { hide: true, params: idParams } }, async (req, reply) => {
    const hit = await publicEvent(req.params, repo.findEvent);
    if (!hit) return reply.callNotFound();
    const file = toCachedBody(eventCalendar(deps, hit.tenant, [hit.found]));
    reply.header('content-disposition', `attachment; filename="veranstaltung-${hit.found.id.slice(0, 8)}.ics"`);
    return sendWithEtag(req, reply, file, ICS, headers('public, max-age=60'));
  });

  r.get('/m/:tenant/events/:id/image.jpg', { schema: { hide: true, params: idParams } }, async (req, reply) => {
    const image = (await publicEvent(req.params, repo.eventImage))?.found;
    if (!image) return reply.callNotFound();
    const etag = `"${req.params.id}-${image.updatedAt.getTime()}"`;
    return sendWithEtag(req, reply, { body: image.data, etag }, image.type, {
      ...headers('public, no-cache'),
      'content-security-policy': "default-src 'none'",
    });
  });
}
