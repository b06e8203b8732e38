// Networks' own rows (networks, network_tenants, network_staff carry no tenant and no row-level security: read and
// written as civicast_app without a tenant) and the per-member counts a network may see (each in its member's tenant
// transaction, never across tenants in one query).
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../../common/roles.ts';
import { type AppTx, type Database, queryRows } from '../../platform/db/client.ts';
import { messageTemplates, networkSends, networks, networkStaff, networkTenants, staffUsers, tenants } from '../../platform/db/schema.ts';

export async function countMembers(db: Database, networkId: string): Promise<number> {
  const [row] = await db.asApp((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(networkTenants).where(eq(networkTenants.networkId, networkId)));
  return Number(row?.n ?? 0);
}

/** Residents who follow the municipality; read inside its own tenant transaction. */
export async function countFollowers(db: Database, tenantId: string): Promise<number> {
  const [row] = await db.withTenant(tenantId, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from follows where status = 'active'`));
  return Number(row?.n ?? 0);
}

export async function findNetworkBySlug(db: Database, slug: string) {
  const [row] = await db.asApp((tx) => tx.select().from(networks).where(eq(networks.slug, slug)).limit(1));
  return row;
}

export async function listAllNetworks(db: Database) {
  return db.asApp(async (tx) => {
    const rows = await tx.select().from(networks).orderBy(asc(networks.name));
    const members = await tx
      .select({ networkId: networkTenants.networkId, slug: tenants.slug, name: tenants.name })
      .from(networkTenants)
      .innerJoin(tenants, eq(tenants.id, networkTenants.tenantId))
      .orderBy(asc(tenants.name));
    return rows.map((n) => ({ ...n, members: members.filter((m) => m.networkId === n.id).map(({ slug, name }) => ({ slug, name })) }));
  });
}

export async function removeMember(db: Database, networkId: string, tenantId: string): Promise<boolean> {
  const rows = await db.asApp((tx) =>
    tx
      .delete(networkTenants)
      .where(and(eq(networkTenants.networkId, networkId), eq(networkTenants.tenantId, tenantId)))
      .returning(),
  );
  return rows.length > 0;
}

export async function findStaffUserByEmail(db: Database, email: string) {
  const [row] = await db.asApp((tx) => tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, email)).limit(1));
  return row;
}

export async function upsertNetworkStaff(db: Database, networkId: string, userId: string, role: Role) {
  await db.asApp((tx) =>
    tx
      .insert(networkStaff)
      .values({ networkId, userId, role })
      .onConflictDoUpdate({ target: [networkStaff.networkId, networkStaff.userId], set: { role } }),
  );
}

/**
 * A transaction behind the network wall: civicast_app with no tenant and app.network_id set, so row-level security
 * shows and takes only this network's rows (its templates and sends; migration 0019).
 */
export function withNetwork<T>(db: Database, networkId: string, fn: (tx: AppTx) => Promise<T>): Promise<T> {
  return db.asApp(async (tx) => {
    await tx.execute(sql`select set_config('app.network_id', ${networkId}, true)`);
    return fn(tx);
  });
}

export type TemplateRow = typeof messageTemplates.$inferSelect;

export async function listTemplates(tx: AppTx, networkId: string): Promise<TemplateRow[]> {
  return tx
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.networkId, networkId), isNull(messageTemplates.tenantId)))
    .orderBy(asc(messageTemplates.name));
}

export async function insertTemplate(
  tx: AppTx,
  values: { networkId: string; name: string; title: string; body: string; topic: string | null; createdBy: string | null },
) {
  const [row] = await tx
    .insert(messageTemplates)
    .values({ ...values, tenantId: null })
    .returning();
  return row;
}

export async function updateTemplate(tx: AppTx, networkId: string, id: string, patch: Partial<Pick<TemplateRow, 'name' | 'title' | 'body' | 'topic'>>) {
  const [row] = await tx
    .update(messageTemplates)
    .set({ ...patch, version: sql`${messageTemplates.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(messageTemplates.id, id), eq(messageTemplates.networkId, networkId), isNull(messageTemplates.tenantId)))
    .returning();
  return row;
}

export async function deleteTemplate(tx: AppTx, networkId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(messageTemplates)
    .where(and(eq(messageTemplates.id, id), eq(messageTemplates.networkId, networkId), isNull(messageTemplates.tenantId)))
    .returning({ id: messageTemplates.id });
  return rows.length > 0;
}

export async function insertSend(tx: AppTx, values: typeof networkSends.$inferInsert) {
  const [row] = await tx.insert(networkSends).values(values).returning();
  return row;
}

export async function listSends(tx: AppTx, networkId: string, limit: number) {
  return tx.select().from(networkSends).where(eq(networkSends.networkId, networkId)).orderBy(desc(networkSends.createdAt)).limit(limit);
}
