// Changing one row of a table that keeps the time of its last change in `updated_at` (events, messages, surveys,
// reports, conversations): the change and the new time go in one UPDATE, so no caller forgets the stamp.
import { eq } from 'drizzle-orm';
import type { AnyPgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from './db/client.ts';

type StampedTable = PgTable & { id: AnyPgColumn; updatedAt: AnyPgColumn };

function stamp<T extends StampedTable>(tx: Tx, table: T, id: string, patch: Partial<T['$inferInsert']>) {
  return tx
    .update(table as StampedTable)
    .set({ ...patch, updatedAt: new Date() } as PgUpdateSetSource<StampedTable>)
    .where(eq(table.id, id));
}

/** `UPDATE table SET …patch, updated_at = now WHERE id = $id`. */
export async function updateStamped<T extends StampedTable>(tx: Tx, table: T, id: string, patch: Partial<T['$inferInsert']>): Promise<void> {
  await stamp(tx, table, id, patch);
}

/** The same update, answering the changed row. */
export async function updateStampedReturning<T extends StampedTable>(
  tx: Tx,
  table: T,
  id: string,
  patch: Partial<T['$inferInsert']>,
): Promise<T['$inferSelect']> {
  const [row] = await stamp(tx, table, id, patch).returning();
  return row as T['$inferSelect'];
}
