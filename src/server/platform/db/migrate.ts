// Applies the SQL migrations in ./migrations, unchanged on PGlite and PostgreSQL; reports whether the schema is current.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type Database, queryRows } from './client.ts';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 4_211_977_001; // pg advisory lock key: one migrating process at a time

export async function migrateDatabase(db: Database): Promise<void> {
  if (db.kind === 'pglite') {
    // biome-ignore lint/suspicious/noExplicitAny: drizzle's migrator wants its driver's own type
    await migratePglite(db.system as any, { migrationsFolder });
    return;
  }
  const client = await db.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const { drizzle } = await import('drizzle-orm/node-postgres');
    await migrateNodePg(drizzle(client), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
  return journal.entries.length;
}

export async function appliedMigrationCount(db: Database): Promise<number> {
  try {
    const [row] = await queryRows<{ n: number }>(db.system, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return Number(row.n);
  } catch {
    return 0;
  }
}
