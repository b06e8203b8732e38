// What every module's portal page shares: the page context (tenant, language, theme, sign-in, warning banner), the
// tenant's page frame with the title, and links that keep the chosen language. Modules extend the context as needed.
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { findTenantBySlug } from '../tenants/index.ts';
import { toCachedBody } from '../../platform/etag.ts';
import { type PortalWarning, portalWarnings } from './portal.content.ts';
import { type Html, type Lang, t } from './portal.html.ts';
import { langFromAcceptLanguage } from './portal.http.ts';
import { renderTenantShell, renderThemeCss } from './portal.render.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface PortalPageCtx {
  tenant: TenantRow;
  lang: Lang;
  /** The language was chosen with ?lang= (links keep it). */
  explicit: boolean;
  themeHref: string;
  publicUrl: string;
  signedIn: boolean;
  warnings: readonly PortalWarning[];
}

/** The tenant's stylesheet, versioned by its content so a new brand colour is fetched at once. */
export const portalThemeHref = (tenant: TenantRow) => `/m/${tenant.slug}/theme.css?v=${toCachedBody(renderThemeCss(tenant.brandColor)).etag.slice(1, 11)}`;

/** The municipality of a /m/{tenant}/ path; null for a malformed or unknown slug (the caller answers 404). */
export async function tenantOfSlug(deps: AppDeps, slug: string): Promise<TenantRow | null> {
  return SLUG.test(slug) ? ((await findTenantBySlug(deps.db, slug)) ?? null) : null;
}

/** A page's context before sign-in is known (the residents module adds it): ?lang=, else the browser's, else the tenant's. */
export async function portalPageOf(deps: AppDeps, req: FastifyRequest, tenant: TenantRow): Promise<Omit<PortalPageCtx, 'signedIn'>> {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  const explicit = q === 'de' || q === 'en';
  const lang: Lang = explicit ? q : (langFromAcceptLanguage(req.headers['accept-language']) ?? (tenant.locale === 'en' ? 'en' : 'de'));
  return { tenant, lang, explicit, themeHref: portalThemeHref(tenant), publicUrl: deps.config.publicUrl, warnings: await portalWarnings(req, tenant.id) };
}

/** A link inside the tenant's portal, with query parameters, keeping ?lang= when the language was chosen. */
export function portalHref(c: PortalPageCtx, path: string, query: Record<string, string> = {}): string {
  const q = new URLSearchParams(query);
  if (c.explicit) q.set('lang', c.lang);
  const s = q.toString();
  return `/m/${c.tenant.slug}/${path}${s ? `?${s}` : ''}`;
}

/** A page in the tenant's frame, titled "<heading> – <municipality>". */
export function renderPortalPage(c: PortalPageCtx, heading: Html | string, main: Html): string {
  return renderTenantShell(
    c.tenant,
    { lang: c.lang, explicitLang: c.explicit, themeHref: c.themeHref, publicUrl: c.publicUrl, signedIn: c.signedIn, warnings: c.warnings },
    t(c.lang, 'pageTitle', { page: heading, name: c.tenant.name }),
    main,
  );
}
