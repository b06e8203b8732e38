// Column helpers every module's tables share, and the CHECK constraint that ties a text column to a list of
// src/common/states.ts (migration 0013 writes the same constraints; test/typed-states.test.ts compares them).
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').notNull().default(sql`gen_random_uuid()`);
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** `CHECK (<col> IN (…))` named `<table>_<col>_check`; a null column passes (nullable columns stay nullable). */
export const oneOf = (table: string, column: AnyPgColumn, values: readonly string[]) =>
  check(`${table}_${column.name}_check`, sql.raw(`${column.name} IN (${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`));

/** A point in time; every timestamp column keeps its time zone. */
export const at = (name: string) => timestamp(name, { withTimezone: true });

/** When a row was made and last changed; most tables keep both, in this order. */
export const timestamps = () => ({ createdAt: createdAt(), updatedAt: at('updated_at').notNull().defaultNow() });
