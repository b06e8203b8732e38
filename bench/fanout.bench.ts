// npm run bench:fanout [-- --recipients 100000 --workers 0 --engine in-process|workers]
// One send to N recipients (40% SMS to a local SMSC, 30% e-mail to a local SMTP server, 30% web push to a local
// push service that decrypts), counted at the peers. Embedded PGlite, or PostgreSQL when DATABASE_URL is set
// (there --workers N adds `civicast worker` processes beside this one). Afterwards a minimal client with no
// database and no engine sends the same split to the same peers (bench/fanout/ceiling.ts): its time is the ceiling.
import './fanout/as-worker.ts';
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { sql } from 'drizzle-orm';
import type { Lanes } from '../src/server/jobs.ts';
import { acceptSend } from '../src/server/modules/delivery/index.ts';
import { pushSubscriptions } from '../src/server/platform/db/schema.ts';
import type { CeilingJob, CeilingResult } from './fanout/ceiling.ts';
import { spawnWorkers, startEngine, systemActor } from './fanout/engine.ts';
import { type PeerCounts, startPeers } from '../test/peers/peers-process.ts';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '100000' },
    workers: { type: 'string', default: '0' },
    // in-process: this process accepts the send and works its jobs; workers: this process only accepts (the API's part)
    // and `civicast worker` processes (--workers, default 1), compiled as in production, send; peak RSS and CPU are theirs
    engine: { type: 'string', default: 'in-process' },
    // the lanes of those worker processes: bulk (the default: a campaign is bulk work, and a bulk worker caps its heap,
    // bin/worker-heap.mjs), or all
    lanes: { type: 'string', default: 'bulk' },
    timeout: { type: 'string', default: '600' },
    'skip-ceiling': { type: 'boolean', default: false },
  },
});
const n = Number(values.recipients);
const separate = values.engine === 'workers';
if (!separate && values.engine !== 'in-process') throw new Error('--engine is in-process or workers');
const extraWorkers = separate ? Math.max(1, Number(values.workers)) : Number(values.workers);
const split = { sms: Math.round(n * 0.4), email: Math.round(n * 0.3), push: n - Math.round(n * 0.4) - Math.round(n * 0.3) };

const peers = await startPeers();
const engine = await startEngine(peers, { work: !separate });
if (separate && !engine.databaseUrl) throw new Error('--engine workers needs PostgreSQL (DATABASE_URL): PGlite is one process');
const { deps, tenant } = engine;
if (!['bulk', 'all'].includes(values.lanes)) throw new Error('--lanes is bulk or all');
const children: ChildProcess[] = spawnWorkers(engine, extraWorkers, values.lanes as Lanes);

console.log(
  `preparing ${n} recipients (${split.sms} SMS, ${split.email} e-mail, ${split.push} push) on ${deps.db.kind}${children.length ? ` with ${children.length} extra worker process(es), lanes ${values.lanes}` : ''}…`,
);
async function benchRecipients() {
  const subs = await peers.subscriptions(split.push);
  const subIds: string[] = [];
  for (let i = 0; i < subs.length; i += 5000) {
    const rows = await deps.db.system
      .insert(pushSubscriptions)
      .values(subs.slice(i, i + 5000).map((s) => ({ tenantId: tenant.id, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth })))
      .returning({ id: pushSubscriptions.id });
    subIds.push(...rows.map((r) => r.id));
  }
  return [
    ...Array.from({ length: split.sms }, (_, i) => ({ sms: `+4917${String(10_000_000 + i).padStart(8, '0')}` })),
    ...Array.from({ length: split.email }, (_, i) => ({ email: `resident${i}@example.org` })),
    ...subIds.map((push) => ({ push })),
  ];
}

// the recipients are the benchmark's input, not the engine's memory: let go once the send is accepted, as in
// production, where the API process accepts and a worker sends
let recipients: Awaited<ReturnType<typeof benchRecipients>> | null = await benchRecipients();

