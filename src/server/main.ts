// Start-up: config → database → migrations → jobs → app → listen; graceful shutdown on SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { buildApp, consoleDir } from './app.ts';
import { allJobs, jobsOfLanes, type Lanes } from './jobs.ts';
import { closeAppDeps, createAppDeps } from './deps.ts';
import { listenForUrgentHolds, startInboundEmail, startSweeper } from './modules/delivery/index.ts';
import { type Config, loadConfig } from './platform/config.ts';
import type { AppDeps } from './platform/context.ts';
import { type Database, openDatabase } from './platform/db/client.ts';
import { migrateDatabase } from './platform/db/migrate.ts';
import { createJobs, type Jobs } from './platform/jobs.ts';
import { createLogger } from './platform/logger.ts';
import { DEMO_SLUG, seedDemo, seedDemoContent } from './seed.ts';

export type Role = 'all' | 'serve' | 'worker';

export async function openForCli(config: Config = loadConfig()) {
  const log = createLogger(config.logLevel);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  await migrateDatabase(db);
  return { config, log, db };
}

async function buildConsoleIfMissing(log: ReturnType<typeof createLogger>) {
  if (existsSync(path.join(consoleDir, 'index.html'))) return;
  log.info('building the staff console (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: path.resolve(consoleDir, '../../vite.config.ts'), logLevel: 'warn' });
}

/** Runs a server process; a worker takes the jobs of `lanes` (all, the urgent lane only, or all but it). */
export async function run(role: Role, lanes: Lanes = 'all'): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (role !== 'worker') await buildConsoleIfMissing(log);
  const db: Database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  let jobs: Jobs | null = null;
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let deps: AppDeps | null = null;
  let stopping = false;
  let stopSweeper: (() => Promise<void>) | null = null;
  let stopInbound: (() => Promise<void>) | null = null;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new requests, finishing running work');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await app?.close();
      await stopSweeper?.();
      await stopInbound?.();
      await jobs?.stop();
      if (deps) await closeAppDeps(deps);
      await db.close();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await migrateDatabase(db);
  const seed = !config.seedDemo ? null : await seedDemo(db, { email: config.adminEmail, password: config.adminPassword });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // pg-boss starts in the background: HTTP serves at once, and every enqueue waits for the queue
  const queue = createJobs({
    db,
    databaseUrl: config.databaseUrl,
    log,
    definitions: allJobs,
    pollSeconds: config.jobPollSeconds,
    idlePollSeconds: config.jobIdlePollSeconds,
    supervise: role !== 'serve',
  });
  jobs = queue;
  deps = createAppDeps({ config, db, log, registry, jobs });
  if (role === 'worker') await queue.work(jobsOfLanes(lanes), deps);
  else if (role === 'all') void queue.work(allJobs, deps).catch((err) => log.error({ err }, 'job worker failed to start'));
  // the VAPID key pair is made at the first start and kept, so browser subscriptions stay valid
  await deps.delivery.vapidKeys();
  // the living demo (streets, residents, news, a past exercise warning) goes through the services and the engine
  if (seed?.seeded && config.seedDemoContent) await seedDemoContent(deps);
  if (role !== 'serve') {
    // the holds of other processes, and the towns whose senders to open for the warnings they accept
    void listenForUrgentHolds(deps);
    stopSweeper = startSweeper(deps);
    stopInbound = await startInboundEmail(deps);
  }
  if (role !== 'worker') {
    app = await buildApp(deps);
    await app.listen({ port: config.port, host: config.host });
  }
  const readyMs = Date.now() - started;
  log.info({ role, ...(role === 'worker' ? { lanes } : {}), readyMs, database: db.kind }, 'civicast ready');
  if (role !== 'worker') printWelcome(config, seed, readyMs);
}

function printWelcome(config: Config, seed: Awaited<ReturnType<typeof seedDemo>> | null, readyMs: number) {
  const lines = [
    '',
    `  Civicast is running (ready in ${readyMs} ms).`,
    `  Staff console:    ${config.publicUrl}/admin/`,
    `  Resident portal:  ${config.publicUrl}/m/${DEMO_SLUG}/`,
    `  API docs:         ${config.publicUrl}/api/docs`,
  ];
  if (seed) {
    lines.push(`  Staff login:      ${seed.email}   (owner of ${DEMO_SLUG} and installation operator)`);
    if (seed.password) lines.push(`  Password:         ${seed.password}   (shown once; change it under "Mein Konto")`);
    else if (config.adminPassword) lines.push('  Password:         the value of CIVICAST_ADMIN_PASSWORD');
    else lines.push(`  Password:         as printed at the first start; forgot it? npx civicast user reset-password --email ${seed.email}`);
  }
  lines.push('  Stop with Ctrl-C.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}
