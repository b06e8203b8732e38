// Server-side staff sessions: an opaque cookie whose hash is the row id; idle and absolute timeouts; CSRF token per session.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { sessions, staffUsers } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { randomToken, safeEqual, sha256 } from './crypto.ts';

export const SESSION_COOKIE = 'civicast_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface StaffIdentity {
  sessionId: string;
  csrfToken: string;
  user: { id: string; email: string; name: string; locale: string; totpEnabled: boolean; isOperator: boolean };
}

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffIdentity | null;
  }
}

export async function createSession(db: Database, config: Config, userId: string, req: FastifyRequest, reply: FastifyReply) {
  const token = randomToken();
  const csrfToken = randomToken(24);
  await db.system.insert(sessions).values({
    id: sha256(token),
    userId,
    csrfToken,
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300),
    expiresAt: new Date(Date.now() + config.sessionAbsoluteMs),
  });
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
  });
  return { csrfToken };
}

export async function destroySession(db: Database, req: FastifyRequest, reply: FastifyReply) {
  if (req.staff) await db.system.delete(sessions).where(eq(sessions.id, req.staff.sessionId));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The session row id a request's cookie names, or null (no cookie, or one no session could have). */
export function sessionIdOf(req: FastifyRequest): string | null {
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token || token.length > 100) return null;
  return sha256(token);
}

/** The session fields every staff look-up selects; tenancy.ts adds the tenant and membership to the same statement. */
export const staffFields = {
  csrfToken: sessions.csrfToken,
  lastSeenAt: sessions.lastSeenAt,
  user: {
    id: staffUsers.id,
    email: staffUsers.email,
    name: staffUsers.name,
    locale: staffUsers.locale,
    totpEnabled: staffUsers.totpEnabled,
    isOperator: staffUsers.isOperator,
  },
};

/** A live session: its id matches, neither the absolute nor the idle timeout has passed (`idleCutoff` an ISO time). */
export const liveSession = and(
  eq(sessions.id, sql.placeholder('id')),
  gt(sessions.expiresAt, sql`now()`),
  gt(sessions.lastSeenAt, sql.placeholder('idleCutoff')),
);

/** The placeholders of `liveSession` for a session id now. */
export const liveSessionParams = (config: Config, id: string) => ({ id, idleCutoff: new Date(Date.now() - config.sessionIdleMs).toISOString() });

export type StaffRow = { csrfToken: string; lastSeenAt: Date; user: StaffIdentity['user'] };

// prepared once per database: every staff request runs it, and building it with the query builder each time cost
// about a tenth of a busy server's time (issue 11's bench profile)
function prepareStaffQuery(db: Database) {
  return db.system
    .select(staffFields)
    .from(sessions)
    .innerJoin(staffUsers, eq(staffUsers.id, sessions.userId))
    .where(liveSession)
    .limit(1)
    .prepare('civicast_staff_session');
}

/** The identity of a live session's row; marks the session seen at most once a minute (the idle timeout's clock). */
export async function staffIdentity(db: Database, id: string, row: StaffRow): Promise<StaffIdentity> {
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.system.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
  }
  return { sessionId: id, csrfToken: row.csrfToken, user: row.user };
}

export async function loadStaff(db: Database, config: Config, req: FastifyRequest): Promise<StaffIdentity | null> {
  const id = sessionIdOf(req);
  if (!id) return null;
  const query = db.prepared('civicast_staff_session', () => prepareStaffQuery(db));
  const [row] = await query.execute(liveSessionParams(config, id));
  return row ? staffIdentity(db, id, row) : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Throws unless `req.staff` is signed in and, for an unsafe method, carries the session's CSRF token. */
export function assertStaff(req: FastifyRequest) {
  if (!req.staff) throw new AppError('unauthenticated', 'Sign in first: POST /api/v1/auth/login.');
  if (!SAFE_METHODS.has(req.method)) {
    const given = req.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !safeEqual(given, req.staff.csrfToken)) {
      throw new AppError('csrf_failed', `Send the csrfToken from GET /api/v1/me in the ${CSRF_HEADER} header.`);
    }
  }
}

/** preHandler: a signed-in staff member is required; unsafe methods must carry the session's CSRF token. */
export function requireStaff(db: Database, config: Config) {
  return async (req: FastifyRequest) => {
    req.staff = await loadStaff(db, config, req);
    assertStaff(req);
  };
}

/**
 * preHandler for /api/v1/installation/*: a signed-in installation operator (a role above tenants, granted by
 * `civicast user create --operator`). Tenant owners get 403: installation mails and tenant creation are not theirs.
 */
export function requireOperator(db: Database, config: Config) {
  const staff = requireStaff(db, config);
  return async (req: FastifyRequest) => {
    await staff(req);
    if (!req.staff?.user.isOperator) throw new AppError('forbidden', 'Only an installation operator may do this.');
  };
}
