// Resident portal routes: the list of municipalities, the address without a slash, theme, logo and stylesheet; the
// pages with content (start, news, alerts, legal pages, feed, manifest) live in portal.content.routes.ts.
import type {} from '@fastify/swagger'; // `hide` in route schemas: HTML pages stay out of the OpenAPI document
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { on } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { findTenantBySlug, listTenantNames } from '../tenants/index.ts';
import { createViewCache } from './portal.cache.ts';
import type { PortalSources } from './portal.content.ts';
import { portalContentRoutes, START_QUERY } from './portal.content.routes.ts';
import {
  ASSET_CACHE,
  chooseLang,
  type FoundTenant,
  HTML,
  LOGO_TYPES,
  PAGE_CACHE,
  pathOf,
  queryOf,
  redirect,
  SLUG,
  sendCached,
  sendNotFound,
  START_CACHE,
} from './portal.http.ts';
import { portalCss, renderIndexPage, renderThemeCss } from './portal.render.ts';

export { langFromAcceptLanguage, RESIDENT_COOKIE, SECURITY_HEADERS, sendNotFound, sendProblemPage } from './portal.http.ts';

const CSS = 'text/css; charset=utf-8';
const LOGO_CACHE = 'public, max-age=300';

type TenantName = Pick<TenantRow, 'slug' | 'name'>;

/** `sources`: where news, warnings and topics come from (app.ts hands in the modules' functions). */
export async function portalRoutes(app: FastifyInstance, deps: AppDeps, sources: PortalSources = {}): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const views = createViewCache<TenantRow>((slug) => findTenantBySlug(deps.db, slug));
  const index = createViewCache<TenantName[]>(() => listTenantNames(deps.db));
  const off = on('tenant.changed', ({ slug }) => {
    views.delete(slug);
    index.clear();
  });
  app.addHook('onClose', async () => off());

  const params = z.object({ tenant: z.string() });
  const querystring = z.looseObject({ lang: z.unknown().optional() });
  const schema = { hide: true, params, querystring };

  /** The cached view of a known tenant, or null (unknown slugs are cached too, briefly). */
  async function viewOf(slug: string): Promise<FoundTenant | null> {
    if (!SLUG.test(slug)) return null;
    const view = await views.get(slug);
    return view.data ? { view, tenant: view.data } : null;
  }
  const { serveStart } = await portalContentRoutes(app, deps, sources, viewOf);

  r.get('/', { schema: { hide: true, querystring } }, async (req, reply) => {
    const view = await index.get('all');
    const list = view.data ?? [];
    const { lang, explicit } = chooseLang(req, 'de');
    const query = explicit ? `?lang=${lang}` : '';
    if (list.length === 1) return redirect(reply, `/m/${list[0].slug}/${query}`, 302);
    const body = view.body(`${lang}:${explicit ? 1 : 0}`, () => renderIndexPage(list, lang, query));
    return sendCached(req, reply, body, HTML, PAGE_CACHE, true);
  });

  // with the router's ignoreTrailingSlash, '/m/:tenant' is already the start page route (handled there)
  const cfg = app.initialConfig as { ignoreTrailingSlash?: boolean; routerOptions?: { ignoreTrailingSlash?: boolean } };
  const ignoresTrailingSlash = Boolean(cfg.ignoreTrailingSlash || cfg.routerOptions?.ignoreTrailingSlash);
  const redirectToSlash = (req: FastifyRequest, reply: FastifyReply, slug: string) =>
    SLUG.test(slug) ? redirect(reply, `/m/${slug}/${queryOf(req.url)}`, 301) : sendNotFound(req, reply);
  if (!ignoresTrailingSlash) r.get('/m/:tenant', { schema }, async (req, reply) => redirectToSlash(req, reply, req.params.tenant));

  r.get('/m/:tenant/', { schema: { hide: true, params, querystring: START_QUERY } }, async (req, reply) => {
    if (!pathOf(req.url).endsWith('/')) return redirectToSlash(req, reply, req.params.tenant);
    return serveStart(req, reply, req.params.tenant);
  });

  r.get('/m/:tenant/theme.css', { schema }, async (req, reply) => {
    const found = await viewOf(req.params.tenant);
    if (!found) return sendNotFound(req, reply);
    const body = found.view.body('theme', () => renderThemeCss(found.tenant.brandColor));
    const versioned = (req.query as { v?: unknown }).v === body.etag.slice(1, 11);
    return sendCached(req, reply, body, CSS, versioned ? ASSET_CACHE : START_CACHE, false);
  });

  r.get('/m/:tenant/logo', { schema }, async (req, reply) => {
    const found = await viewOf(req.params.tenant);
    const logo = found?.tenant.logo;
    const type = found?.tenant.logoType;
    if (!found || !logo || !type || !LOGO_TYPES.has(type)) return sendNotFound(req, reply);
    const body = found.view.body('logo', () => Buffer.from(logo, 'base64'));
    return sendCached(req, reply, body, type, LOGO_CACHE, false);
  });

  r.get('/assets/portal.css', { schema: { hide: true } }, async (req, reply) => sendCached(req, reply, portalCss, CSS, ASSET_CACHE, false));
}
