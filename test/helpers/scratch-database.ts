// The one place that makes and removes throw-away databases, for tests, browser tests and benchmarks alike:
// a PostgreSQL database beside DATABASE_URL (optionally a copy of a template), a temporary data directory, and a
// PGlite template saved as a data-dir dump. Every caller cleans up through the returned dispose/drop.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

// names go into SQL unquoted, so only what we generate ourselves is allowed
const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The same server and credentials, another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface PostgresScratch {
  name: string;
  url: string;
  /** Ends every connection still open on it, then drops it. */
  drop(): Promise<void>;
}

export interface PostgresScratchOptions {
  /** Prefix of a random name (`<prefix>_<hex>`), or the exact name when `name` is given. */
  prefix?: string;
  name?: string;
  /** Create it as a copy of this database (CREATE DATABASE … TEMPLATE). */
  template?: string;
  /** Drop a database of that name first (for fixed names left over by an interrupted run). */
  replace?: boolean;
}

/** A new PostgreSQL database on the server of `adminUrl`. */
export async function createPostgresDatabase(adminUrl: string, opts: PostgresScratchOptions = {}): Promise<PostgresScratch> {
  const name = opts.name ?? `${opts.prefix ?? 'civicast_scratch'}_${randomBytes(6).toString('hex')}`;
  for (const n of [name, opts.template].filter(Boolean) as string[]) if (!SAFE_NAME.test(n)) throw new Error(`unsafe database name: ${n}`);
  await withAdmin(adminUrl, async (client) => {
    if (opts.replace) await terminateAndDrop(client, name);
    await client.query(`create database ${name}${opts.template ? ` template ${opts.template}` : ''}`);
  });
  return { name, url: withDatabase(adminUrl, name), drop: () => withAdmin(adminUrl, (client) => terminateAndDrop(client, name)) };
}

async function terminateAndDrop(client: pg.Client, name: string): Promise<void> {
  await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  await client.query(`drop database if exists ${name}`);
}

/** A new empty directory under the system's temp folder, removed with everything in it. */
export function createDataDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `civicast-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ScratchDatabase {
  /** A fresh data directory: lock file and keys, and the PGlite files when there is no PostgreSQL. */
  dataDir: string;
  /** A fresh database beside DATABASE_URL when it is set (PostgreSQL), else undefined (embedded PGlite). */
  databaseUrl?: string;
  /** A fresh secret key, for in-process use or a PostgreSQL database (an embedded `civicast start` keeps its own). */
  secretKey: string;
  dispose(): Promise<void>;
}

/**
 * What a process or benchmark needs to run on its own data: a data directory, and a PostgreSQL database when
 * `adminUrl` (by default DATABASE_URL) is set.
 */
export async function scratchDatabase(prefix: string, opts: { adminUrl?: string; template?: string } = {}): Promise<ScratchDatabase> {
  const adminUrl = 'adminUrl' in opts ? opts.adminUrl : process.env.DATABASE_URL;
  const data = createDataDir(prefix);
  const secretKey = randomBytes(32).toString('base64');
  if (!adminUrl) return { dataDir: data.dir, secretKey, dispose: async () => data.remove() };
  let database: PostgresScratch;
  try {
    database = await createPostgresDatabase(adminUrl, { prefix: `civicast_${prefix.replace(/\W/g, '_')}`, template: opts.template });
  } catch (error) {
    data.remove();
    throw error;
  }
  return {
    dataDir: data.dir,
    databaseUrl: database.url,
    secretKey,
    dispose: async () => {
      await database.drop();
      data.remove();
    },
  };
}

/** Saves a migrated PGlite as a template file that `pgliteFromTemplate` copies in milliseconds. */
export async function savePgliteTemplate(pglite: PGlite, file: string): Promise<void> {
  const dump = await pglite.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
}

/** An in-memory PGlite holding a copy of the template file. */
export async function pgliteFromTemplate(file: string): Promise<PGlite> {
  // loaded here only: a benchmark on PostgreSQL imports this file too and would carry PGlite's ~8 MB for nothing
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) });
}
