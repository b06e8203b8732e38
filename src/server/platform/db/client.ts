// Opens the database: embedded PGlite under the data directory (with a lock file), or PostgreSQL from DATABASE_URL.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { pgAppTransactions, pgTenantScripts, tenantScriptText } from './pg-transaction.ts';
import type * as schema from './schema.ts';

// Drizzle gets no schema: with one, every transaction object builds a relational query helper per table (about
// 0.2 ms of CPU per transaction, half of a short tenant transaction's cost), and Civicast uses no relational queries.
export type Schema = typeof schema;
// biome-ignore lint/suspicious/noExplicitAny: both drivers' query result kinds meet here
export type Db = PgDatabase<PgQueryResultHKT, Schema, any>;
// biome-ignore lint/suspicious/noExplicitAny: both drivers' transaction kinds meet here
type PgTx = PgTransaction<PgQueryResultHKT, Schema, any>;

// never exported: only this file can put the brand on a transaction, so a TenantTx comes from withTenant alone
declare const wall: unique symbol;

/**
 * A transaction as civicast_app with app.tenant_id set, made only by `db.withTenant`. Repositories and services
 * take this type, so a query on the owner connection cannot be handed to them (the first wall, in the types).
 */
export type TenantTx = PgTx & { readonly [wall]: 'tenant' };
/** The usual name in repositories: a tenant transaction. */
export type Tx = TenantTx;
/** A transaction as civicast_app with no tenant (tenant-owned tables show nothing), made only by `db.asApp`. */
export type AppTx = PgTx & { readonly [wall]: 'app' };

/**
 * Raw SQL with typed rows, for statements the query builder cannot express (CTEs, unnest, locks): the one place
 * that reads the drivers' result shape.
 */
export async function queryRows<T>(on: TenantTx | AppTx | Db, query: SQL): Promise<T[]> {
  const result = (await on.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * `queryRows` for a hot read that PostgreSQL should plan once per connection: the statement is sent named, so the
 * server keeps it parsed and, after a few runs, may reuse a generic plan (planning a list with row-level security
 * costs as much as running it). The name carries a hash of the text, since a name can stand for one text only and
 * a query's text varies with its filters; PGlite ignores the name.
 */
export async function queryRowsPrepared<T>(on: TenantTx | AppTx, name: string, query: SQL): Promise<T[]> {
  const { session, dialect } = on as unknown as {
    session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> } };
    dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } };
  };
  const built = dialect.sqlToQuery(query);
  const named = `${name}_${createHash('sha1').update(built.sql).digest('base64url').slice(0, 16)}`;
  const result = (await session.prepareQuery(built, undefined, named, false).execute()) as { rows: T[] };
  return result.rows;
}

/** Raw SQL that changes rows (update, delete, insert without returning): how many it changed, on either driver. */
export async function executeCount(on: TenantTx | AppTx | Db, query: SQL): Promise<number> {
  const result = (await on.execute(query)) as unknown as { rowCount?: number | null; affectedRows?: number };
  return result.rowCount ?? result.affectedRows ?? 0;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  /**
   * Owner connection: migrations, and look-ups that cross tenants by design. Only the files listed in
   * test/owner-connection.test.ts may use it (docs/ARCHITECTURE.md, "Tenancy in two walls").
   */
  system: Db;
  /** A transaction as civicast_app with the tenant set: row-level security is the second wall. */
  withTenant<T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  /**
   * SQL text as civicast_app with the tenant set, all statements in one round trip and one transaction (a simple
   * query): for the delivery engine's per-batch statements, where the two round trips around every tenant transaction
   * were a third of its SQL. No parameters: values go in through `literal()` (literal.ts). Everything else takes
   * withTenant.
   */
  tenantScript(tenantId: string, statements: readonly string[]): Promise<Array<Record<string, unknown>[]>>;
  /** A transaction as civicast_app with no tenant: tenant-owned tables show nothing. */
  asApp<T>(fn: (tx: AppTx) => Promise<T>): Promise<T>;
  pglite?: PGlite;
  pool?: pg.Pool;
  /**
   * A statement prepared once for this database under `name` (the name PostgreSQL knows it by): built by `make` on
   * first use, kept with the database rather than in a module-level map.
   */
  prepared<T>(name: string, make: () => T): T;
  close(): Promise<void>;
}

export class DataDirInUseError extends Error {}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** An already opened PGlite (tests hand in a copy of a migrated template). */
  pglite?: PGlite;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {}); // idle client errors surface on the next query
  const system = drizzleNodePg(pool) as unknown as Db;
  const runAsApp = pgAppTransactions(pool) as unknown as AsApp;
  return wrap('postgres', system, { pool, close: () => pool.end(), tenantScript: pgTenantScripts(pool) }, runAsApp);
}

