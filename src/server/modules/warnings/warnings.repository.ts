// SQL for warnings. Every function takes the tenant's transaction (row-level security on warnings,
// areas, street points, follows and deliveries).
import { and, asc, desc, eq, sql, type WithSubquery } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import { areas, deliveries, follows, streetPoints, streets, tenants, warnings } from '../../platform/db/schema.ts';

export type WarningRow = typeof warnings.$inferSelect;
export type NewWarning = typeof warnings.$inferInsert;

/** Inserts a version with its audit entry (auditWith) in the same statement. */
export async function insertWarning(tx: Tx, row: NewWarning, audit: WithSubquery): Promise<WarningRow> {
  const [inserted] = await tx.with(audit).insert(warnings).values(row).returning();
  return inserted;
}

export async function setMessageIds(tx: Tx, id: string, messageIds: string[]) {
  await tx.update(warnings).set({ messageIds }).where(eq(warnings.id, id));
}

export async function findWarning(tx: Tx, id: string): Promise<WarningRow | undefined> {
  const [row] = await tx.select().from(warnings).where(eq(warnings.id, id));
  return row;
}

export async function chainVersions(tx: Tx, chainId: string): Promise<WarningRow[]> {
  return tx.select().from(warnings).where(eq(warnings.chainId, chainId)).orderBy(asc(warnings.version));
}

/** Locks the chain's original, so two staff changing one warning at once write versions one after the other. */
export async function lockChain(tx: Tx, chainId: string) {
  await tx.execute(sql`select 1 from ${warnings} where ${warnings.id} = ${chainId} for update`);
}

/** The latest version of every chain, newest first, with the number of versions. */
export async function latestVersions(tx: Tx, limit = 500): Promise<Array<WarningRow & { versions: number }>> {
  const rows = await tx
    .select({ w: warnings, versions: sql<number>`(select count(*)::int from warnings v where v.chain_id = ${warnings.chainId})` })
    .from(warnings)
    .where(sql`${warnings.version} = (select max(v.version) from warnings v where v.chain_id = ${warnings.chainId})`)
    .orderBy(desc(warnings.sentAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.w, versions: r.versions }));
}

/** The latest version of chains that are neither ended (cancel, all-clear) nor expired at `now`. */
export async function currentLatest(tx: Tx, now: Date): Promise<WarningRow[]> {
  return tx
    .select()
    .from(warnings)
    .where(
      and(
        sql`${warnings.version} = (select max(v.version) from warnings v where v.chain_id = ${warnings.chainId})`,
        sql`${warnings.msgType} <> 'cancel' and not ${warnings.allClear}`,
        sql`(${warnings.expiresAt} is null or ${warnings.expiresAt} > ${now.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(desc(warnings.sentAt));
}

/**
 * The residents the original version of the chain `chainId` was handed to: its deliveries name them (an erasure clears
 * the name). Read from there rather than recorded apart: a list of its own cost every warning's accept a row and two
 * foreign-key checks per resident, while fifty towns wait on those accepts.
 */
export async function recipientIds(tx: Tx, chainId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select distinct d.resident_id as id from ${deliveries} d
         where d.message_id in (select jsonb_array_elements_text(w.message_ids)::uuid from ${warnings} w where w.id = ${chainId})
           and d.resident_id is not null`,
  );
  return rows.map((r) => r.id);
}

/** Positions [lng, lat] that say where the municipality is: its areas' outer rings and its address points. */
export async function tenantPlaces(tx: Tx): Promise<[number, number][]> {
  const places: [number, number][] = [];
  for (const a of await tx.select({ geometry: areas.geometry }).from(areas)) {
    const g = a.geometry as { type?: string; coordinates?: unknown };
    const polygons = (g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]) as [number, number][][][];
    for (const polygon of polygons ?? []) for (const p of polygon?.[0] ?? []) places.push([p[0], p[1]]);
  }
  for (const p of await tx.select({ lat: streetPoints.lat, lng: streetPoints.lng }).from(streetPoints)) places.push([p.lng, p.lat]);
  return places;
}

/** The coordinates of the given residents' follows (placed from address points). */
export async function followCoordinates(tx: Tx, residentIds: string[]): Promise<Array<{ residentId: string; lat: number; lng: number }>> {
  if (!residentIds.length) return [];
  return queryRows(
    tx,
    sql`select ${follows.residentId} as "residentId", ${follows.lat} as lat, ${follows.lng} as lng from ${follows}
         where ${follows.residentId} = any(${sql.param(residentIds)}::uuid[]) and ${follows.lat} is not null and ${follows.lng} is not null`,
  );
}

export async function streetNames(tx: Tx, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await tx
    .select({ name: streets.name })
    .from(streets)
    .where(sql`${streets.id} = any(${sql.param(ids)}::uuid[])`)
    .orderBy(asc(streets.name));
  return rows.map((r) => r.name);
}

export async function tenantSlug(tx: Tx, tenantId: string): Promise<{ slug: string; name: string; timeZone: string; ags: string | null } | undefined> {
  const [row] = await tx
    .select({ slug: tenants.slug, name: tenants.name, timeZone: tenants.timeZone, ags: tenants.ags })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return row;
}

/** Deliveries of the given engine messages by channel and status. */
export async function deliveryCounts(tx: Tx, messageIds: string[]): Promise<Array<{ channel: string; status: string; n: number }>> {
  if (!messageIds.length) return [];
  return queryRows(
    tx,
    sql`select ${deliveries.channel} as channel, ${deliveries.status} as status, count(*)::int as n from ${deliveries}
         where ${deliveries.messageId} = any(${sql.param(messageIds)}::uuid[]) group by 1, 2`,
  );
}
