// Reads and validates the environment once at start-up; every setting has a sentence that says how to fix it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { attributionProblem, tileUrlProblem } from '../../common/map-tiles.ts';

/** An optional text setting checked by `problem`; an empty value counts as unset. */
const checked = (problem: (value: string) => string | null) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .superRefine((v, ctx) => {
        const p = problem(v);
        if (p) ctx.addIssue({ code: 'custom', message: p });
      })
      .optional(),
  );

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  CIVICAST_DATA_DIR: z.string().default('./data'),
  CIVICAST_ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  CIVICAST_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  CIVICAST_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  CIVICAST_PUBLIC_URL: z.url('must be a URL such as https://civicast.example.org').optional(),
  CIVICAST_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  CIVICAST_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  CIVICAST_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  CIVICAST_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  CIVICAST_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  CIVICAST_SEED_DEMO: z.enum(['true', 'false']).optional(),
  CIVICAST_DEMO_CONTENT: z.enum(['true', 'false']).default('true'),
  CIVICAST_DB_POOL_SIZE: z.coerce.number().int().min(2, 'must be at least 2 (a transaction and a look-up beside it)').max(500).default(10),
  CIVICAST_JOB_POLL_SECONDS: z.coerce.number().min(0.5).default(2),
  CIVICAST_JOB_IDLE_POLL_SECONDS: z.coerce.number().min(0.5).default(15),
  CIVICAST_DELIVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  CIVICAST_DELIVERY_MAX_AGE_HOURS: z.coerce.number().min(0.01).default(4),
  CIVICAST_DELIVERY_CLAIM_TIMEOUT_SECONDS: z.coerce.number().int().min(5).default(120),
  CIVICAST_DELIVERY_FALLBACK_SECONDS: z.coerce.number().int().min(1).default(900),
  CIVICAST_DELIVERY_SWEEP_SECONDS: z.coerce.number().min(0.2).default(5),
  CIVICAST_EMAIL_FROM: z.email('must be an e-mail address such as noreply@civicast.example').default('noreply@civicast.localhost'),
  CIVICAST_REPLY_ADDRESS: z.email('must be an e-mail address such as reply@civicast.example').default('reply@civicast.localhost'),
  CIVICAST_INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  CIVICAST_PUSH_ENDPOINT_HOSTS: z
    .string()
    .default('fcm.googleapis.com,updates.push.services.mozilla.com,push.services.mozilla.com,web.push.apple.com,*.notify.windows.com,*.push.apple.com'),
  CIVICAST_HARD_BOUNCE_LIMIT: z.coerce.number().int().min(1).default(3),
  CIVICAST_MAP_TILE_URL: checked(tileUrlProblem),
  CIVICAST_MAP_ATTRIBUTION: checked(attributionProblem),
  CIVICAST_METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{24,}$/, 'must be at least 24 printable characters without spaces (openssl rand -hex 32)')
    .optional(),
  /** External CAP feeds may point at private or loopback addresses (tests, an intranet warning server); off: SSRF guard. */
  CIVICAST_CAP_FEEDS_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  CIVICAST_OPEN311_FORWARD_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  CIVICAST_OPEN311_READS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1_200),
  /** Deadline for fetching one CAP feed or linked document, whole answer included. */
  CIVICAST_CAP_FEEDS_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(120).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Browser tests only: POST /__test/clock sets the clock jobs go by (platform/clock.ts); refused with NODE_ENV=production. */
  CIVICAST_TEST_CLOCK: z.enum(['0', '1'], 'must be 1 (browser tests only) or 0').default('0'),
  NODE_ENV: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /** Connections each process keeps to PostgreSQL for its own queries (pg-boss has its own few). */
  dbPoolSize: number;
  dataDir: string;
  adminEmail?: string;
  adminPassword?: string;
  secretKey: Buffer;
  publicUrl: string;
  trustProxy: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  loginMaxFailures: number;
  loginLockMs: number;
  jobPollSeconds: number;
  /** How often idle workers look for jobs while every enqueue wakes them anyway (LISTEN/NOTIFY). */
  jobIdlePollSeconds: number;
  /** Seed the demo municipality into an empty database (default: embedded yes, server no). */
  seedDemo: boolean;
  /** With the demo municipality, its living content too: streets, residents, news, a past exercise warning. */
  seedDemoContent: boolean;
  logLevel: string;
  secureCookies: boolean;
  delivery: {
    batchSize: number;
    maxAgeMs: number;
    claimTimeoutSeconds: number;
    fallbackSeconds: number;
    sweepMs: number;
    emailFrom: string;
    replyAddress: string;
    inboundSmtpPort?: number;
    hardBounceLimit: number;
    /** Hosts a push subscription may point at (wildcards allowed); http only for loopback hosts listed here. */
    pushEndpointHosts: string[];
  };
  /** Bearer token for /metrics; unset: /metrics answers only requests from this machine that no proxy forwarded. */
  metricsToken?: string;
  /** The installation's map tiles for the console; a tenant's own setting wins. */
  map: { tileUrl: string | null; attribution: string | null };
  /** External CAP feeds (warnings, CAP in): whether a feed may point at a private or loopback address. */
  capFeeds: { allowPrivateTargets: boolean; timeoutMs: number };
  /** Forwarding reports to back-office Open311 endpoints: whether such an endpoint may be a private or loopback address. */
  open311Forward: { allowPrivateTargets: boolean };
  /** Open311 reads (GET) one address may make per minute in one process. */
  open311: { readsPerMinutePerAddress: number };
  /** CIVICAST_TEST_CLOCK=1: the test clock route exists (browser tests; never in production). */
  testClock: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Civicast cannot start: fix these environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.CIVICAST_TEST_CLOCK === '1' && e.NODE_ENV === 'production')
    throw new ConfigError("Civicast cannot start: CIVICAST_TEST_CLOCK=1 lets anyone set the server's clock; unset it (it is for browser tests only).");
  const dataDir = path.resolve(e.CIVICAST_DATA_DIR);
  const publicUrl = (e.CIVICAST_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.CIVICAST_DB_POOL_SIZE,
    dataDir,
    adminEmail: e.CIVICAST_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.CIVICAST_ADMIN_PASSWORD,
    secretKey: resolveSecretKey(e.CIVICAST_SECRET_KEY, e.DATABASE_URL, dataDir),
    publicUrl,
    trustProxy: e.CIVICAST_TRUST_PROXY === 'true',
    sessionIdleMs: e.CIVICAST_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.CIVICAST_SESSION_ABSOLUTE_HOURS * 3_600_000,
    loginMaxFailures: e.CIVICAST_LOGIN_MAX_FAILURES,
    loginLockMs: e.CIVICAST_LOGIN_LOCK_MINUTES * 60_000,
    jobPollSeconds: e.CIVICAST_JOB_POLL_SECONDS,
    jobIdlePollSeconds: e.CIVICAST_JOB_IDLE_POLL_SECONDS,
    seedDemo: e.CIVICAST_SEED_DEMO ? e.CIVICAST_SEED_DEMO === 'true' : !e.DATABASE_URL,
    seedDemoContent: e.CIVICAST_DEMO_CONTENT === 'true',
    logLevel: e.LOG_LEVEL,
    secureCookies: publicUrl.startsWith('https://'),
    delivery: {
      batchSize: e.CIVICAST_DELIVERY_BATCH_SIZE,
      maxAgeMs: e.CIVICAST_DELIVERY_MAX_AGE_HOURS * 3_600_000,
      claimTimeoutSeconds: e.CIVICAST_DELIVERY_CLAIM_TIMEOUT_SECONDS,
      fallbackSeconds: e.CIVICAST_DELIVERY_FALLBACK_SECONDS,
      sweepMs: e.CIVICAST_DELIVERY_SWEEP_SECONDS * 1000,
      emailFrom: e.CIVICAST_EMAIL_FROM,
      replyAddress: e.CIVICAST_REPLY_ADDRESS,
      inboundSmtpPort: e.CIVICAST_INBOUND_SMTP_PORT,
      hardBounceLimit: e.CIVICAST_HARD_BOUNCE_LIMIT,
      pushEndpointHosts: e.CIVICAST_PUSH_ENDPOINT_HOSTS.split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    },
    map: { tileUrl: e.CIVICAST_MAP_TILE_URL ?? null, attribution: e.CIVICAST_MAP_ATTRIBUTION ?? null },
    capFeeds: { allowPrivateTargets: e.CIVICAST_CAP_FEEDS_ALLOW_PRIVATE === 'true', timeoutMs: e.CIVICAST_CAP_FEEDS_TIMEOUT_SECONDS * 1000 },
    open311Forward: { allowPrivateTargets: e.CIVICAST_OPEN311_FORWARD_ALLOW_PRIVATE === 'true' },
    open311: { readsPerMinutePerAddress: e.CIVICAST_OPEN311_READS_PER_MINUTE },
    metricsToken: e.CIVICAST_METRICS_TOKEN,
    testClock: e.CIVICAST_TEST_CLOCK === '1',
  };
}

// Embedded mode keeps a generated key beside the data; a server installation must bring its own.
function resolveSecretKey(value: string | undefined, databaseUrl: string | undefined, dataDir: string): Buffer {
  if (value) return Buffer.from(value, 'base64');
  if (databaseUrl) {
    throw new ConfigError(
      'Civicast cannot start: CIVICAST_SECRET_KEY is not set. With DATABASE_URL every process needs the same key: ' +
        'create one with `openssl rand -base64 32` and set it in the environment of every civicast process.',
    );
  }
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}
