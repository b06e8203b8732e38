// Resident sign-in state: a signed, short-lived flow cookie between the code steps (the phone number it names is
// only trusted after verifyCode), server-side sessions in resident_sessions, and the same-origin rule for forms.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, sha256 } from '../../../platform/auth/crypto.ts';
import type { AppDeps } from '../../../platform/context.ts';
import { follows, residentSessions } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import { RESIDENT_COOKIE } from '../../portal/index.ts';

export { RESIDENT_COOKIE };
export const FLOW_COOKIE = 'civicast_resident_flow';
const SESSION_MS = 30 * 24 * 3600_000;
const FLOW_MS = 15 * 60_000;

export interface Flow {
  tenantId: string;
  purpose: 'register' | 'sign-in';
  phone: string;
  /** True only after verifyCode accepted a code for this phone. */
  verified: boolean;
  exp: number;
}

/** The cookies of a sign-in flow: signed, for the portal's account pages, as long as a code flow lasts. */
const flowCookie = (deps: AppDeps) =>
  ({ signed: true, path: '/m/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, maxAge: FLOW_MS / 1000 }) as const;

export function setFlow(deps: AppDeps, reply: FastifyReply, flow: Omit<Flow, 'exp'>) {
  const payload = Buffer.from(JSON.stringify({ ...flow, exp: Date.now() + FLOW_MS })).toString('base64url');
  reply.setCookie(FLOW_COOKIE, payload, flowCookie(deps));
}

export function readFlow(_deps: AppDeps, req: FastifyRequest, tenantId: string, purpose: Flow['purpose']): Flow | null {
  const raw = req.cookies?.[FLOW_COOKIE];
  if (!raw || raw.length > 1000) return null;
  const { valid, value } = req.unsignCookie(raw);
  if (!valid || !value) return null;
  try {
    const flow = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Flow;
    if (flow.tenantId !== tenantId || flow.purpose !== purpose || typeof flow.exp !== 'number' || flow.exp < Date.now()) return null;
    return flow;
  } catch {
    return null;
  }
}

export const clearFlow = (reply: FastifyReply) => reply.clearCookie(FLOW_COOKIE, { path: '/m/' });

export async function createResidentSession(deps: AppDeps, reply: FastifyReply, residentId: string, tenantId: string) {
  const token = randomToken();
  await deps.db.system.insert(residentSessions).values({ id: sha256(token), residentId, tenantId, expiresAt: new Date(Date.now() + SESSION_MS) });
  reply.setCookie(RESIDENT_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, maxAge: SESSION_MS / 1000 });
}

/** The signed-in resident's id, or null. */
export async function loadResident(deps: AppDeps, req: FastifyRequest): Promise<{ sessionId: string; residentId: string } | null> {
  const token = req.cookies?.[RESIDENT_COOKIE];
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  const [row] = await deps.db.system
    .select({ residentId: residentSessions.residentId })
    .from(residentSessions)
    .where(and(eq(residentSessions.id, id), gt(residentSessions.expiresAt, sql`now()`)))
    .limit(1);
  return row ? { sessionId: id, residentId: row.residentId } : null;
}

export async function destroyResidentSession(deps: AppDeps, req: FastifyRequest, reply: FastifyReply) {
  const token = req.cookies?.[RESIDENT_COOKIE];
  if (token && token.length <= 100) await deps.db.system.delete(residentSessions).where(eq(residentSessions.id, sha256(token)));
  reply.clearCookie(RESIDENT_COOKIE, { path: '/' });
}

function originOf(value: string | undefined): string | null {
  if (!value || value === 'null') return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * CSRF defence for the portal's forms: a state-changing POST must name this site in Origin (or, from browsers that
 * leave Origin out, in Referer). A request with neither is refused too.
 */
export function isSameOrigin(deps: AppDeps, req: FastifyRequest): boolean {
  const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
  const from = originOf(header('origin')) ?? originOf(header('referer'));
  if (!from) return false;
  const own = new Set([originOf(deps.config.publicUrl), originOf(`${req.protocol}://${req.host}`)]);
  return own.has(from);
}

/**
 * For requests outside the portal's forms (a browser push subscription): the signed-in resident when they follow this
 * municipality, else null. A valid session cookie only counts on a request from the portal itself; from anywhere
 * else it is refused, so no other site can attach something to the resident.
 */
export async function signedInFollower(deps: AppDeps, req: FastifyRequest, tenantId: string): Promise<string | null> {
  const session = await loadResident(deps, req);
  if (!session) return null;
  if (!isSameOrigin(deps, req)) throw new AppError('forbidden', 'A request with a resident session must come from the portal itself (Origin).');
  const [follow] = await deps.db.withTenant(tenantId, (tx) =>
    tx
      .select({ id: follows.id })
      .from(follows)
      .where(and(eq(follows.tenantId, tenantId), eq(follows.residentId, session.residentId)))
      .limit(1),
  );
  return follow ? session.residentId : null;
}

const RETURN_COOKIE = 'civicast_resident_return';

/** A page of this municipality's portal to come back to after signing in (`/m/{slug}/…`, nothing else). */
export function safeReturnPath(slug: string, value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 300) return null;
  const prefix = `/m/${slug}/`;
  return value.startsWith(prefix) && /^[A-Za-z0-9/_\-.?=&%]*$/.test(value) && !value.includes('//') ? value : null;
}

/** Remembers where sign-in started (the event page's "sign in" link), for as long as a code flow lasts. */
export function setReturnPath(deps: AppDeps, reply: FastifyReply, path: string) {
  reply.setCookie(RETURN_COOKIE, path, flowCookie(deps));
}

/** The remembered page (once: the cookie goes), or null. */
export function takeReturnPath(req: FastifyRequest, reply: FastifyReply, slug: string): string | null {
  const raw = req.cookies?.[RETURN_COOKIE];
  if (!raw) return null;
  reply.clearCookie(RETURN_COOKIE, { path: '/m/' });
  const { valid, value } = req.unsignCookie(raw);
  return valid ? safeReturnPath(slug, value) : null;
}
