// npm run bench:http — start-up time on an existing data directory, then load on the resident start page and /healthz,
// each beside a bare node:http server that answers the same bytes (status, headers, body) in the same run: the ratio
// of the two is what Civicast's own work per request costs. Civicast runs with its default configuration and logging.
// Usage: npm run bench:http [-- --duration 10 --connections 64 --rounds 2]
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDataDir } from '../test/helpers/scratch-database.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '2' },
    port: { type: 'string', default: '3917' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const port = Number(values.port);
const barePort = port + 1;
const base = `http://127.0.0.1:${port}`;
const data = createDataDir('bench-http');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  CIVICAST_DATA_DIR: data.dir,
  CIVICAST_ADMIN_EMAIL: 'bench@musterstadt.example',
  CIVICAST_ADMIN_PASSWORD: 'bench-password-123',
};
// the default configuration: the log level an operator gets without setting one
for (const key of ['DATABASE_URL', 'LOG_LEVEL']) delete env[key];

async function waitReady(child: ChildProcess, url: string) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startServer(): Promise<{ child: ChildProcess; readyMs: number }> {
  const t0 = performance.now();
  // its log lines are written (to /dev/null) as an operator's would be, at the default level
  const child = spawn(process.execPath, ['bin/civicast.mjs', 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitReady(child, `${base}/readyz`);
  return { child, readyMs: Math.round(performance.now() - t0) };
}

async function stop(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

interface Recorded {
  status: number;
  headers: [string, string][];
  body: string;
}

/** Civicast's answer to a plain GET, as the bare server will replay it (minus what Node writes itself). */
async function record(url: string): Promise<Recorded> {
  const res = await fetch(url);
  const own = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
  const headers = [...res.headers].filter(([name]) => !own.has(name));
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()).toString('base64') };
}

// The yardstick: node:http and nothing else, in its own process as Civicast is, answering each path with fixed bytes.
const BARE_SERVER = `
const http = require('node:http');
const answers = JSON.parse(process.argv[1]);
for (const a of Object.values(answers)) a.body = Buffer.from(a.body, 'base64');
http.createServer((req, res) => {
  const a = answers[req.url];
  if (!a) { res.statusCode = 404; res.end(); return; }
  res.statusCode = a.status;
  for (const [name, value] of a.headers) res.setHeader(name, value);
  res.setHeader('content-length', a.body.length);
  res.end(a.body);
}).listen(Number(process.argv[2]), '127.0.0.1');
`;

/** User + system CPU seconds of a process so far (Linux), to print the server's CPU per request beside its rate. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 per second)
}

function load(url: string, seconds = duration): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, pipelining: 1 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function measure(url: string, pid: number) {
  const cpu0 = cpuSeconds(pid);
  const res = await load(url);
  const cpu = cpuSeconds(pid) - cpu0;
  return { reqPerSec: res.requests.average, p99Ms: res.latency.p99, errors: res.errors + res.non2xx, requests: res.requests.total, cpu };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
let bare: ChildProcess | null = null;
try {
  const first = await startServer();
  console.log(`first start (new data directory, migrate + seed): ${first.readyMs} ms`);
  await stop(first.child);
  const again = await startServer();
  console.log(`start on the existing data directory: ${again.readyMs} ms (target ≤ 2000 ms)`);
  const paths = { startPage: '/m/musterstadt/', healthz: '/healthz' } as const;
  const answers: Record<string, Recorded> = {};
  for (const path of Object.values(paths)) answers[path] = await record(`${base}${path}`);
  bare = spawn(process.execPath, ['-e', BARE_SERVER, JSON.stringify(answers), String(barePort)], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitReady(bare, `http://127.0.0.1:${barePort}/healthz`);
  const figures: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(paths)) {
    const servers = [
      { url: `${base}${path}`, pid: again.child.pid! },
      { url: `http://127.0.0.1:${barePort}${path}`, pid: bare.pid! },
    ];
    for (const s of servers) await load(s.url, 2); // warm-up (JIT, caches); the figures come from the runs after it
    const runs: [Awaited<ReturnType<typeof measure>>, Awaited<ReturnType<typeof measure>>][] = [];
    // Civicast and the bare server in turn, so both see the machine as it is in that minute
    for (let i = 0; i < rounds; i++) runs.push([await measure(servers[0].url, servers[0].pid), await measure(servers[1].url, servers[1].pid)]);
    const [civ, yard] = [0, 1].map((k) => runs.map((r) => r[k]));
    const rate = (xs: typeof civ) => xs.reduce((s, x) => s + x.reqPerSec, 0) / xs.length;
    const cpuUs = (xs: typeof civ) => Math.round((xs.reduce((s, x) => s + x.cpu, 0) / xs.reduce((s, x) => s + x.requests, 0)) * 1e6);
    const row = {
      reqPerSec: Math.round(rate(civ)),
      p99Ms: median(civ.map((x) => x.p99Ms)),
      cpuUsPerRequest: cpuUs(civ),
      errors: civ.reduce((s, x) => s + x.errors, 0),
      bareReqPerSec: Math.round(rate(yard)),
      bareP99Ms: median(yard.map((x) => x.p99Ms)),
      bareCpuUsPerRequest: cpuUs(yard),
      ratioToBareNode: Math.round((rate(civ) / rate(yard)) * 100) / 100,
      // on a machine busy with other work the rates squeeze together; CPU per request does not
      cpuRatioToBareNode: Math.round((cpuUs(yard) / cpuUs(civ)) * 100) / 100,
      bytes: Buffer.from(answers[path].body, 'base64').length,
    };
    figures[name] = row;
    console.log(
      `${name.padEnd(10)} ${String(row.reqPerSec).padStart(7)} req/s  p99 ${row.p99Ms} ms  ${row.cpuUsPerRequest} µs CPU/req  errors ${row.errors}` +
        ` | bare node:http ${row.bareReqPerSec} req/s  p99 ${row.bareP99Ms} ms  ${row.bareCpuUsPerRequest} µs CPU/req` +
        ` | ratioToBareNode ${row.ratioToBareNode} (by CPU ${row.cpuRatioToBareNode})  (${row.bytes} bytes, ${connections} connections, ${rounds}×${duration} s)`,
    );
  }
  await stop(again.child);
  console.log('targets: ratioToBareNode ≥ 0.6 for both; ready ≤ 2000 ms');
  console.log(JSON.stringify({ ...figures, readyMs: again.readyMs, firstStartMs: first.readyMs, connections, durationS: duration, rounds }));
} finally {
  bare?.kill();
  data.remove();
}
