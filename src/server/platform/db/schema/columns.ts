// Column helpers every module's tables share, and the CHECK constraint that ties a text column to a list of
// src/common/states.ts (migration 0013 writes the same constraints; test/typed-states.test.ts compares them).
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, customType, integer, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').notNull().default(sql`gen_random_uuid()`);
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** `CHECK (<col> IN (…))` named `<table>_<col>_check`; a null column passes (nullable columns stay nullable). */
export const oneOf = (table: string, column: AnyPgColumn, values: readonly string[]) =>
  check(`${table}_${column.name}_check`, sql.raw(`${column.name} IN (${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`));

/**
 * The CHECK of each column declared with `text(name, { enum: LIST })`, from that list: the list is named once, at the
 * column. (A text column without one takes `oneOf` with its list.)
 */
export const enumChecks = (table: string, ...columns: AnyPgColumn[]) =>
  columns.map((column) => {
    // the columns drizzle hands a table's extras carry the list only in their runtime config (test/typed-states.test.ts)
    const values = (column as unknown as { config: { enumValues?: readonly string[] } }).config.enumValues;
    if (!values) throw new Error(`${table}.${column.name}: enumChecks needs a column declared with { enum }`);
    return oneOf(table, column, values);
  });

/** A point in time; every timestamp column keeps its time zone. */
export const at = (name: string) => timestamp(name, { withTimezone: true });

/** When a row was made and last changed; most tables keep both, in this order. */
export const timestamps = () => ({ createdAt: createdAt(), updatedAt: at('updated_at').notNull().defaultNow() });

/** A reference to the row this one belongs to: required, and deleted with it. */
export const ownedBy = (name: string, owner: () => AnyPgColumn) => uuid(name).notNull().references(owner, { onDelete: 'cascade' });

/** A JSON array, empty unless given. */
export const jsonList = <T = string>(name: string) => jsonb(name).$type<T[]>().notNull().default([]);

/** A JSON object, empty unless given. */
export const jsonRecord = (name: string) => jsonb(name).$type<Record<string, unknown>>().notNull().default({});

/** Bytes kept in the row (images, files). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** A file kept with a record (the contracts' `storedFile`): its name, type and size; the bytes follow in the table's own column. */
export const storedFile = () => ({
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
});

/** A one-time token or code: when it runs out, and when it was used (null: not yet). */
export const singleUse = () => ({ expiresAt: at('expires_at').notNull(), usedAt: at('used_at') });
