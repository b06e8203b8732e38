// Test harness: a real database (a copy of the migrated template), the real app, and small sign-in helpers.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse as LightResponse } from 'fastify';
import pg from 'pg';
import { Registry } from 'prom-client';
import type { DestinationStream } from 'pino';
import { inject } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { closeAppDeps, createAppDeps } from '../../src/server/deps.ts';
import { allJobs } from '../../src/server/jobs.ts';
import { createTenant } from '../../src/server/modules/tenants/index.ts';
import { hashPassword } from '../../src/server/platform/auth/password.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import type { AppDeps } from '../../src/server/platform/context.ts';
import { type Database, openDatabase } from '../../src/server/platform/db/client.ts';
import { memberships, staffUsers, tenants } from '../../src/server/platform/db/schema.ts';
import { startJobs } from '../../src/server/platform/jobs.ts';
import { createLogger } from '../../src/server/platform/logger.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';

export const OWNER_EMAIL = 'owner@musterstadt.test';
export const PASSWORD = 'correct horse battery';
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export interface Session {
  cookie: string;
  csrf: string;
}

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  tenant: TenantRow;
  /** A new tenant with an owner `owner@<slug>.test` (password PASSWORD). */
  createTenant(slug: string, name: string): Promise<TenantRow>;
  createStaff(tenant: TenantRow, email: string, role: string): Promise<string>;
  login(email: string, password?: string, totp?: string): Promise<Session>;
  loginOwner(): Promise<Session>;
  /** app.inject with the session cookie and CSRF header set. */
  as(session: Session, opts: InjectOptions): Promise<LightResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Start pg-boss (enqueue jobs from this process). */
  jobs?: boolean;
  /** Also work every job in this process (implies jobs). */
  work?: boolean;
  env?: Record<string, string>;
  /** Write the server's log (JSON lines) to this stream at this level, e.g. to prove what it never holds. */
  log?: { level: string; stream: DestinationStream };
}

/**
 * Imprint, privacy statement and contact filled in, as every municipality that takes registrations has them (the
 * portal refuses sign-ups without them); a test of the missing set-up clears them itself.
 */
export async function readyForSignUps(db: Database, tenant: TenantRow): Promise<TenantRow> {
  const [row] = await db.system
    .update(tenants)
    .set({
      imprint: `${tenant.name}\nRathausplatz 1\n99999 ${tenant.name}`,
      privacyText: `${tenant.name} verarbeitet Ihre Daten nur für die Nachrichten, in die Sie einwilligen.`,
      contact: { email: `rathaus@${tenant.slug}.test`, phone: '+49 9999 12345-0' },
    })
    .where(eq(tenants.id, tenant.id))
    .returning();
  return row;
}

export async function openTestDatabase(): Promise<{ db: Database; databaseUrl?: string; drop: () => Promise<void> }> {
  const pgTemplate = inject('postgresTemplate');
  if (pgTemplate) {
    const base = process.env.DATABASE_URL!;
    const name = `civicast_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name} template ${pgTemplate}`);
    const u = new URL(base);
    u.pathname = `/${name}`;
    const databaseUrl = u.toString();
    const db = await openDatabase({ databaseUrl, dataDir: '.test-tmp', poolSize: 5 });
    return {
      db,
      databaseUrl,
      drop: async () => {
        await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
        await admin.query(`drop database if exists ${name}`);
        await admin.end();
      },
    };
  }
  const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
  const pglite = await PGlite.create({ loadDataDir: blob });
  const db = await openDatabase({ dataDir: '.test-tmp', pglite });
  return { db, drop: async () => {} };
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const { db, databaseUrl, drop } = await openTestDatabase();
  const config = loadConfig({
    CIVICAST_DATA_DIR: path.resolve('.test-tmp'),
    CIVICAST_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.env,
  });
  const log = opts.log ? createLogger(opts.log.level, opts.log.stream) : createLogger('silent');
  const jobs = opts.jobs || opts.work ? await startJobs({ db, databaseUrl, log, definitions: allJobs, pollSeconds: 0.5, supervise: false }) : null;
  const deps: AppDeps = createAppDeps({ config, db, log, registry: new Registry(), jobs });
  if (opts.work) await jobs!.work(allJobs, deps);
  const app = await buildApp(deps);
  await app.ready();

  const passwordHash = await hashPassword(PASSWORD);
  const createStaff = async (tenant: TenantRow, email: string, role: string) => {
    const [user] = await db.system
      .insert(staffUsers)
      .values({ email, name: email.split('@')[0], passwordHash })
      .onConflictDoUpdate({ target: staffUsers.email, set: { email } })
      .returning();
    await db.withTenant(tenant.id, (tx) => tx.insert(memberships).values({ tenantId: tenant.id, userId: user.id, role }));
    return user.id;
  };
  const newTenant = async (slug: string, name: string) => {
    const tenant = await readyForSignUps(db, await createTenant(db, { slug, name }));
    await createStaff(tenant, `owner@${slug}.test`, 'owner');
    return tenant;
  };
  const tenant = await readyForSignUps(db, await createTenant(db, { slug: 'musterstadt', name: 'Musterstadt' }));
  await createStaff(tenant, OWNER_EMAIL, 'owner');

  const login = async (email: string, password = PASSWORD, totp?: string): Promise<Session> => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, ...(totp ? { totp } : {}) } });
    if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'civicast_session');
    return { cookie: `civicast_session=${cookie!.value}`, csrf: res.json().csrfToken };
  };
  return {
    app,
    deps,
    tenant,
    createTenant: newTenant,
    createStaff,
    login,
    loginOwner: () => login(OWNER_EMAIL),
    as: (session, o) => app.inject({ ...o, headers: { ...(o.headers ?? {}), cookie: session.cookie, 'x-csrf-token': session.csrf } }),
    close: async () => {
      await app.close();
      await jobs?.stop();
      await closeAppDeps(deps);
      await db.close();
      await drop();
    },
  };
}
