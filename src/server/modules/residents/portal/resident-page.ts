// What the other modules' portal pages share with the residents module: the page context with the signed-in follower,
// and the limits of a form post (the same-origin rule is isSameOrigin in resident-session.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/context.ts';
import type { LimitCheck } from '../../../platform/rate-limit.ts';
import { type PortalPageCtx, portalPageOf, tenantOfSlug } from '../../portal/index.ts';
import { ipPrefix } from '../residents.crypto.ts';
import { getFollow } from '../residents.service.ts';
import { loadResident } from './resident-session.ts';

export type PortalPageReq = FastifyRequest<{ Params: { tenant: string } }>;

export interface ResidentPageContext {
  /** `signedIn`: a resident who follows this municipality is signed in. */
  c: PortalPageCtx;
  /** The signed-in resident when they follow this municipality, else null. */
  residentId: string | null;
  session: { sessionId: string; residentId: string } | null;
  follow: Awaited<ReturnType<typeof getFollow>> | null;
}

/** The page context of /m/{tenant}/…; null for an unknown municipality (the caller answers 404). */
export async function residentPageContext(deps: AppDeps, req: PortalPageReq): Promise<ResidentPageContext | null> {
  const tenant = await tenantOfSlug(deps, req.params.tenant);
  if (!tenant) return null;
  const session = await loadResident(deps, req);
  const follow = session ? await getFollow(deps, tenant.id, session.residentId) : null;
  const residentId = session && follow ? session.residentId : null;
  return { c: { ...(await portalPageOf(deps, req, tenant)), signedIn: residentId !== null }, residentId, session, follow };
}

type Limit = (req: FastifyRequest, key: string) => Promise<LimitCheck>;

/**
 * A portal form post's limits: its address range (/24, /48: a family or an office shares one) first, then the sender
 * when there is one. On a refusal Retry-After is set and false returned: the caller answers 429 with its page.
 */
export async function withinPortalLimits(req: FastifyRequest, reply: FastifyReply, perRange: Limit, sender?: { limit: Limit; key: string }): Promise<boolean> {
  const range = await perRange(req, ipPrefix(req.ip) ?? req.ip);
  const check = range.allowed && sender ? await sender.limit(req, sender.key) : range;
  if (check.allowed) return true;
  reply.header('retry-after', String(check.retryAfterSeconds));
  return false;
}
