// Test harness: a real database (a copy of the migrated template), the real app, and small sign-in helpers.
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse as LightResponse } from 'fastify';
import { Registry } from 'prom-client';
import type { DestinationStream } from 'pino';
import { inject } from 'vitest';
import type { Role } from '../../src/common/roles.ts';
import { buildApp } from '../../src/server/app.ts';
import { closeAppDeps, createAppDeps } from '../../src/server/deps.ts';
import { allJobs } from '../../src/server/jobs.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import type { AppDeps } from '../../src/server/platform/context.ts';
import { type Database, openDatabase } from '../../src/server/platform/db/client.ts';
import { startJobs } from '../../src/server/platform/jobs.ts';
import { createLogger } from '../../src/server/platform/logger.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';
import { newTenant as createTenantWithOwner, PASSWORD, staffMember } from './factories.ts';
import { createPostgresDatabase, pgliteFromTemplate } from './scratch-database.ts';

export { PASSWORD, readyForSignUps } from './factories.ts';

export const OWNER_EMAIL = 'owner@musterstadt.test';
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
  createStaff(tenant: TenantRow, email: string, role: Role): Promise<string>;
  /** A new staff member `<role>@<tenant slug>.test` in that role, signed in. */
  staffSession(role: Role, tenant?: TenantRow): Promise<Session>;
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

export async function openTestDatabase(): Promise<{ db: Database; databaseUrl?: string; drop: () => Promise<void> }> {
  const pgTemplate = inject('postgresTemplate');
  if (pgTemplate) {
    const scratch = await createPostgresDatabase(process.env.DATABASE_URL!, { prefix: 'civicast_t', template: pgTemplate });
    const db = await openDatabase({ databaseUrl: scratch.url, dataDir: '.test-tmp', poolSize: 5 });
    return { db, databaseUrl: scratch.url, drop: scratch.drop };
  }
  const pglite = await pgliteFromTemplate(inject('pgliteTemplate'));
  const db = await openDatabase({ dataDir: '.test-tmp', pglite });
  return { db, drop: async () => {} };
}

/** The app with its owner signed in, the set-up most test files start from: `({ t, owner } = await createOwnerApp())`. */
export async function createOwnerApp(opts: TestAppOptions = {}): Promise<{ t: TestApp; owner: Session }> {
  const t = await createTestApp(opts);
  return { t, owner: await t.loginOwner() };
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

  const createStaff = (tenant: TenantRow, email: string, role: Role) => staffMember(deps, tenant, email, role);
  const newTenant = (slug: string, name: string) => createTenantWithOwner(deps, { slug, name });
  const tenant = await createTenantWithOwner(deps, { slug: 'musterstadt', name: 'Musterstadt', ownerEmail: OWNER_EMAIL });

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
    staffSession: async (role, inTenant = tenant) => {
      const email = `${role}@${inTenant.slug}.test`;
      await createStaff(inTenant, email, role);
      return login(email);
    },
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

/** Accepts an invitation from the mail link as the invitee's browser does, before any session (`name` for a new account). */
export function acceptInvitation(t: TestApp, payload: { token: string; password: string; name?: string }): Promise<LightResponse> {
  return t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload });
}

/** A second server process on the test app's database: its own deps and app, nothing shared in memory with the first. */
export async function secondInstance(t: TestApp): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const deps = createAppDeps({ config: t.deps.config, db: t.deps.db, log: t.deps.log, registry: new Registry(), jobs: null });
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await closeAppDeps(deps);
    },
  };
}

/** A fresh municipality (a slug of its own) with its owner signed in, for tests that must not share Musterstadt's state. */
export async function tenantWithOwner(t: TestApp, opts: { name?: string } = {}): Promise<{ tenant: TenantRow; owner: Session }> {
  const tenant = await createTenantWithOwner(t.deps, opts);
  return { tenant, owner: await t.login(`owner@${tenant.slug}.test`) };
}
