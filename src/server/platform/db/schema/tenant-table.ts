// Tenant-owned tables: the column every one starts with, the usual shape of a tenant's rows, and rows keyed by their own columns.
import type { BuildExtraConfigColumns } from 'drizzle-orm';
import { type AnyPgColumn, type PgColumnBuilderBase, type PgTableExtraConfigValue, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { id, ownedBy } from './columns.ts';
import { tenants } from './tenants.ts';

/** The tenant a row belongs to; deleting a municipality deletes its rows. */
export const tenantId = () => ownedBy('tenant_id', () => tenants.id);

const keyColumns = () => ({ tenantId: tenantId(), id: id() });
type KeyColumns = ReturnType<typeof keyColumns>;
type TenantColumn = Pick<KeyColumns, 'tenantId'>;

/**
 * A table of a tenant's rows: `tenant_id` and `id` first, then the given columns, keyed by (tenant_id, id) with
 * tenant_id first (ready for Citus). `extras` adds indexes and checks.
 */
export function tenantTable<N extends string, C extends Record<string, PgColumnBuilderBase>>(
  name: N,
  columns: C,
  extras: (t: BuildExtraConfigColumns<N, KeyColumns & C, 'pg'>) => PgTableExtraConfigValue[] = () => [],
) {
  // the key columns first: drizzle creates the columns in the order of the object's keys
  const all = { ...keyColumns(), ...columns } as KeyColumns & C;
  return pgTable(name, all, (t) => [primaryKey({ columns: [t.tenantId, t.id] }), ...extras(t)]);
}

/**
 * A table of a tenant's rows without an id of their own (a link between two rows, a row per day, a ledger numbered per
 * tenant): `tenant_id` first, then the given columns, keyed by tenant_id and the columns `key` names (tenant_id first,
 * as in `tenantTable`). `extras` adds indexes and checks.
 */
export function tenantKeyedTable<N extends string, C extends Record<string, PgColumnBuilderBase>>(
  name: N,
  columns: C,
  key: (t: BuildExtraConfigColumns<N, TenantColumn & C, 'pg'>) => AnyPgColumn[],
  extras: (t: BuildExtraConfigColumns<N, TenantColumn & C, 'pg'>) => PgTableExtraConfigValue[] = () => [],
) {
  const all = { tenantId: tenantId(), ...columns } as TenantColumn & C;
  return pgTable(name, all, (t) => [primaryKey({ columns: [t.tenantId, ...key(t)] }), ...extras(t)]);
}
