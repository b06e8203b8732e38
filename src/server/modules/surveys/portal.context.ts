// What every survey page needs from the request: the tenant, the language, the signed-in resident (a follower of this
// municipality), the warning banner; the browser's poll token for link polls; the page's headers (never cached).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import {
  type Html,
  html,
  type Lang,
  langFromAcceptLanguage,
  PORTAL_SECURITY_HEADERS,
  type PortalWarning,
  portalWarnings,
  renderTenantShell,
  renderThemeCss,
  t,
  toCachedBody,
} from '../portal/index.ts';
import { getFollow, loadResident } from '../residents/index.ts';
import { findTenantBySlug } from '../tenants/index.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The browser's token for link polls (random, httpOnly); the database keeps only its hash. */
export const POLL_COOKIE = 'civicast_poll';
const POLL_COOKIE_DAYS = 400;

export type SurveyReq = FastifyRequest<{ Params: { tenant: string; id?: string }; Querystring: Record<string, unknown> }>;

export interface SurveyPageCtx {
  tenant: TenantRow;
  lang: Lang;
  explicit: boolean;
  themeHref: string;
  publicUrl: string;
  signedIn: boolean;
  warnings: readonly PortalWarning[];
  /** The signed-in resident when they follow this municipality (and so may answer residents-only surveys). */
  residentId: string | null;
}

export async function surveyContextOf(deps: AppDeps, req: SurveyReq): Promise<SurveyPageCtx | null> {
  const slug = req.params.tenant;
  const tenant = SLUG.test(slug) ? await findTenantBySlug(deps.db, slug) : null;
  if (!tenant) return null;
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  const explicit = q === 'de' || q === 'en';
  const lang: Lang = explicit ? q : (langFromAcceptLanguage(req.headers['accept-language']) ?? (tenant.locale === 'en' ? 'en' : 'de'));
  const session = await loadResident(deps, req);
  const follow = session ? await getFollow(deps, tenant.id, session.residentId) : null;
  const residentId = session && follow?.status === 'active' ? session.residentId : null;
  const theme = toCachedBody(renderThemeCss(tenant.brandColor)).etag.slice(1, 11);
  return {
    tenant,
    lang,
    explicit,
    themeHref: `/m/${tenant.slug}/theme.css?v=${theme}`,
    publicUrl: deps.config.publicUrl,
    signedIn: session !== null,
    warnings: await portalWarnings(req, tenant.id),
    residentId,
  };
}

/** A link inside the tenant's portal, keeping ?lang= when the language was chosen. */
export function surveysHref(c: SurveyPageCtx, path: string, params: Record<string, string> = {}): string {
  const q = new URLSearchParams(params);
  if (c.explicit) q.set('lang', c.lang);
  const query = q.toString();
  return `/m/${c.tenant.slug}/${path}${query ? `?${query}` : ''}`;
}

export function surveysShell(c: SurveyPageCtx, heading: Html | string, main: Html): string {
  return renderTenantShell(
    c.tenant,
    { lang: c.lang, explicitLang: c.explicit, themeHref: c.themeHref, publicUrl: c.publicUrl, signedIn: c.signedIn, warnings: c.warnings },
    t(c.lang, 'pageTitle', { page: heading, name: c.tenant.name }),
    main,
  );
}

/** A date in the municipality's time zone, as a <time>. */
export const dateOf = (c: SurveyPageCtx, at: Date, withTime = false) =>
  html`<time datetime="${at.toISOString()}">${new Intl.DateTimeFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', {
    timeZone: c.tenant.timeZone,
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(at)}</time>`;

export const pollToken = (req: FastifyRequest): string | null => {
  const v = req.cookies?.[POLL_COOKIE];
  return v && /^[A-Za-z0-9_-]{32,128}$/.test(v) ? v : null;
};

export function setPollToken(deps: AppDeps, reply: FastifyReply, slug: string, token: string) {
  reply.setCookie(POLL_COOKIE, token, {
    path: `/m/${slug}/surveys`,
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    maxAge: POLL_COOKIE_DAYS * 24 * 3600,
  });
}

/** An HTML page of the survey pages: the portal's headers, never cached (it depends on who asks). */
export function sendSurveyPage(reply: FastifyReply, code: number, body: string) {
  return reply
    .code(code)
    .headers({ ...PORTAL_SECURITY_HEADERS, 'cache-control': 'no-store' })
    .type('text/html; charset=utf-8')
    .send(body);
}
