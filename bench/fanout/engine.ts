// Civicast's delivery side for the fan-out benchmark: a database (PGlite in a temp dir, or a fresh PostgreSQL
// database when DATABASE_URL is set), migrated, with one tenant whose providers point at the local peers.
import { type ChildProcess, spawn } from 'node:child_process';
import { Registry } from 'prom-client';
import { allJobs, type Lanes } from '../../src/server/jobs.ts';
import { closeAppDeps, createAppDeps } from '../../src/server/deps.ts';
import { startSweeper } from '../../src/server/modules/delivery/index.ts';
import { createProvider } from '../../src/server/modules/delivery/providers.service.ts';
import { createTenant } from '../../src/server/modules/tenants/index.ts';
import { loadConfig } from '../../src/server/platform/config.ts';
import type { AppDeps } from '../../src/server/platform/context.ts';
import { openDatabase } from '../../src/server/platform/db/client.ts';
import { migrateDatabase } from '../../src/server/platform/db/migrate.ts';
import { createJobs } from '../../src/server/platform/jobs.ts';
import { createLogger } from '../../src/server/platform/logger.ts';
import type { Peers } from '../../test/peers/peers-process.ts';
import { scratchDatabase } from '../../test/helpers/scratch-database.ts';

export interface Engine {
  deps: AppDeps;
  tenant: Awaited<ReturnType<typeof createTenant>>;
  databaseUrl?: string;
  secretKey: string;
  close(): Promise<void>;
}

export const systemActor = { userId: null, email: 'bench', ip: null, userAgent: null, requestId: null };

export async function startEngine(peers: Peers, opts: { work: boolean }): Promise<Engine> {
  const bench = await scratchDatabase('fanout');
  const { dataDir, databaseUrl, secretKey } = bench;
  const config = loadConfig({
    CIVICAST_DATA_DIR: dataDir,
    CIVICAST_SECRET_KEY: secretKey,
    CIVICAST_PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    CIVICAST_JOB_POLL_SECONDS: '0.5',
    CIVICAST_JOB_IDLE_POLL_SECONDS: '0.5',
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const log = createLogger('warn');
  const db = await openDatabase({ databaseUrl, dataDir, poolSize: 12 });
  await migrateDatabase(db);
  const jobs = createJobs({ db, databaseUrl, log, definitions: allJobs, pollSeconds: 0.5, supervise: true });
  const deps: AppDeps = createAppDeps({ config, db, log, registry: new Registry(), jobs });
  const tenant = await createTenant(db, { slug: 'musterstadt', name: 'Musterstadt' });
  await connectPeers(deps, tenant, peers);
  let stopSweeper: (() => Promise<void>) | null = null;
  if (opts.work) {
    await jobs.work(allJobs, deps);
    stopSweeper = startSweeper(deps);
  }
  return {
    deps,
    tenant,
    databaseUrl,
    secretKey,
    close: async () => {
      await stopSweeper?.();
      await jobs.stop();
      await closeAppDeps(deps);
      await db.close();
      await bench.dispose();
    },
  };
}

/** The tenant's SMS, e-mail and push providers, pointing at the local peers. */
export async function connectPeers(deps: AppDeps, tenant: Awaited<ReturnType<typeof createTenant>>, peers: Peers): Promise<void> {
  await createProvider(deps, systemActor, tenant, {
    channel: 'sms',
    kind: 'smpp',
    name: 'SMSC',
    config: { host: '127.0.0.1', port: peers.smscPort, systemId: 'civicast', windowSize: 100 },
    secrets: { password: 'secret' },
    weight: 100,
    enabled: true,
    ratePerSecond: null,
    maxConnections: null,
    centsPerMessage: 7,
  });
  await createProvider(deps, systemActor, tenant, {
    channel: 'email',
    kind: 'smtp',
    name: 'SMTP',
    config: { host: '127.0.0.1', port: peers.smtpPort, maxConnections: 10 },
    secrets: {},
    weight: 100,
    enabled: true,
    ratePerSecond: null,
    maxConnections: null,
    centsPerMessage: 0,
  });
  await createProvider(deps, systemActor, tenant, {
    channel: 'push',
    kind: 'webpush',
    name: 'Push',
    config: { subject: 'mailto:ops@civicast.test' },
    secrets: {},
    weight: 100,
    enabled: true,
    ratePerSecond: null,
    maxConnections: null,
    centsPerMessage: 0,
  });
}

/**
 * `civicast worker --lanes <lanes>` processes on the engine's PostgreSQL database, sending with the same secret key and
 * peers.
 */
export function spawnWorkers(engine: Engine, count: number, lanes: Lanes = 'all'): ChildProcess[] {
  if (!engine.databaseUrl) return [];
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['bin/civicast.mjs', 'worker', '--lanes', lanes], {
      env: {
        ...process.env,
        DATABASE_URL: engine.databaseUrl,
        CIVICAST_SECRET_KEY: engine.secretKey,
        CIVICAST_PUSH_ENDPOINT_HOSTS: '127.0.0.1',
        CIVICAST_JOB_POLL_SECONDS: '0.5',
        LOG_LEVEL: 'warn',
      },
      stdio: 'inherit',
    }),
  );
}
