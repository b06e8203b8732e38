// Staff account look-ups. Accounts are installation-wide (one person may work for several tenants), so this file uses
// the owner connection: sign-in, password reset and invitation tokens, account events.
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { accountEvents, invitations, memberships, networks, networkStaff, passwordResets, sessions, staffUsers, tenants } from '../../platform/db/schema.ts';

export type StaffUserRow = typeof staffUsers.$inferSelect;

export async function findUserByEmail(db: Database, email: string): Promise<StaffUserRow | undefined> {
  const [row] = await db.system.select().from(staffUsers).where(eq(staffUsers.email, email.toLowerCase())).limit(1);
  return row;
}

export async function findUserById(db: Database, id: string): Promise<StaffUserRow | undefined> {
  const [row] = await db.system.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1);
  return row;
}

export async function insertUser(db: Database, values: typeof staffUsers.$inferInsert): Promise<StaffUserRow> {
  const [row] = await db.system.insert(staffUsers).values(values).returning();
  return row;
}

/** An open invitation by its token's hash, with its tenant: looked up across tenants, the invitee belongs to none yet. */
export async function findOpenInvitation(db: Database, tokenHash: string) {
  const [row] = await db.system
    .select({ invitation: invitations, tenantName: tenants.name, tenantSlug: tenants.slug })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())))
    .limit(1);
  return row;
}

export async function updateUser(db: Database, id: string, values: Partial<StaffUserRow>) {
  await db.system.update(staffUsers).set(values).where(eq(staffUsers.id, id));
}

export async function recordFailedLogin(db: Database, id: string, max: number, lockMs: number) {
  await db.system
    .update(staffUsers)
    .set({
      failedLogins: sql`case when ${staffUsers.failedLogins} + 1 >= ${max} then 0 else ${staffUsers.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${staffUsers.failedLogins} + 1 >= ${max} then now() + make_interval(secs => ${lockMs / 1000}) else ${staffUsers.lockedUntil} end`,
    })
    .where(eq(staffUsers.id, id));
}

export async function listTenantsOfUser(db: Database, userId: string) {
  return db.system
    .select({
      id: tenants.id,
      slug: tenants.slug,
      name: tenants.name,
      role: memberships.role,
      brandColor: tenants.brandColor,
      requireTwoFactor: tenants.requireTwoFactor,
      timeZone: tenants.timeZone,
    })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(tenants.name);
}

export async function listNetworksOfUser(db: Database, userId: string) {
  return db.system
    .select({ id: networks.id, slug: networks.slug, name: networks.name, kind: networks.kind, role: networkStaff.role })
    .from(networkStaff)
    .innerJoin(networks, eq(networks.id, networkStaff.networkId))
    .where(eq(networkStaff.userId, userId))
    .orderBy(networks.name);
}

export async function deleteOtherSessions(db: Database, userId: string, keepSessionId: string | null) {
  await db.system.delete(sessions).where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined));
}

export async function insertPasswordReset(db: Database, userId: string, tokenHash: string, expiresAt: Date) {
  await db.system.insert(passwordResets).values({ userId, tokenHash, expiresAt });
}

export async function consumePasswordReset(db: Database, tokenHash: string): Promise<string | null> {
  const rows = await db.system
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
    .returning({ userId: passwordResets.userId });
  return rows[0]?.userId ?? null;
}

export async function listAccountEvents(db: Database, userId: string) {
  return db.system
    .select({ action: accountEvents.action, ip: accountEvents.ip, userAgent: accountEvents.userAgent, at: accountEvents.at })
    .from(accountEvents)
    .where(eq(accountEvents.userId, userId))
    .orderBy(desc(accountEvents.at))
    .limit(100);
}
