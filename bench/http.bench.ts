// npm run bench:http — start-up time on an existing data directory, then load on the resident start page and /healthz.
// Usage: npm run bench:http [-- --duration 10 --connections 64]
import { type ChildProcess, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDataDir } from '../test/helpers/scratch-database.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '64' }, port: { type: 'string', default: '3917' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const data = createDataDir('bench-http');
const dataDir = data.dir;
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  CIVICAST_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  CIVICAST_ADMIN_EMAIL: 'bench@musterstadt.example',
  CIVICAST_ADMIN_PASSWORD: 'bench-password-123',
};
delete (env as Record<string, unknown>).DATABASE_URL;

async function startServer(): Promise<{ child: ChildProcess; readyMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/civicast.mjs', 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`civicast exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.ok) return { child, readyMs: Math.round(performance.now() - t0) };
    } catch {}
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stop(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

function load(url: string, seconds = duration): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, pipelining: 1 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

try {
  const first = await startServer();
  console.log(`first start (new data directory, migrate + seed): ${first.readyMs} ms`);
  await stop(first.child);
  const again = await startServer();
  console.log(`start on the existing data directory: ${again.readyMs} ms (target < 3000 ms)`);
  const figures: Record<string, unknown> = {};
  for (const [name, url] of [
    ['startPage', `${base}/m/musterstadt/`],
    ['healthz', `${base}/healthz`],
  ] as const) {
    await load(url, 2); // warm-up (JIT, caches); the figures come from the run after it
    const res = await load(url);
    const row = {
      reqPerSec: Math.round(res.requests.average),
      p99Ms: res.latency.p99,
      p50Ms: res.latency.p50,
      errors: res.errors + res.non2xx,
      requests: res.requests.total,
    };
    figures[name] = row;
    console.log(
      `${name.padEnd(10)} ${String(row.reqPerSec).padStart(7)} req/s   p50 ${row.p50Ms} ms   p99 ${row.p99Ms} ms   errors ${row.errors}   (${connections} connections, ${duration} s)`,
    );
  }
  await stop(again.child);
  console.log('targets: start page ≥ 10000 req/s with p99 < 50 ms; ready < 3000 ms');
  console.log(JSON.stringify({ ...figures, readyMs: again.readyMs, firstStartMs: first.readyMs, connections, durationS: duration }));
} finally {
  data.remove();
}