let peakRss = 0;
// where this process's memory was at its peak: V8's heap (total and live), and memory outside it (Buffers)
let atPeak: NodeJS.MemoryUsage | null = null;
let peakAt = 0; // when: during the accept (this process's part as the API) or while sending
const rssOf = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
};
// the live heap: what V8 keeps after each full collection (in this process); the rest of the heap is garbage not yet
// collected, which a heap limit trades for CPU
let maxLiveHeap = 0;
let gcMs = 0; // the main thread's pauses for collection (the concurrent marking threads not counted)
const gcWatch = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      maxLiveHeap = Math.max(maxLiveHeap, v8.getHeapStatistics().used_heap_size);
    }
  }
});
if (!separate) gcWatch.observe({ entryTypes: ['gc'] });
const sampler = setInterval(() => {
  const own = separate ? null : process.memoryUsage();
  const rss = (own?.rss ?? 0) + children.reduce((a, c) => a + (c.pid ? rssOf(c.pid) : 0), 0);
  if (rss > peakRss) [peakRss, atPeak, peakAt] = [rss, own, Date.now()];
}, 100);

// CPU of the Civicast processes from here on: this one (the engine) plus any extra workers (utime + stime in /proc)
const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
const childCpuMs = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  } catch {
    return 0;
  }
};
const childrenCpuMs = () => children.reduce((a, c) => a + (c.pid ? childCpuMs(c.pid) : 0), 0);
const cpu0 = process.cpuUsage();
const childCpu0 = childrenCpuMs();

const t0 = Date.now();
const accepted = await acceptSend(
  deps,
  systemActor,
  tenant,
  { subject: 'Bekanntmachung', text: 'Die Stadtverwaltung informiert: Am Samstag ist das Rathaus geschlossen.', recipients },
  { skipLimit: true },
);
const enqueueMs = Date.now() - t0;
recipients = null;
if (deps.db.kind === 'postgres') await deps.db.system.execute(sql`analyze pgboss.job`); // stale statistics slow the fetches after a large enqueue
console.log(`enqueued ${Object.values(accepted.deliveries).reduce((a, b) => a + b, 0)} deliveries in ${enqueueMs} ms`);

let counts: PeerCounts;
const deadline = Date.now() + Number(values.timeout) * 1000;
for (;;) {
  counts = (await peers.counts()).counts;
  const done = counts.sms.distinct >= split.sms && counts.email.distinct >= split.email && counts.push.distinct >= split.push;
  if (done || Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 250));
}
await new Promise((r) => setTimeout(r, 500)); // let late duplicates show up
counts = (await peers.counts()).counts;
clearInterval(sampler);
gcWatch.disconnect();
const ownCpu = process.cpuUsage(cpu0);
const engineCpuMs = (separate ? 0 : (ownCpu.user + ownCpu.system) / 1000) + childrenCpuMs() - childCpu0;
const engineCpuMsPerMessage = Math.round((engineCpuMs / n) * 1000) / 1000;

const firsts = (['sms', 'email', 'push'] as const).map((c) => counts[c].first).filter((x): x is number => x !== null);
const lasts = (['sms', 'email', 'push'] as const).map((c) => counts[c].last).filter((x): x is number => x !== null);
const firstHandoffMs = firsts.length ? Math.min(...firsts) - t0 - enqueueMs : null;
const lastHandoffMs = lasts.length ? Math.max(...lasts) - t0 : null;
const perSecond = Object.fromEntries(
  (['sms', 'email', 'push'] as const).map((c) => {
    const x = counts[c];
    const span = x.first && x.last && x.last > x.first ? (x.last - x.first) / 1000 : null;
    return [c, span ? Math.round(x.total / span) : null];
  }),
);
const duplicates = counts.sms.duplicates + counts.email.duplicates + counts.push.duplicates;
const lost = split.sms - counts.sms.distinct + (split.email - counts.email.distinct) + (split.push - counts.push.distinct);

console.log(`first hand-off ${firstHandoffMs} ms after the send was accepted; last hand-off ${lastHandoffMs} ms after the send`);
for (const c of ['sms', 'email', 'push'] as const) {
  console.log(`  ${c.padEnd(5)} ${counts[c].distinct}/${split[c]} arrived, ${counts[c].duplicates} twice, ${perSecond[c] ?? '-'} hand-offs/s`);
}
const rssOwner = separate
  ? `the ${children.length} worker process${children.length > 1 ? 'es' : ''}`
  : `this process${children.length ? ` and ${children.length} worker(s)` : ''}`;
