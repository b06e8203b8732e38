// SQL for CAP feeds and the alerts read from them. Every function takes the tenant transaction (RLS on both tables).
import { and, desc, eq, sql } from 'drizzle-orm';
import type { CapItemState } from '../../../../common/states.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { firstRow } from '../../../platform/first-row.ts';
import { areas, capFeedItems, capFeeds, streetPoints } from '../../../platform/db/schema.ts';

export type FeedRow = typeof capFeeds.$inferSelect;
export type ItemRow = typeof capFeedItems.$inferSelect;
export type NewItem = typeof capFeedItems.$inferInsert;
export type NewFeed = typeof capFeeds.$inferInsert;

// spelled out: inside a sql template drizzle writes a column without its table, which the subquery would take as its own
const proposalCount = sql<number>`(select count(*)::int from cap_feed_items i where i.tenant_id = cap_feeds.tenant_id and i.feed_id = cap_feeds.id and i.state = 'proposed')`;

export async function listFeeds(tx: Tx) {
  return tx.select({ feed: capFeeds, proposals: proposalCount }).from(capFeeds).orderBy(capFeeds.name);
}

export async function findFeed(tx: Tx, id: string) {
  return firstRow(tx.select({ feed: capFeeds, proposals: proposalCount }).from(capFeeds).where(eq(capFeeds.id, id)));
}

export async function insertFeed(tx: Tx, values: typeof capFeeds.$inferInsert) {
  const [row] = await tx.insert(capFeeds).values(values).returning();
  return row;
}

export async function updateFeed(tx: Tx, id: string, patch: Partial<typeof capFeeds.$inferInsert>) {
  const [row] = await tx.update(capFeeds).set(patch).where(eq(capFeeds.id, id)).returning();
  return row;
}

export async function deleteFeed(tx: Tx, id: string) {
  await tx.delete(capFeeds).where(eq(capFeeds.id, id));
}

/** Enabled feeds whose interval has passed since their last poll. */
export async function dueFeedIds(tx: Tx, now: Date) {
  const rows = await tx
    .select({ id: capFeeds.id })
    .from(capFeeds)
    .where(
      and(
        eq(capFeeds.enabled, true),
        sql`(${capFeeds.lastPolledAt} is null or ${capFeeds.lastPolledAt} + make_interval(mins => ${capFeeds.intervalMinutes}) <= ${now.toISOString()}::timestamptz)`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Inserts the alert unless one with the same sender and identifier exists; null for a duplicate. */
export async function insertItem(tx: Tx, values: NewItem): Promise<ItemRow | null> {
  const [row] = await tx.insert(capFeedItems).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateItem(tx: Tx, id: string, patch: Partial<NewItem>) {
  const [row] = await tx.update(capFeedItems).set(patch).where(eq(capFeedItems.id, id)).returning();
  return row;
}

export async function findItem(tx: Tx, id: string) {
  return firstRow(tx.select().from(capFeedItems).where(eq(capFeedItems.id, id)));
}

export async function findItemByIdentifier(tx: Tx, sender: string, identifier: string) {
  return firstRow(
    tx
      .select()
      .from(capFeedItems)
      .where(and(eq(capFeedItems.sender, sender), eq(capFeedItems.identifier, identifier))),
  );
}

/** Whether this index entry (link and `updated`) was read before, so it is not fetched again. */
export async function entrySeen(tx: Tx, feedId: string, url: string, updated: string | null) {
  const seen = await firstRow(
    tx
      .select({ id: capFeedItems.id })
      .from(capFeedItems)
      .where(
        and(
          eq(capFeedItems.feedId, feedId),
          eq(capFeedItems.sourceUrl, url),
          updated === null ? sql`${capFeedItems.entryUpdated} is null` : eq(capFeedItems.entryUpdated, updated),
        ),
      )
      .limit(1),
  );
  return seen !== undefined;
}

export async function listItems(tx: Tx, filter: { feedId?: string; state?: CapItemState }, limit: number) {
  const where = [];
  if (filter.feedId) where.push(eq(capFeedItems.feedId, filter.feedId));
  if (filter.state) where.push(eq(capFeedItems.state, filter.state));
  return tx
    .select()
    .from(capFeedItems)
    .where(and(...where))
    .orderBy(desc(capFeedItems.createdAt), desc(capFeedItems.id))
    .limit(limit);
}

/** Every point that outlines the municipality: the outer rings of its areas and its street points, [lon, lat]. */
export async function boundaryPoints(tx: Tx): Promise<Array<[number, number]>> {
  const points: Array<[number, number]> = [];
  for (const { geometry } of await tx.select({ geometry: areas.geometry }).from(areas)) {
    const g = geometry as { type?: string; coordinates?: unknown };
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? (g.coordinates as unknown[]) : [];
    for (const p of polygons as number[][][][]) for (const [lng, lat] of p?.[0] ?? []) points.push([lng, lat]);
  }
  for (const p of await tx.select({ lat: streetPoints.lat, lng: streetPoints.lng }).from(streetPoints)) points.push([p.lng, p.lat]);
  return points;
}
