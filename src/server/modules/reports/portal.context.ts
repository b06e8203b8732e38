// What every report page needs from the request: the tenant, the language, the signed-in resident (a follower of this
// municipality), the warning banner, the map's tiles, and a Content-Security-Policy that allows exactly that tile server.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tileOrigins, tileUrlProblem } from '../../../common/map-tiles.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { keyedLimit } from '../../platform/rate-limit.ts';
import { PORTAL_SECURITY_HEADERS, sendUncachedPage } from '../portal/index.ts';
import { ipPrefix, residentPageContext } from '../residents/index.ts';
import type { ReportsPageCtx } from './portal.render.ts';

export type PortalReq = FastifyRequest<{ Params: { tenant: string; number?: string }; Querystring: Record<string, unknown> }> & { reportsCsp?: string };

export interface ReportsCtx {
  c: ReportsPageCtx;
  /** The signed-in resident when they follow this municipality (they report with their account). */
  residentId: string | null;
}

/** The portal's policy with the tile server's origins added to img-src (only on the report pages, which load tiles). */
export function reportsCsp(tileUrl: string | null): string {
  const base = PORTAL_SECURITY_HEADERS['content-security-policy'];
  if (!tileUrl) return base;
  return base.replace("img-src 'self' data:", `img-src 'self' data: ${tileOrigins(tileUrl).join(' ')}`);
}

export async function portalContextOf(deps: AppDeps, req: PortalReq): Promise<ReportsCtx | null> {
  const ctx = await residentPageContext(deps, req);
  if (!ctx) return null;
  const { tenant } = ctx.c;
  // the tenant's own tiles, else the installation's (as the console shows them); a hand-edited bad URL means no tiles
  const candidate = tenant.mapTileUrl ?? deps.config.map.tileUrl ?? null;
  const tileUrl = candidate && !tileUrlProblem(candidate) ? candidate : null;
  const attribution = tileUrl === tenant.mapTileUrl ? tenant.mapAttribution : tileUrl ? deps.config.map.attribution : null;
  req.reportsCsp = reportsCsp(tileUrl);
  return { c: { ...ctx.c, tileUrl, attribution: attribution ?? null }, residentId: ctx.residentId };
}

export const REPORT_FORM_LIMITS = {
  /** Reports per hour from one address range (/24, /48): a family or an office shares one. */
  perRangePerHour: 10,
  /** Reports per hour with one e-mail address, phone number or signed-in resident. */
  perContactPerHour: 5,
  /** Follows and reopenings per hour from one address range. */
  actionsPerRangePerHour: 30,
  /** Address searches and nearby look-ups per hour from one address range (a map pin dragged about). */
  lookupsPerRangePerHour: 600,
} as const;

/** A keyed limit per hour (counted in the shared store, so every process of the installation shares it). */
export const hourlyLimit = (app: FastifyInstance, name: string, max: number) => keyedLimit(app, { name, max, timeWindow: 3600_000 });
export const rangeOf = (req: FastifyRequest) => ipPrefix(req.ip) ?? req.ip;

/** Residents act without a staff account; the audit names the portal and the request, never their address. */
export const portalActor = (req: FastifyRequest): Actor => ({ userId: null, email: 'portal', ip: null, userAgent: null, requestId: req.id });

/** A report number in a path: digits only, no leading zero. */
export const REPORT_NUMBER = /^[1-9]\d{0,14}$/;

/** The context of a page under /reports/:number with that number; null (a 404) for an unknown town or a bad number. */
export async function reportPathContextOf(deps: AppDeps, req: PortalReq): Promise<(ReportsCtx & { number: number }) | null> {
  const ctx = await portalContextOf(deps, req);
  const number = req.params.number ?? '';
  return ctx && REPORT_NUMBER.test(number) ? { ...ctx, number: Number(number) } : null;
}

/** The first string of a form or query value (a field sent twice counts once). */
export const firstString = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** An HTML page of the report pages: the portal's headers with this page's CSP (tile server), never cached. */
export function sendReportsPage(reply: FastifyReply, code: number, body: string) {
  const req = reply.request as PortalReq;
  return sendUncachedPage(reply, code, body, { 'content-security-policy': req.reportsCsp ?? PORTAL_SECURITY_HEADERS['content-security-policy'] });
}
