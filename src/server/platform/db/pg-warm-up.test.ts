// A PostgreSQL pool opens its connections ahead of need (Database.openAll), each reads the tables' definitions before
// its first query (WARM_UP), and they stay open. PostgreSQL only: PGlite is one connection in the process.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/app.ts';
import { openDatabase, queryRows, type Database } from './client.ts';
import { WARM_UP } from './pg-transaction.ts';

describe.skipIf(!process.env.DATABASE_URL)('connections opened ahead of need (PostgreSQL)', () => {
  let test: Awaited<ReturnType<typeof openTestDatabase>>;
  let pool: Database;
  const name = 'civicast-warm-up-test';
  beforeAll(async () => {
    test = await openTestDatabase();
    const url = new URL(test.databaseUrl!);
    url.searchParams.set('application_name', name);
    pool = await openDatabase({ databaseUrl: url.toString(), dataDir: '.test-tmp', poolSize: 3 });
  });
  afterAll(async () => {
    await pool?.close();
    await test?.db.close();
    await test?.drop();
  });

  const backends = () =>
    queryRows<{ state: string; query: string }>(
      test.db.system,
      sql`select state, query from pg_stat_activity where application_name = ${name} and datname = current_database()`,
    );

  it('the warm-up reads every table as the application role without an error (the pool would swallow one)', async () => {
    await test.db.system.execute(sql.raw(WARM_UP));
  });

  it('opens every connection of the pool, each of which has run the warm-up and no other statement', async () => {
    expect(await backends()).toEqual([]);
    await pool.openAll();
    const open = await backends();
    expect(open).toHaveLength(3);
    for (const b of open) {
      expect(b.state).toBe('idle');
      expect(b.query).toBe(WARM_UP); // pg_stat_activity keeps each connection's last statement
    }
  });

  it('a query afterwards takes one of those connections instead of opening another', async () => {
    await pool.system.execute(sql`select 1`);
    await pool.openAll();
    expect(await backends()).toHaveLength(3);
  });
});
