// Resident-import tests start from Musterstadt with its owner signed in and the one street their CSV rows live on,
// and count rows across the whole database to see what an import wrote.
import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/platform/db/client.ts';
import { createOwnerApp, type Session, type TestApp, type TestAppOptions } from './app.ts';
import { streets } from './factories.ts';

/** The app with Musterstadt's owner signed in and the street "Am Markt" (12345) that import rows name. */
export async function createImportApp(opts: TestAppOptions = {}): Promise<{ t: TestApp; owner: Session }> {
  const { t, owner } = await createOwnerApp(opts);
  await streets(t.deps, t.tenant, 'Straße;PLZ\nAm Markt;12345\n');
  return { t, owner };
}

/** The number a `select count(*)::int as n …` query gives, over every municipality. */
export async function countOf(t: TestApp, query: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.deps.db.system, query);
  return row.n;
}

/** How many residents the database holds, in every municipality. */
export const countResidents = (t: TestApp) => countOf(t, sql`select count(*)::int as n from residents`);
