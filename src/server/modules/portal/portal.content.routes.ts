// The portal's pages with content: start page (warnings, then news by topic and page), /news/{id}, /alerts, the legal
// pages, /feed.atom, the web app manifest and its icons. Each page's data is cached per tenant for a few seconds with
// the bodies rendered from it, and dropped on 'portal.content' and 'tenant.changed' (portal.content.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { createContentCaches, type PortalNewsItem, type PortalSources, type PortalTopic, type PortalWarning } from './portal.content.ts';
import { FEED_SIZE, renderNewsFeed } from './portal.feed.ts';
import { type FoundTenant, HTML, LOGO_TYPES, PAGE_CACHE, pageInputOf, sendCached, sendNotFound, START_CACHE } from './portal.http.ts';
import { defaultIcon, ICON_SIZES, renderManifest } from './portal.manifest.ts';
import { NEWS_PAGE_SIZE, renderAlertsPage, renderNewsPage, renderStartPage, START_PAGE_ITEMS, type StartPageData } from './portal.news.render.ts';
import { renderTenantPage, renderThemeCss, type TenantPage, type TenantPageInput } from './portal.render.ts';

const ATOM = 'application/atom+xml; charset=utf-8';
const MANIFEST = 'application/manifest+json; charset=utf-8';
const FEED_CACHE = 'public, max-age=60';
const MANIFEST_CACHE = 'public, max-age=300';
const ICON_CACHE = 'public, max-age=86400';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEGAL_PAGES = [
  ['impressum', 'imprint'],
  ['datenschutz', 'privacy'],
  ['barrierefreiheit', 'accessibility'],
] as const satisfies readonly (readonly [string, TenantPage])[];

/** The start page's query: ?page= (1…9999) and ?topic= (a topic key), each may be empty; anything else there is a 400. */
export const START_QUERY = z.looseObject({
  lang: z.unknown().optional(),
  page: z
    .string()
    .regex(/^([1-9][0-9]{0,3})?$/, 'must be a page number from 1 to 9999')
    .optional(),
  topic: z
    .string()
    .regex(/^([a-z0-9][a-z0-9-]{0,39})?$/, 'must be a topic key')
    .optional(),
});

type PageData =
  | ({ kind: 'start' } & StartPageData)
  | { kind: 'news'; warnings: PortalWarning[]; item: PortalNewsItem | null }
  | { kind: 'plain'; warnings: PortalWarning[] }
  | { kind: 'feed'; items: PortalNewsItem[] };

type ViewOf = (slug: string) => Promise<FoundTenant | null>;

