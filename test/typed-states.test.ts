// Typed states: the database, the server and the console share one list per status, channel, role and kind column
// (src/common/states.ts). The database refuses a value outside its list, and its CHECK constraints are exactly the
// ones the Drizzle schema declares (migration 0013 and the schema cannot drift apart).
import { sql } from 'drizzle-orm';
import { getTableConfig, PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, DELIVERY_STATUSES, MESSAGE_KINDS, ROLES } from '../src/common/states.ts';
import type { Database } from '../src/server/platform/db/client.ts';
import { queryRows } from '../src/server/platform/db/client.ts';
import * as schema from '../src/server/platform/db/schema.ts';
import { openTestDatabase } from './helpers/app.ts';
import { newTenant } from './helpers/factories.ts';

let db: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const isTable = (v: unknown): v is PgTable => typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in v;

/** The values a constraint allows, from its definition in either spelling (`IN (…)` or `= ANY (ARRAY[…])`). */
const valuesOf = (definition: string) => [...definition.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replaceAll("''", "'")).sort();

describe('typed states', () => {
  it('the database holds exactly the CHECK constraints the schema declares, with the same lists', async () => {
    const dialect = new PgDialect();
    const declared = new Map<string, string[]>();
    for (const table of Object.values(schema).filter(isTable)) {
      const config = getTableConfig(table);
      for (const check of config.checks) declared.set(`${config.name}.${check.name}`, valuesOf(dialect.sqlToQuery(check.value).sql));
    }
    const rows = await queryRows<{ tbl: string; name: string; def: string }>(
      db.system,
      sql`select c.relname as tbl, k.conname as name, pg_get_constraintdef(k.oid) as def
            from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
           where k.contype = 'c' and n.nspname = 'public'`,
    );
    const inDatabase = new Map(rows.map((r) => [`${r.tbl}.${r.name}`, valuesOf(r.def)]));
    expect(declared.size).toBeGreaterThanOrEqual(20);
    expect(Object.fromEntries(inDatabase)).toEqual(Object.fromEntries(declared));
  });

  it('the lists are the ones the code uses', async () => {
    expect(await checkValues('memberships', 'memberships_role_check')).toEqual([...ROLES].sort());
    expect(await checkValues('deliveries', 'deliveries_status_check')).toEqual([...DELIVERY_STATUSES].sort());
    expect(await checkValues('deliveries', 'deliveries_channel_check')).toEqual([...CHANNELS].sort());
    expect(await checkValues('messages', 'messages_kind_check')).toEqual([...MESSAGE_KINDS].sort());
  });

  it('refuses a value outside its list, even in a tenant transaction that skips the server', async () => {
    const tenant = await newTenant({ db }); // with its owner's membership
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await db
        .withTenant(tenant.id, (tx) => tx.execute(statement))
        .then(
          () => null,
          (e: unknown) => e as { code?: string; cause?: { code?: string } },
        );
      return error?.code ?? error?.cause?.code;
    };
    const [owner] = await queryRows<{ userId: string }>(db.system, sql`select user_id as "userId" from memberships where tenant_id = ${tenant.id} limit 1`);
    expect(await refused(sql`update memberships set role = 'superuser' where user_id = ${owner.userId}`)).toBe('23514');
    expect(await refused(sql`insert into messages (tenant_id, kind, text) values (${tenant.id}, 'bulk', 'x')`)).toBe('23514');
    expect(await refused(sql`insert into gdpr_requests (tenant_id, kind, due_at) values (${tenant.id}, 'deletion', now())`)).toBe('23514');
    // a value in the list passes
    expect(await refused(sql`insert into messages (tenant_id, kind, text) values (${tenant.id}, 'transactional', 'x')`)).toBeUndefined();
  });
});

async function checkValues(table: string, name: string) {
  const [row] = await queryRows<{ def: string }>(
    db.system,
    sql`select pg_get_constraintdef(k.oid) as def from pg_constraint k join pg_class c on c.oid = k.conrelid where c.relname = ${table} and k.conname = ${name}`,
  );
  return row ? valuesOf(row.def) : [];
}
