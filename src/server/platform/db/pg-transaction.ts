// A PostgreSQL transaction as civicast_app that opens in one round trip: BEGIN and the role and tenant settings travel
// together as one simple-protocol query (drizzle's own transaction sends BEGIN alone, then the settings: two round
// trips on every tenant request). The transaction object is drizzle's, so repositories see no difference.
import type { TablesRelationalConfig } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';

/**
 * Opens transactions on `pool`; the dialect is built once. No relational schema, as for the owner connection
 * (client.ts): with one, every transaction object would build a query helper per table.
 */
export function pgAppTransactions(pool: pg.Pool) {
  const dialect = new PgDialect();
  const relational = undefined;

  /** `fn` inside BEGIN … COMMIT as civicast_app with `app.tenant_id` = `tenantId` ('' for none), both set locally. */
  return async function runAsApp<T>(tenantId: string, fn: (tx: NodePgTransaction<Record<string, unknown>, TablesRelationalConfig>) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // a simple query (no parameters) may hold several statements; the literal is escaped by the driver
    const open = `begin; select set_config('role', 'civicast_app', true), set_config('app.tenant_id', ${pg.escapeLiteral(tenantId)}, true)`;
    let broken = false;
    try {
      await client.query(open);
      const tx = new NodePgTransaction(dialect, new NodePgSession(client, dialect, relational), relational);
      const result = await fn(tx);
      await client.query('commit');
      return result;
    } catch (err) {
      try {
        await client.query('rollback');
      } catch {
        broken = true; // a connection that cannot roll back goes, not back into the pool; the first error is the one to see
      }
      throw err;
    } finally {
      client.release(broken);
    }
  };
}

/**
 * `statements` as civicast_app with `app.tenant_id` = `tenantId`, in one round trip: one simple query, whose statements
 * PostgreSQL runs as one implicit transaction (all or nothing), the settings first. Returns each statement's rows.
 */
export function pgTenantScripts(pool: pg.Pool) {
  return async function tenantScript(tenantId: string, statements: readonly string[]): Promise<Array<Record<string, unknown>[]>> {
    const client = await pool.connect();
    let broken = false;
    try {
      const results = (await client.query(tenantScriptText(tenantId, statements))) as unknown as pg.QueryResult[];
      return results.slice(1).map((r) => r.rows);
    } catch (err) {
      // an error PostgreSQL answered ended the implicit transaction and leaves the connection ready; any other (a
      // broken socket) leaves it in an unknown state, so it goes, not back into the pool
      broken = !(err instanceof pg.DatabaseError);
      throw err;
    } finally {
      client.release(broken);
    }
  };
}

/** The settings statement and `statements`, as one script; the literal is escaped by the driver. */
export function tenantScriptText(tenantId: string, statements: readonly string[]): string {
  if (!statements.length) throw new TypeError('a tenant script needs a statement');
  const open = `select set_config('role', 'civicast_app', true), set_config('app.tenant_id', ${pg.escapeLiteral(tenantId)}, true)`;
  return [open, ...statements].join(';\n');
}
