// Sign-up stations ("Anmeldestation"): staff issue a link for one device at a sign-up table. The first device to
// open it holds it for the rest of the day (a signed cookie, checked against the row on every use), and codes
// requested there skip the per-address limit; the limits per number, per number block and the daily budget stay.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { hmacSha256, randomToken, safeEqual, sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { signupStations } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

/** How long a station lasts after it is issued: one day of sign-ups. */
export const STATION_HOURS = 24;
export const STATION_COOKIE = 'civicast_station';

type StationRow = typeof signupStations.$inferSelect;
export type StationState = 'waiting' | 'open' | 'expired' | 'revoked';

export const stationState = (s: StationRow, now = Date.now()): StationState =>
  s.revokedAt ? 'revoked' : s.expiresAt.getTime() <= now ? 'expired' : s.openedAt ? 'open' : 'waiting';

export function presentStation(s: StationRow) {
  return {
    id: s.id,
    label: s.label,
    state: stationState(s),
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    openedAt: s.openedAt?.toISOString() ?? null,
    revokedAt: s.revokedAt?.toISOString() ?? null,
    codes: s.codes,
  };
}

const linkOf = (deps: AppDeps, tenant: TenantRow, token: string) => `${deps.config.publicUrl}/m/${tenant.slug}/station?t=${token}`;

/** Issues a station; the link (with its token) is shown once, only its hash is stored. */
export async function issueStation(deps: AppDeps, actor: Actor, tenant: TenantRow, label: string) {
  const token = randomToken();
  const row = await deps.db.withTenant(tenant.id, async (tx) => {
    const [created] = await tx
      .insert(signupStations)
      .values({ tenantId: tenant.id, label, tokenHash: sha256(token), createdBy: actor.userId, expiresAt: new Date(Date.now() + STATION_HOURS * 3600_000) })
      .returning();
    await recordAudit(tx, tenant.id, actor, {
      action: 'signup_station.issued',
      objectType: 'signup_station',
      objectId: created.id,
      details: { label, expiresAt: created.expiresAt.toISOString() },
    });
    return created;
  });
  return { ...presentStation(row), link: linkOf(deps, tenant, token) };
}

/** The stations of the last week, newest first. */
export async function listStations(deps: AppDeps, tenant: TenantRow) {
  const rows = await deps.db.withTenant(tenant.id, (tx) =>
    tx.select().from(signupStations).where(gt(signupStations.createdAt, sql`now() - interval '7 days'`)).orderBy(desc(signupStations.createdAt)).limit(100),
  );
  return { items: rows.map(presentStation) };
}

export async function revokeStation(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  const row = await deps.db.withTenant(tenant.id, async (tx) => {
    const [found] = await tx.select().from(signupStations).where(eq(signupStations.id, id));
    if (!found) throw notFound('This sign-up station');
    if (found.revokedAt) return found;
    const [revoked] = await tx.update(signupStations).set({ revokedAt: sql`now()` }).where(eq(signupStations.id, id)).returning();
    await recordAudit(tx, tenant.id, actor, { action: 'signup_station.revoked', objectType: 'signup_station', objectId: id, details: { label: found.label } });
    return revoked;
  });
  return presentStation(row);
}

/** What the device that follows a link finds: the station, and whether it can still be opened here. */
export async function peekStation(deps: AppDeps, tenant: TenantRow, token: string): Promise<StationRow | null> {
  if (!token || token.length > 100) return null;
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    tx
      .select()
      .from(signupStations)
      .where(eq(signupStations.tokenHash, sha256(token))),
  );
  return row ?? null;
}

/** Opens the station on this device; only the first device succeeds (the link is then spent). */
export async function openStation(deps: AppDeps, tenant: TenantRow, token: string, actor: Actor): Promise<StationRow | null> {
  const row = await peekStation(deps, tenant, token);
  if (!row || stationState(row) !== 'waiting') return null;
  return deps.db.withTenant(tenant.id, async (tx) => {
    const [opened] = await tx
      .update(signupStations)
      .set({ openedAt: sql`now()` })
      .where(and(eq(signupStations.id, row.id), isNull(signupStations.openedAt), isNull(signupStations.revokedAt)))
      .returning();
    if (!opened) return null;
    await recordAudit(tx, tenant.id, actor, { action: 'signup_station.opened', objectType: 'signup_station', objectId: row.id, details: { label: row.label } });
    return opened;
  });
}

/** The open station a cookie names, or null (expired, revoked, forged, or another municipality's). */
export async function stationOfCookie(deps: AppDeps, tenant: TenantRow, cookie: string | undefined): Promise<StationRow | null> {
  const id = readStationCookie(deps, tenant, cookie);
  if (!id) return null;
  const [row] = await deps.db.withTenant(tenant.id, (tx) => tx.select().from(signupStations).where(eq(signupStations.id, id)));
  return row && stationState(row) === 'open' ? row : null;
}

export async function countStationCode(deps: AppDeps, tenantId: string, stationId: string) {
  await deps.db.withTenant(tenantId, (tx) =>
    tx
      .update(signupStations)
      .set({ codes: sql`${signupStations.codes} + 1` })
      .where(eq(signupStations.id, stationId)),
  );
}

// ---- the device's cookie: station id and expiry, signed for this municipality ----

const mac = (deps: AppDeps, tenant: TenantRow, payload: string) =>
  hmacSha256(deps.config.secretKey, `signup-station:${tenant.id}:${payload}`).digest('base64url');

export function stationCookieValue(deps: AppDeps, tenant: TenantRow, station: StationRow): string {
  const payload = `${station.id}.${station.expiresAt.getTime()}`;
  return `${payload}.${mac(deps, tenant, payload)}`;
}

function readStationCookie(deps: AppDeps, tenant: TenantRow, cookie: string | undefined): string | null {
  if (!cookie || cookie.length > 200) return null;
  const [id, exp, signature] = cookie.split('.');
  if (!id || !exp || !signature || !safeEqual(signature, mac(deps, tenant, `${id}.${exp}`))) return null;
  if (!/^[0-9a-f-]{36}$/.test(id) || !(Number(exp) > Date.now())) return null;
  return id;
}
