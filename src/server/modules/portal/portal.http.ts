// What every portal response shares: security headers, language choice, cached bodies with ETags, 404 and error pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptsHtml, type Problem } from '../../platform/http.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type CachedBody, sendWithEtag } from '../../platform/etag.ts';
import type { CachedView } from './portal.cache.ts';
import type { Lang } from './portal.html.ts';
import { renderErrorPage, renderNotFoundPage, renderThemeCss, type TenantPageInput } from './portal.render.ts';

/** Every resident-facing HTML page: only our own origin, no framing, no referrer to other sites. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};
/** The resident's session cookie (set by the residents module); the portal only looks whether it is there. */
export const RESIDENT_COOKIE = 'civicast_resident';
export const HTML = 'text/html; charset=utf-8';
/**
 * The start page may sit in a browser or CDN for 10 s, its data in the server for 5 s. The process that handles an
 * all-clear drops the tenant's pages at once ('portal.content'): its banner is gone within 10 s; in other processes,
 * and after an expiry (no event), within 15 s. Other pages revalidate on every view: the server's 5 s alone.
 */
export const START_CACHE = 'public, max-age=10';
export const PAGE_CACHE = 'public, max-age=0, must-revalidate';
export const ASSET_CACHE = 'public, max-age=86400';
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// only raster types: an SVG served from our origin could carry script
export const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

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

export interface LangChoice {
  lang: Lang;
  /** Chosen with ?lang=, so the page's internal links carry it on. */
  explicit: boolean;
}

export function chooseLang(req: FastifyRequest, fallback: string): LangChoice {
  const q = (req.query as { lang?: unknown } | undefined)?.lang;
  const given = Array.isArray(q) ? q[0] : q;
  if (given === 'de' || given === 'en') return { lang: given, explicit: true };
  const accepted = langFromAcceptLanguage(req.headers['accept-language']);
  return { lang: accepted ?? (fallback === 'en' ? 'en' : 'de'), explicit: false };
}

export const pathOf = (url: string) => {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
};
export const queryOf = (url: string) => {
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i);
};

export function sendCached(req: FastifyRequest, reply: FastifyReply, body: CachedBody, type: string, cacheControl: string, varyLanguage: boolean) {
  if (varyLanguage) reply.header('vary', 'Accept-Language');
  return sendWithEtag(req, reply, body, type, { ...SECURITY_HEADERS, 'cache-control': cacheControl });
}

/** A page that depends on who asks (their answers, their street, their settings): the portal's headers, never cached. */
export function sendUncachedPage(reply: FastifyReply, code: number, body: string, headers: Record<string, string> = {}) {
  return reply
    .code(code)
    .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store', ...headers })
    .type(HTML)
    .send(body);
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

export function redirect(reply: FastifyReply, location: string, code: 301 | 302) {
  return reply
    .headers(SECURITY_HEADERS)
    .header('cache-control', code === 301 ? 'public, max-age=300' : 'no-cache')
    .redirect(location, code);
}

/** A known tenant and its cached view (bodies rendered from the tenant row alone: theme, logo, manifest, icons). */
export interface FoundTenant {
  view: CachedView<TenantRow>;
  tenant: TenantRow;
}

/** What every tenant page's layout needs from the request: language, theme URL, signed-in state. */
export function pageInputOf(req: FastifyRequest, found: FoundTenant, publicUrl: string): TenantPageInput & { signedIn: boolean } {
  const { view, tenant } = found;
  const { lang, explicit } = chooseLang(req, tenant.locale);
  const theme = view.body('theme', () => renderThemeCss(tenant.brandColor));
  // with a session cookie the header shows the signed-in state: that variant is private to the browser, never shared
  const signedIn = Boolean(req.cookies?.[RESIDENT_COOKIE]);
  return { lang, explicitLang: explicit, themeHref: `/m/${tenant.slug}/theme.css?v=${theme.etag.slice(1, 11)}`, publicUrl, signedIn };
}
