// What every survey page needs from the request: the tenant, the language, the signed-in resident (a follower of this
// municipality), the warning banner; the browser's poll token for link polls; the page's headers (never cached).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';
import { html, portalHref, type PortalPageCtx, renderPortalPage } from '../portal/index.ts';
import { residentPageContext } from '../residents/index.ts';
import { dateFormat } from '../../../common/date-format.ts';

/** The browser's token for link polls (random, httpOnly); the database keeps only its hash. */
export const POLL_COOKIE = 'civicast_poll';
const POLL_COOKIE_DAYS = 400;

export type SurveyReq = FastifyRequest<{ Params: { tenant: string; id?: string }; Querystring: Record<string, unknown> }>;

export interface SurveyPageCtx extends PortalPageCtx {
  /** The signed-in resident when they follow this municipality (and so may answer residents-only surveys). */
  residentId: string | null;
}

export async function surveyContextOf(deps: AppDeps, req: SurveyReq): Promise<SurveyPageCtx | null> {
  const ctx = await residentPageContext(deps, req);
  if (!ctx) return null;
  const { session, follow } = ctx;
  // any signed-in resident sees the signed-in header; only an active follower answers residents-only surveys
  return { ...ctx.c, signedIn: session !== null, residentId: session && follow?.status === 'active' ? session.residentId : null };
}

/** A link inside the tenant's portal, keeping ?lang= when the language was chosen. */
export const surveysHref = portalHref;

export const surveysShell = renderPortalPage;

/** A date in the municipality's time zone, as a <time>. */
export const dateOf = (c: SurveyPageCtx, at: Date, withTime = false) =>
  html`<time datetime="${at.toISOString()}">${dateFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', {
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
