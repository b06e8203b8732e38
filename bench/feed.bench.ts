// npm run bench:feed — the resident start page with a current warning, feed.atom and a CAP document under load,
// each measured against a bare node:http server that returns the same bytes with the same headers in the same run
// (the physical limit of this machine for that response). Usage: npm run bench:feed [-- --duration 10 --connections 64]
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDataDir } from '../test/helpers/scratch-database.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '64' }, port: { type: 'string', default: '3918' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const SLUG = 'musterstadt';
const EMAIL = 'bench@musterstadt.example';
const PASSWORD = 'bench-password-123';
const data = createDataDir('bench-feed');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  CIVICAST_DATA_DIR: data.dir,
  CIVICAST_INBOUND_SMTP_PORT: '2618',
  LOG_LEVEL: 'warn',
  CIVICAST_ADMIN_EMAIL: EMAIL,
  CIVICAST_ADMIN_PASSWORD: PASSWORD,
};
delete env.DATABASE_URL;

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/civicast.mjs', 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`civicast exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

/** Signs in as the seeded owner and issues a current warning through the API, as staff would. */
async function issueWarning(): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const now = Date.now();
  const res = await fetch(`${base}/api/v1/tenants/${SLUG}/warnings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify(WARNING(new Date(now - 60_000), new Date(now + 3_600_000))),
  });
  if (!res.ok) throw new Error(`issuing the warning failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

const WARNING = (onset: Date, expires: Date) => ({
  status: 'exercise',
  severity: 'severe',
  urgency: 'immediate',
  certainty: 'likely',
  event: 'Unwetter',
  headline: 'Übung: Starkregen in Musterstadt',
  description: 'Dies ist eine Übung. Es werden Starkregen bis 40 l/m² in einer Stunde erwartet.',
  instruction: 'Keller meiden, Fenster schließen.',
  area: { kind: 'tenant' },
  onset: onset.toISOString(),
  expiresAt: expires.toISOString(),
});

interface Captured {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function capture(url: string): Promise<Captured> {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  const headers: IncomingHttpHeaders = {};
  for (const name of ['content-type', 'cache-control', 'etag', 'content-security-policy', 'x-content-type-options', 'referrer-policy']) {
    const v = res.headers.get(name);
    if (v) headers[name] = v;
  }
  return { status: res.status, headers, body };
}

/** The ceiling: node:http answering with the captured bytes and headers, nothing else. */
async function bareServer(responses: Map<string, Captured>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const hit = responses.get(req.url ?? '');
    if (!hit) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.writeHead(hit.status, { ...hit.headers, 'content-length': hit.body.length });
    res.end(hit.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port: p } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${p}`, close: () => new Promise((r) => server.close(() => r())) };
}

function load(url: string, seconds = duration): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, pipelining: 1 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function measure(url: string) {
  await load(url, 2); // warm-up (JIT, caches); the figures come from the run after it
  const res = await load(url);
  return { reqPerSec: Math.round(res.requests.average), p99Ms: res.latency.p99, p50Ms: res.latency.p50, errors: res.errors + res.non2xx };
}

let child: ChildProcess | null = null;
try {
  child = await startServer();
  const warningId = await issueWarning();
  const paths = { startPage: `/m/${SLUG}/`, feedAtom: `/m/${SLUG}/feed.atom`, capDocument: `/m/${SLUG}/alerts/${warningId}.cap.xml` };
  const captured = new Map<string, Captured>();
  for (const path of Object.values(paths)) captured.set(path, await capture(`${base}${path}`));
  const start = captured.get(paths.startPage)!.body.toString('utf8');
  if (!start.includes('Starkregen')) throw new Error('the start page does not show the current warning');
  const bare = await bareServer(captured);
  const figures: Record<string, unknown> = {};
  console.log(`${connections} connections, ${duration} s per URL, after a 2 s warm-up; bare = node:http returning the same bytes`);
  for (const [name, path] of Object.entries(paths)) {
    const civicast = await measure(`${base}${path}`);
    const ceiling = await measure(`${bare.url}${path}`);
    const ratioToBareNode = Number((civicast.reqPerSec / ceiling.reqPerSec).toFixed(2));
    figures[name] = { ...civicast, bytes: captured.get(path)!.body.length, bareReqPerSec: ceiling.reqPerSec, bareP99Ms: ceiling.p99Ms, ratioToBareNode };
    console.log(
      `${name.padEnd(12)} ${String(civicast.reqPerSec).padStart(7)} req/s  p99 ${String(civicast.p99Ms).padStart(3)} ms  errors ${civicast.errors}` +
        `   bare ${String(ceiling.reqPerSec).padStart(7)} req/s  p99 ${ceiling.p99Ms} ms   ratio ${ratioToBareNode}`,
    );
  }
  await bare.close();
  console.log('targets: ≥ 10000 req/s with p99 < 50 ms per URL, ratioToBareNode ≥ 0.5');
  const rows = Object.values(figures) as Array<{ reqPerSec: number; p99Ms: number; ratioToBareNode: number }>;
  console.log(
    JSON.stringify({
      reqPerSec: Math.min(...rows.map((r) => r.reqPerSec)),
      p99Ms: Math.max(...rows.map((r) => r.p99Ms)),
      ratioToBareNode: Math.min(...rows.map((r) => r.ratioToBareNode)),
      ...figures,
      connections,
      durationS: duration,
    }),
  );
} finally {
  if (child) await stop(child);
  data.remove();
}
