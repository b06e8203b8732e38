// Resident portal routes: server-rendered pages cached per (slug, page, language), assets and the tenant logo.
import type {} from '@fastify/swagger'; // `hide` in route schemas: HTML pages stay out of the OpenAPI document
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { acceptsHtml, type Problem } from '../../platform/http.ts';
import { on } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { findTenantBySlug, listTenantNames } from '../tenants/index.ts';
import { type CachedBody, createViewCache, etagMatches } from './portal.cache.ts';
import {
  type Lang,
  portalCss,
  renderErrorPage,
  renderIndexPage,
  renderNotFoundPage,
  renderTenantPage,
  renderThemeCss,
  type TenantPage,
} from './portal.render.ts';

/** Every resident-facing HTML page: only our own origin, no framing, no referrer to other sites. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};
/** The resident's session cookie (set by the residents module); the portal only looks whether it is there. */
export const RESIDENT_COOKIE = 'civicast_resident';
const HTML = 'text/html; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const START_CACHE = 'public, max-age=10';
const PAGE_CACHE = 'public, max-age=0, must-revalidate';
const ASSET_CACHE = 'public, max-age=86400';
const LOGO_CACHE = 'public, max-age=300';
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// only raster types: an SVG served from our origin could carry script
const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
const LEGAL_PAGES = [
  ['impressum', 'imprint'],
  ['datenschutz', 'privacy'],
  ['barrierefreiheit', 'accessibility'],
] as const satisfies readonly (readonly [string, TenantPage])[];

type TenantName = Pick<TenantRow, 'slug' | 'name'>;

/** The first of de/en in an Accept-Language header, by quality (ties keep header order). */
export function langFromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  let best: Lang | undefined;
  let bestQ = 0;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (primary !== 'de' && primary !== 'en') continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (q > bestQ) {
      best = primary;
      bestQ = q;
    }
  }
  return best;
}

interface LangChoice {
  lang: Lang;
  /** Chosen with ?lang=, so the page's internal links carry it on. */
  explicit: boolean;
}

function chooseLang(req: FastifyRequest, fallback: string): LangChoice {
  const q = (req.query as { lang?: unknown } | undefined)?.lang;
  const given = Array.isArray(q) ? q[0] : q;
  if (given === 'de' || given === 'en') return { lang: given, explicit: true };
  const accepted = langFromAcceptLanguage(req.headers['accept-language']);
  return { lang: accepted ?? (fallback === 'en' ? 'en' : 'de'), explicit: false };
}

const pathOf = (url: string) => {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
};
const queryOf = (url: string) => {
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i);
};

function sendCached(req: FastifyRequest, reply: FastifyReply, body: CachedBody, type: string, cacheControl: string, varyLanguage: boolean) {
  reply.headers(SECURITY_HEADERS).header('etag', body.etag).header('cache-control', cacheControl);
  if (varyLanguage) reply.header('vary', 'Accept-Language');
  if (etagMatches(req.headers['if-none-match'], body.etag)) return reply.code(304).send();
  return reply.type(type).send(body.body);
}

const notFoundBodies: Record<Lang, Buffer> = { de: Buffer.from(renderNotFoundPage('de')), en: Buffer.from(renderNotFoundPage('en')) };

export function sendNotFound(req: FastifyRequest, reply: FastifyReply) {
  const { lang } = chooseLang(req, 'de');
  reply.headers(SECURITY_HEADERS).header('vary', 'Accept-Language').header('cache-control', 'public, max-age=5');
  return reply.code(404).type(HTML).send(notFoundBodies[lang]);
}

/** A browser on a resident page gets an error as a page in the portal's layout, never problem+json (scripts still do). */
export function sendProblemPage(req: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply | undefined {
  if (!req.url.startsWith('/m/') || !acceptsHtml(req)) return undefined;
  const slug = /^\/m\/([^/?#]+)/.exec(req.url)?.[1] ?? '';
  const back = SLUG.test(slug) ? `/m/${slug}/` : '/';
  const { lang } = chooseLang(req, 'de');
  reply.headers(SECURITY_HEADERS).header('cache-control', 'no-store').header('vary', 'Accept, Accept-Language');
  return reply
    .code(problem.status)
    .type(HTML)
    .send(renderErrorPage(lang, problem.status, back, problem.requestId));
}

function redirect(reply: FastifyReply, location: string, code: 301 | 302) {
  return reply
    .headers(SECURITY_HEADERS)
    .header('cache-control', code === 301 ? 'public, max-age=300' : 'no-cache')
    .redirect(location, code);
}

export async function portalRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
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
  async function viewOf(slug: string) {
    if (!SLUG.test(slug)) return null;
    const view = await views.get(slug);
    return view.data ? { view, tenant: view.data } : null;
  }

  async function servePage(req: FastifyRequest, reply: FastifyReply, slug: string, page: TenantPage) {
    const found = await viewOf(slug);
    if (!found) return sendNotFound(req, reply);
    const { view, tenant } = found;
    const { lang, explicit } = chooseLang(req, tenant.locale);
    const theme = view.body('theme', () => renderThemeCss(tenant.brandColor));
    const themeHref = `/m/${tenant.slug}/theme.css?v=${theme.etag.slice(1, 11)}`;
    // with a session cookie the header shows the signed-in state: that variant is private to the browser, never shared
    const signedIn = Boolean(req.cookies?.[RESIDENT_COOKIE]);
    const body = view.body(`${page}:${lang}:${explicit ? 1 : 0}${signedIn ? ':in' : ''}`, () =>
      renderTenantPage(tenant, page, { lang, explicitLang: explicit, themeHref, publicUrl: deps.config.publicUrl, signedIn }),
    );
    return sendCached(req, reply, body, HTML, signedIn ? 'private, no-cache' : page === 'start' ? START_CACHE : PAGE_CACHE, true);
  }

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

  r.get('/m/:tenant/', { schema }, async (req, reply) => {
    if (!pathOf(req.url).endsWith('/')) return redirectToSlash(req, reply, req.params.tenant);
    return servePage(req, reply, req.params.tenant, 'start');
  });

  for (const [path, page] of LEGAL_PAGES) {
    r.get(`/m/:tenant/${path}`, { schema }, async (req, reply) => servePage(req, reply, req.params.tenant, page));
  }

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
