// Public CAP 1.2 documents (/m/{tenant}/alerts/{id}.cap.xml) and the Atom index of current warnings
// (/m/{tenant}/alerts.atom), with ETag and Cache-Control for a CDN in front. A version's document never changes once
// sent, so it is cached as long as memory allows; the index for a few seconds and dropped on every change.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { type CachedBody, sendWithEtag, toCachedBody } from '../../platform/etag.ts';
import { on } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { findTenantBySlug } from '../tenants/index.ts';
import { atomIndex, capDocument } from './warnings.cap.ts';
import { capPath } from './warnings.present.ts';
import * as repo from './warnings.repository.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CAP_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.cap\.xml$/;
/** What CAP consumers parse everywhere; the Atom index names the CAP type on its links. */
const XML = 'application/xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'access-control-allow-origin': '*',
};

export async function warningPublicRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tenants = new LRUCache<string, { tenant: TenantRow | null }>({ max: 10_000, ttl: 10_000 });
  const documents = new LRUCache<string, CachedBody>({ max: 5_000 });
  const indexes = new LRUCache<string, CachedBody>({ max: 10_000, ttl: 5_000 });
  // a renamed municipality is the documents' senderName: drop its documents and index with it
  const offTenant = on('tenant.changed', ({ tenantId, slug }) => {
    tenants.delete(slug);
    indexes.delete(tenantId);
    for (const key of documents.keys()) if (key.startsWith(`${tenantId}:`)) documents.delete(key);
  });
  const offContent = on('portal.content', ({ tenantId }) => indexes.delete(tenantId));
  app.addHook('onClose', async () => {
    offTenant();
    offContent();
  });

  async function tenantOf(slug: string): Promise<TenantRow | null> {
    if (!SLUG.test(slug)) return null;
    const hit = tenants.get(slug);
    if (hit) return hit.tenant;
    const tenant = (await findTenantBySlug(deps.db, slug)) ?? null;
    tenants.set(slug, { tenant });
    return tenant;
  }
  const capTenant = (t: TenantRow) => ({ slug: t.slug, name: t.name, timeZone: t.timeZone, ags: t.ags });
  const web = (t: TenantRow) => `${deps.config.publicUrl}/m/${t.slug}/alerts`;

  r.get('/m/:tenant/alerts/:file', { schema: { hide: true, params: z.object({ tenant: z.string(), file: z.string() }) } }, async (req, reply) => {
    const tenant = await tenantOf(req.params.tenant);
    const id = CAP_FILE.exec(req.params.file)?.[1];
    if (!tenant || !id) return reply.callNotFound();
    const key = `${tenant.id}:${id}`;
    let doc = documents.get(key);
    if (!doc) {
      const found = await deps.db.withTenant(tenant.id, async (tx) => {
        const w = await repo.findWarning(tx, id);
        if (!w) return null;
        const earlier = w.references.length ? (await repo.chainVersions(tx, w.chainId)).filter((v) => v.version < w.version) : [];
        return capDocument(w, { tenant: capTenant(tenant), earlier, web: web(tenant) });
      });
      if (!found) return reply.callNotFound();
      doc = toCachedBody(found);
      documents.set(key, doc);
    }
    return sendWithEtag(req, reply, doc, XML, { ...HEADERS, 'cache-control': 'public, max-age=60' });
  });

  r.get('/m/:tenant/alerts.atom', { schema: { hide: true, params: z.object({ tenant: z.string() }) } }, async (req, reply) => {
    const tenant = await tenantOf(req.params.tenant);
    if (!tenant) return reply.callNotFound();
    let index = indexes.get(tenant.id);
    if (!index) {
      const now = new Date();
      const rows = await deps.db.withTenant(tenant.id, (tx) => repo.currentLatest(tx, now));
      const entries = rows.map((warning) => ({ warning, capUrl: `${deps.config.publicUrl}${capPath(tenant.slug, warning.id)}` }));
      index = toCachedBody(atomIndex(capTenant(tenant), `${deps.config.publicUrl}/m/${tenant.slug}/alerts.atom`, entries, now));
      // never cached past the first expiry among its entries
      const firstExpiry = Math.min(...rows.map((w) => w.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY));
      indexes.set(tenant.id, index, { ttl: Math.max(1, Math.min(5_000, firstExpiry - now.getTime())) });
    }
    return sendWithEtag(req, reply, index, ATOM, { ...HEADERS, 'cache-control': 'public, max-age=5' });
  });
}