const mb = (x: number) => Math.round(x / 1e6);
const peak = atPeak as NodeJS.MemoryUsage | null; // set by the sampler
const breakdown = peak
  ? `: V8 heap ${mb(peak.heapTotal)} MB (${mb(peak.heapUsed)} MB in use at that moment, at most ${mb(maxLiveHeap)} MB live after a full collection), outside it ${mb(peak.external)} MB (Buffers ${mb(peak.arrayBuffers)} MB)`
  : '';
console.log(
  `peak RSS ${mb(peakRss)} MB (${rssOwner}), ${peakAt - t0} ms after the send started (accepting it took ${enqueueMs} ms)${breakdown}; duplicates ${duplicates}; lost ${lost}`,
);
if (!separate) console.log(`garbage collection paused this process for ${Math.round(gcMs)} ms (${Math.round((gcMs / engineCpuMs) * 100)}% of its CPU)`);
console.log(
  'targets at 100,000 on PostgreSQL: enqueue < 3 s; first hand-off < 1 s; last hand-off ≤ 25 s; ratio to ceiling ≥ 0.5; engine CPU ≤ 0.2 ms per message; peak RSS ≤ 300 MB (PGlite ≤ 450 MB)',
);

// the workers stop before their database is dropped
await Promise.all(
  children.map(
    (c) =>
      new Promise((resolve) => {
        if (c.exitCode !== null) return resolve(null);
        c.once('exit', resolve);
        c.kill('SIGTERM');
      }),
  ),
);
await engine.close();

let ceiling: CeilingResult | null = null;
if (!values['skip-ceiling']) {
  const job: CeilingJob = {
    smscPort: peers.smscPort,
    smtpPort: peers.smtpPort,
    split,
    subscriptions: await peers.subscriptions(split.push), // a fresh set: the push service knows both
    smppWindow: 100,
    smtpConnections: 10,
    pushConcurrency: 50,
  };
  const client = fork(new URL('./fanout/ceiling.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  ceiling = await new Promise<CeilingResult>((resolve, reject) => {
    client.once('message', (m) => resolve(m as CeilingResult));
    client.once('exit', (code) => reject(new Error(`ceiling client exited with ${code}`)));
    client.send(job);
  });
}
await peers.close();
const ratioToCeiling = ceiling && lastHandoffMs ? Math.round((ceiling.ceilingMs / lastHandoffMs) * 100) / 100 : null;
// what the same hand-offs cost a client with no database and no engine, on this machine in this run: the CPU target's floor
const ceilingCpuMsPerMessage = ceiling ? Math.round((ceiling.cpuMs / n) * 1000) / 1000 : null;
console.log(
  `engine CPU ${Math.round(engineCpuMs)} ms, ${engineCpuMsPerMessage} ms per message${separate ? ' (the worker processes; accepting the send is the part of the API process)' : ''}`,
);
if (ceiling) {
  console.log(
    `ceiling: a minimal client hands off the same ${n} in ${ceiling.ceilingMs} ms (${ceiling.cpuMs} ms CPU, ${ceilingCpuMsPerMessage} ms per message, ${ceiling.refused} refused); ratio to ceiling ${ratioToCeiling}`,
  );
}
console.log(
  JSON.stringify({
    recipients: n,
    database: deps.db.kind,
    engine: values.engine,
    extraWorkers: children.length,
    ...(children.length ? { lanes: values.lanes } : {}),
    enqueueMs,
    firstHandoffMs,
    lastHandoffMs,
    handoffsPerSecond: perSecond,
    peakRssMb: Math.round(peakRss / 1e6),
    engineCpuMsPerMessage,
    ceilingCpuMsPerMessage,
    ceilingMs: ceiling?.ceilingMs ?? null,
    ratioToCeiling,
    duplicates,
    lost,
  }),
);
process.exit(0);
