// Once per test run: migrate one database, keep it as a template; every test file gets its own copy
// (a PGlite data-dir dump, or a PostgreSQL database created FROM TEMPLATE when DATABASE_URL is set).
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/server/platform/db/client.ts';
import { migrateDatabase } from '../src/server/platform/db/migrate.ts';
import { startJobs } from '../src/server/platform/jobs.ts';
import { createLogger } from '../src/server/platform/logger.ts';
import { allJobs } from '../src/server/jobs.ts';
import { createPostgresDatabase, savePgliteTemplate } from './helpers/scratch-database.ts';

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
    // a fixed name per run, replaced if an interrupted run left it behind
    const template = await createPostgresDatabase(url, { name: `civicast_tpl_${process.pid}`, replace: true });
    const db = await openDatabase({ databaseUrl: template.url, dataDir: tmp, poolSize: 2 });
    await migrateDatabase(db);
    const jobs = await startJobs({ db, databaseUrl: template.url, log, definitions: allJobs, pollSeconds: 1, supervise: false });
    await jobs.stop();
    await db.close();
    project.provide('postgresTemplate', template.name);
    project.provide('pgliteTemplate', '');
    // test files' databases were dropped by each file; the template goes last
    return () => template.drop();
  }
  const pglite = await PGlite.create();
  const db = await openDatabase({ dataDir: tmp, pglite });
  await migrateDatabase(db);
  const jobs = await startJobs({ db, log, definitions: allJobs, pollSeconds: 1, supervise: false });
  await jobs.stop();
  const file = path.join(tmp, `template-${process.pid}.tar.gz`);
  await savePgliteTemplate(pglite, file);
  await pglite.close();
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
  return () => rmSync(file, { force: true });
}
