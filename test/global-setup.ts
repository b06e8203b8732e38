// Once per test run: migrate one database, keep it as a template; every test file gets its own copy
// (a PGlite data-dir dump, or a PostgreSQL database created FROM TEMPLATE when DATABASE_URL is set).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/server/platform/db/client.ts';
import { migrateDatabase } from '../src/server/platform/db/migrate.ts';
import { startJobs } from '../src/server/platform/jobs.ts';
import { createLogger } from '../src/server/platform/logger.ts';
import { allJobs } from '../src/server/jobs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

const tmp = path.resolve('.test-tmp');

export default async function setup(project: TestProject) {
  mkdirSync(tmp, { recursive: true });
  const log = createLogger('silent');
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `civicast_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const tplUrl = withDatabase(url, name);
    const db = await openDatabase({ databaseUrl: tplUrl, dataDir: tmp, poolSize: 2 });
    await migrateDatabase(db);
    const jobs = await startJobs({ db, databaseUrl: tplUrl, log, definitions: allJobs, pollSeconds: 1, supervise: false });
    await jobs.stop();
    await db.close();
    project.provide('postgresTemplate', name);
    project.provide('pgliteTemplate', '');
    return async () => {
      // test files' databases were dropped by each file; the template goes last
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    };
  }
  const pglite = await PGlite.create();
  const db = await openDatabase({ dataDir: tmp, pglite });
  await migrateDatabase(db);
  const jobs = await startJobs({ db, log, definitions: allJobs, pollSeconds: 1, supervise: false });
  await jobs.stop();
  const dump = await pglite.dumpDataDir('gzip');
  const file = path.join(tmp, `template-${process.pid}.tar.gz`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
  return () => rmSync(file, { force: true });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