// PostgreSQL's default 128 MB of shared buffers would be memory of PGlite's WebAssembly instance, which never shrinks,
// while every page of the files also sits in the system's file cache. In bench:fanout (20,000 recipients) 32 MB cut the
// peak RSS from 506-514 to 393-399 MB and sent no slower (16 MB: 379-405 MB); a small town's hot pages fit.
const PGLITE_SETTINGS = ['-c', 'shared_buffers=32MB'];

/**
 * Creates a new data directory in a worker thread that then ends. PGlite runs initdb in a WebAssembly instance of its
 * own, and in the process that opened the directory its ~350 MB outside the heap (~250 MB of it resident) stayed until a
 * full collection, which the small heap of a fresh process did not need for seconds: a send right after the first start
 * peaked at ~570 MB instead of ~370.
 * A worker's memory is all returned when it ends.
 */
async function initPgliteDir(dir: string): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  // the worker resolves nothing itself: an evaluated script has no location to resolve a package from
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const script = `const { workerData } = require('node:worker_threads');
import(workerData.pglite).then(async ({ PGlite }) => { const db = await PGlite.create(workerData.dir); await db.close(); });`;
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(script, { eval: true, workerData: { pglite, dir } });
    worker.once('error', reject); // the worker's own error, thrown on here
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Creating the database in ${dir} failed (exit code ${code}).`))));
  });
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  // PGlite and its driver load only here: importing them costs a process on PostgreSQL ~8 MB of memory for nothing
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  let release = () => {};
  let client = opts.pglite;
  if (!client) {
    const dir = path.join(opts.dataDir, 'pgdata');
    mkdirSync(opts.dataDir, { recursive: true });
    release = lockDataDir(opts.dataDir);
    try {
      if (!existsSync(path.join(dir, 'PG_VERSION'))) await initPgliteDir(dir);
      client = await PGlite.create(dir, { relaxedDurability: false, startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
    } catch (err) {
      release();
      throw err;
    }
  }
  const pglite = client;
  const system = drizzlePglite(pglite) as unknown as Db;
  return wrap('pglite', system, {
    pglite,
    // in a transaction of PGlite's own: its one connection is shared, and a script run beside an open transaction
    // would land inside it
    tenantScript: async (tenantId, statements) => {
      const results = await pglite.transaction((tx) => tx.exec(tenantScriptText(tenantId, statements)));
      return results.slice(1).map((r) => r.rows as Record<string, unknown>[]);
    },
    close: async () => {
      if (!pglite.closed) await pglite.close();
      release();
    },
  });
}

/** Runs `fn` in a transaction as civicast_app with `app.tenant_id` set to `tenantId` ('' for none). */
type AsApp = <T>(tenantId: string, fn: (tx: PgTx) => Promise<T>) => Promise<T>;

/** The drivers' own transaction, then the settings: PGlite is in the process, so a second query costs no round trip. */
const asAppWith =
  (system: Db): AsApp =>
  (tenantId, fn) =>
    system.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'civicast_app', true), set_config('app.tenant_id', ${tenantId}, true)`);
      return fn(tx);
    });

function wrap(
  kind: Database['kind'],
  system: Db,
  extra: { pglite?: PGlite; pool?: pg.Pool; close: () => Promise<void>; tenantScript: Database['tenantScript'] },
  runAsApp: AsApp = asAppWith(system),
): Database {
  const statements = new Map<string, unknown>();
  return {
    kind,
    system,
    pglite: extra.pglite,
    pool: extra.pool,
    close: extra.close,
    prepared: (name, make) => {
      if (!statements.has(name)) statements.set(name, make());
      return statements.get(name) as ReturnType<typeof make>;
    },
    withTenant: (tenantId, fn) => runAsApp(tenantId, (tx) => fn(tx as TenantTx)),
    tenantScript: extra.tenantScript,
    asApp: (fn) => runAsApp('', (tx) => fn(tx as AppTx)),
  };
}

// Two processes on one PGlite directory lose committed rows, so the second one is refused at once.
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'civicast.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file);
        } catch {}
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DataDirInUseError(
          `The data directory ${dataDir} is in use by another Civicast process (pid ${pid}). ` +
            'Stop that process first, or set CIVICAST_DATA_DIR to another directory.',
        );
      }
      if (existsSync(file)) rmSync(file); // stale lock from a process that died
    }
  }
  throw new DataDirInUseError(`Could not lock the data directory ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