export async function portalContentRoutes(app: FastifyInstance, deps: AppDeps, sources: PortalSources, viewOf: ViewOf) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const emptyNews = { items: [], total: 0 };

  // keys: "{tenantId}|{kind}|…" (topic keys and ids never contain "|")
  async function loadPage(key: string): Promise<PageData> {
    const [tenantId, kind, a = '', b = '', c = ''] = key.split('|');
    if (kind === 'feed') {
      const news = sources.listNews ? await sources.listNews(deps, tenantId, { page: 1, pageSize: FEED_SIZE, lang: a }) : emptyNews;
      return { kind, items: news.items };
    }
    // read with the page, not from the banner cache: so a page is never older than its own 5 s
    const warnings = sources.currentWarnings ? await sources.currentWarnings(deps, tenantId) : [];
    if (kind === 'start') {
      const [lang, topic, page] = [a, b || undefined, Number(c)];
      const [news, topics, events, surveys] = await Promise.all([
        sources.listNews ? sources.listNews(deps, tenantId, { topic, page, pageSize: NEWS_PAGE_SIZE, lang }) : emptyNews,
        sources.listTopics ? sources.listTopics(deps, tenantId) : [],
        sources.upcomingEvents ? sources.upcomingEvents(deps, tenantId, START_PAGE_ITEMS) : [],
        sources.openSurveys ? sources.openSurveys(deps, tenantId, START_PAGE_ITEMS) : [],
      ]);
      return { kind, warnings, news, topics, topic, page, events, surveys };
    }
    if (kind === 'news') return { kind, warnings, item: sources.getNews ? await sources.getNews(deps, tenantId, a, b) : null };
    return { kind: 'plain', warnings };
  }
  const caches = createContentCaches<PageData>(app, deps, sources, loadPage);

  /**
   * One cached page: the tenant (404 when unknown), the page's data under `key`, and its body per language,
   * language choice and signed-in state. `render` returns null for "no such page here" (404).
   */
  async function serve(
    req: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    key: (tenant: TenantRow, lang: string) => string,
    render: (tenant: TenantRow, input: TenantPageInput, data: PageData) => string | null,
    cacheControl: string,
  ) {
    const found = await viewOf(slug);
    if (!found) return sendNotFound(req, reply);
    const input = pageInputOf(req, found, deps.config.publicUrl);
    const view = await caches.pages.get(key(found.tenant, input.lang));
    const data = view.data;
    if (!data) return sendNotFound(req, reply);
    const variant = `${input.lang}:${input.explicitLang ? 1 : 0}:${input.signedIn ? 1 : 0}:${input.themeHref}`;
    // "no such page" renders as an empty body (cached like any other, dropped with the data)
    const body = view.body(variant, () => render(found.tenant, { ...input, warnings: 'warnings' in data ? data.warnings : [] }, data) ?? '');
    if (body.body.length === 0) return sendNotFound(req, reply);
    return sendCached(req, reply, body, HTML, input.signedIn ? 'private, no-cache' : cacheControl, true);
  }

  async function serveStart(req: FastifyRequest, reply: FastifyReply, slug: string) {
    const { page, topic } = req.query as z.infer<typeof START_QUERY>; // validated by the route's schema
    return serve(
      req,
      reply,
      slug,
      (tn, lang) => `${tn.id}|start|${lang}|${topic ?? ''}|${page || 1}`,
      (tn, input, d) => (d.kind === 'start' ? renderStartPage(tn, input, d, sources.pushOffer) : null),
      START_CACHE,
    );
  }

  const params = z.object({ tenant: z.string() });
  const querystring = z.looseObject({ lang: z.unknown().optional() });
  const schema = { hide: true, params, querystring };

  for (const [path, page] of LEGAL_PAGES) {
    r.get(`/m/:tenant/${path}`, { schema }, async (req, reply) =>
      serve(
        req,
        reply,
        req.params.tenant,
        (tn) => `${tn.id}|plain|${page}`,
        (tn, input) => renderTenantPage(tn, page, input),
        PAGE_CACHE,
      ),
    );
  }

  r.get('/m/:tenant/alerts', { schema }, async (req, reply) =>
    serve(
      req,
      reply,
      req.params.tenant,
      (tn) => `${tn.id}|plain|alerts`,
      (tn, input, d) => ('warnings' in d ? renderAlertsPage(tn, input, d.warnings) : null),
      PAGE_CACHE,
    ),
  );

  r.get('/m/:tenant/news/:id', { schema: { ...schema, params: z.object({ tenant: z.string(), id: z.string() }) } }, async (req, reply) => {
    const { id } = req.params;
    // an id that cannot be a message is not looked up
    if (!UUID.test(id)) return sendNotFound(req, reply);
    return serve(
      req,
      reply,
      req.params.tenant,
      (tn, lang) => `${tn.id}|news|${id.toLowerCase()}|${lang}`,
      (tn, input, d) => (d.kind === 'news' && d.item ? renderNewsPage(tn, input, d.item) : null),
      PAGE_CACHE,
    );
  });

  r.get('/m/:tenant/feed.atom', { schema: { hide: true, params } }, async (req, reply) => {
    const found = await viewOf(req.params.tenant);
    if (!found) return sendNotFound(req, reply);
    const { tenant } = found;
    const lang = tenant.locale === 'en' ? 'en' : 'de';
    const view = await caches.pages.get(`${tenant.id}|feed|${lang}`);
    const items = view.data?.kind === 'feed' ? view.data.items : [];
    const body = view.body('atom', () => renderNewsFeed(tenant, lang, items, deps.config.publicUrl));
    return sendCached(req, reply, body, ATOM, FEED_CACHE, false);
  });

  r.get('/m/:tenant/manifest.webmanifest', { schema }, async (req, reply) => {
    const found = await viewOf(req.params.tenant);
    if (!found) return sendNotFound(req, reply);
    const { view, tenant } = found;
    const { lang } = pageInputOf(req, found, deps.config.publicUrl);
    const iconVersion = iconVersionOf(found);
    const logo =
      tenant.logo && tenant.logoType && LOGO_TYPES.has(tenant.logoType)
        ? { data: view.body('logo', () => Buffer.from(tenant.logo ?? '', 'base64')), type: tenant.logoType }
        : null;
    const body = view.body(`manifest:${lang}`, () =>
      renderManifest(tenant, lang, {
        logo: logo ? { href: `/m/${tenant.slug}/logo?v=${logo.data.etag.slice(1, 11)}`, type: logo.type, data: logo.data.body } : null,
        iconHref: (size) => `/m/${tenant.slug}/icon-${size}.png?v=${iconVersion}`,
      }),
    );
    return sendCached(req, reply, body, MANIFEST, MANIFEST_CACHE, true);
  });

  /** The default icons change with the brand colour only: its theme's hash versions their URLs. */
  const iconVersionOf = (found: FoundTenant) => found.view.body('theme', () => renderThemeCss(found.tenant.brandColor)).etag.slice(1, 11);

  for (const size of ICON_SIZES) {
    r.get(`/m/:tenant/icon-${size}.png`, { schema: { hide: true, params } }, async (req, reply) => {
      const found = await viewOf(req.params.tenant);
      if (!found) return sendNotFound(req, reply);
      const body = found.view.body(`icon:${size}`, () => defaultIcon(size, found.tenant.brandColor));
      const versioned = (req.query as { v?: unknown }).v === iconVersionOf(found);
      return sendCached(req, reply, body, 'image/png', versioned ? ICON_CACHE : MANIFEST_CACHE, false);
    });
  }

  return { serveStart };
}
