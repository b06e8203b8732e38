// What the HTTP benchmarks share: a fresh Civicast on a scratch database (migrated, listening on a free port, one
// municipality), a staff member signed in through the real login route, a route under load and then one client at a
// time, the peak resident memory, and percentiles.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { Registry } from 'prom-client';
import { buildApp } from '../src/server/app.ts';
import { closeAppDeps, createAppDeps } from '../src/server/deps.ts';
import { allJobs } from '../src/server/jobs.ts';
import { createTenant } from '../src/server/modules/tenants/index.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import type { AppDeps } from '../src/server/platform/context.ts';
import { openDatabase } from '../src/server/platform/db/client.ts';
import { migrateDatabase } from '../src/server/platform/db/migrate.ts';
import { startJobs } from '../src/server/platform/jobs.ts';
import { createLogger } from '../src/server/platform/logger.ts';
import type { TenantRow } from '../src/server/platform/tenancy.ts';
import { PASSWORD, staffMember } from '../test/helpers/factories.ts';
import { scratchDatabase } from '../test/helpers/scratch-database.ts';

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
};
export const round = (x: number | null, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Civicast's resident memory, sampled through the run until `stop()`. */
export function trackPeakRss() {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  return {
    stop: () => clearInterval(timer),
    peakMb: () => Math.round(peak / 1e6),
  };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });

/**
 * A fresh database (PostgreSQL when DATABASE_URL is set, else PGlite), migrated, Civicast listening on it with its job
 * queue (worked every `pollSeconds`, no supervisor), and one municipality.
 */
export async function startCivicast(name: string, opts: { pollSeconds: number; tenant: Parameters<typeof createTenant>[1] }) {
  const scratch = await scratchDatabase(name);
  const { dataDir, databaseUrl, secretKey } = scratch;
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    CIVICAST_DATA_DIR: dataDir,
    CIVICAST_SECRET_KEY: secretKey,
    CIVICAST_PUBLIC_URL: publicUrl,
    LOG_LEVEL: 'warn',
    // the load comes from one address, far beyond what one integrator may read
    CIVICAST_OPEN311_READS_PER_MINUTE: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const log = createLogger('warn');
  const db = await openDatabase({ databaseUrl, dataDir, poolSize: 12 });
  await migrateDatabase(db);
  const jobs = await startJobs({ db, databaseUrl, log, definitions: allJobs, pollSeconds: opts.pollSeconds, supervise: false });
  const deps: AppDeps = createAppDeps({ config, db, log, registry: new Registry(), jobs });
  const app = await buildApp(deps);
  await app.listen({ port, host: '127.0.0.1' });
  const tenant = await createTenant(db, opts.tenant);
  const close = async () => {
    await app.close();
    await jobs.stop();
    await closeAppDeps(deps);
    await db.close();
    await scratch.dispose();
  };
  return { db, deps, publicUrl, tenant, close };
}

/** An owner of the municipality, signed in through the login route: the cookie header its requests carry. */
export async function signedInOwner(deps: AppDeps, tenant: TenantRow, publicUrl: string, email: string): Promise<string> {
  await staffMember(deps, tenant, email, 'owner');
  const login = await fetch(`${publicUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  return login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * A GET with autocannon (`connections` at once for `durationS`; latencies of 200s only) from its own process, then one
 * client at a time for half as long (at least 3 s): the latency a person sees when the machine is not queueing other
 * requests. Refusals (e.g. 429 from a flood limit) are counted by status and reported, never timed.
 */
/** CPU time (ms) used so far by every running PostgreSQL process of this machine (0 where /proc cannot tell: PGlite). */
export function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // the command name is in parentheses and may hold spaces: fields are counted after the closing one
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
    } catch {
      // the process ended between the listing and the read
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

export async function loadRoute(url: string, headers: Record<string, string>, connections: number, durationS: number) {
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuMs();
  const client = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./load-client.ts', import.meta.url)), JSON.stringify({ url, headers, connections, durationS })],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  client.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => client.on('close', resolve));
  if (code !== 0) throw new Error(`the load client exited with ${code}`);
  const cpu = process.cpuUsage(cpu0);
  const postgresMs = postgresCpuMs() - pg0;
  const { latencies, errors, statuses, requests, cpuMs } = JSON.parse(out) as {
    latencies: number[];
    errors: number;
    statuses: Record<string, number>;
    requests: number;
    cpuMs: number;
  };
  if (errors) console.log(`  (${errors} answers were not 200: ${JSON.stringify(statuses)})`);
  // CPU per request under load: this process (the server) and the database, to tell which one the latency waits for
  const serverCpuMsPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, requests);
  const serverSystemCpuMsPerRequest = cpu.system / 1000 / Math.max(1, requests);
  const postgresCpuMsPerRequest = postgresMs / Math.max(1, requests);
  const clientCpuMsPerRequest = cpuMs / Math.max(1, requests);
  const single: number[] = [];
  for (const end = Date.now() + Math.max(3, durationS / 2) * 1000; Date.now() < end; ) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.ok) single.push(performance.now() - t0);
  }
  return { latencies, errors, requests, single, serverCpuMsPerRequest, serverSystemCpuMsPerRequest, postgresCpuMsPerRequest, clientCpuMsPerRequest };
}
