// npm run bench:inbox [-- --duration 60 --inflight 2000 --http-connections 64 --conversations 1000000 --list-duration 10 --list-only]
// The inbox under load, in one Civicast process with real peers in another (bench/inbox/peers.ts):
// 1. the physical limit: the local SMSC sends mobile-originated SMS to a bare client that only acknowledges;
// 2. ingest: the same SMSC sends MO SMS to Civicast's bound SMPP adapter (many deliver_sm in flight) while an HTTP SMS
//    provider posts signed inbound webhooks, for --duration seconds; acknowledged messages are counted at the peers,
//    then rows in inbound_messages: lost = acknowledged − stored (must be 0);
// 3. the overdue list of one department among 1,000,000 conversations (seeded with generate_series, then VACUUM
//    ANALYZE as autovacuum would), through the route staff use, with autocannon; p95 from every response's time.
//    Right after an ingest the app's threader still works through its messages in the same process; --list-only skips
//    1 and 2, so the list's figure is the list's own.
// PostgreSQL when DATABASE_URL is set (a fresh database is made for the run), else PGlite. The last line is JSON.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import smpp, { type PDU } from 'smpp';
import { createProvider } from '../src/server/modules/delivery/providers.service.ts';
import { listQuery } from '../src/server/modules/inbox/conversations.repository.ts';
import { TOTAL_CAP } from '../src/server/modules/inbox/conversations.service.ts';
import { queryRows, queryRowsPrepared } from '../src/server/platform/db/client.ts';
import { loadRoute, percentile, round, signedInOwner, startCivicast, trackPeakRss } from './lib.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    inflight: { type: 'string', default: '2000' },
    'http-connections': { type: 'string', default: '64' },
    conversations: { type: 'string', default: '1000000' },
    'list-duration': { type: 'string', default: '10' },
    'list-connections': { type: 'string', default: '16' },
    'list-only': { type: 'boolean', default: false },
  },
});
const durationMs = Number(values.duration) * 1000;
const inflight = Number(values.inflight);
const httpConnections = Number(values['http-connections']);
const conversationCount = Number(values.conversations);
const listDurationS = Number(values['list-duration']);
const listConnections = Number(values['list-connections']);
const listOnly = values['list-only'];
// the physical limit is a ceiling, not the subject: a shorter run shows it
const limitMs = Math.min(durationMs, 10_000);
const actor = { userId: null, email: 'bench', ip: null, userAgent: null, requestId: null };

// Civicast's resident memory, sampled through the run
const rss = trackPeakRss();

// --- the peers, in their own process ---------------------------------------------------------------------------
interface Blast {
  acked: number;
  refused: number;
  notFound: number;
  elapsedMs: number;
}
const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'inbox', 'peers.ts'), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
let nextAsk = 1;
const waiting = new Map<number, (v: unknown) => void>();
const peers = await new Promise<{ engineSmscPort: number; limitSmscPort: number; http: { baseUrl: string; accountSid: string; authToken: string } }>(
  (resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`peers exited with ${code}`)));
    child.on('message', (m: { ready?: boolean; id?: number }) => {
      if (m.ready) resolve(m as never);
      else if (m.id && waiting.has(m.id)) {
        waiting.get(m.id)!(m);
        waiting.delete(m.id);
      }
    });
  },
);
const ask = <T>(kind: string, extra: Record<string, unknown> = {}) =>
  new Promise<T>((resolve) => {
    const id = nextAsk++;
    waiting.set(id, resolve as (v: unknown) => void);
    child.send({ id, kind, ...extra });
  });

// --- 1. the physical limit: a client that binds and acknowledges every deliver_sm, nothing else ----------------
async function bareSmppClient(port: number): Promise<() => void> {
  const s = smpp.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    s.on('connect', () =>
      s.send(new smpp.PDU('bind_transceiver', { system_id: 'civicast', password: 'secret' }), (r: PDU) =>
        r.command_status === 0 ? resolve() : reject(new Error(`bind ${r.command_status}`)),
      ),
    );
    s.on('error', reject);
  });
  s.on('deliver_sm', (pdu: PDU) => s.send(pdu.response()));
  return () => s.close();
}
/** The physical limit: SMPP and HTTP messages per second the peers reach against bare acknowledging clients. */
async function measureLimit() {
  const bareHttp = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>'));
  });
  await new Promise<void>((r) => bareHttp.listen(0, '127.0.0.1', r));

  console.log(`physical limit: ${limitMs / 1000} s of MO SMS to a bare acknowledging SMPP client, then of webhooks to a bare HTTP server…`);
  const closeBare = await bareSmppClient(peers.limitSmscPort);
  const limitSmpp = await ask<Blast>('smpp', { which: 'limit', durationMs: limitMs, inflight, prefix: 50 });
  closeBare();
  const limitHttp = await ask<Blast>('http', {
    url: `http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}/hooks/sms/x/inbound`,
    durationMs: limitMs,
    concurrency: httpConnections,
    prefix: 51,
  });
  bareHttp.close();
  const limitSmppPerSec = (limitSmpp.acked / limitSmpp.elapsedMs) * 1000;
  const limitHttpPerSec = (limitHttp.acked / limitHttp.elapsedMs) * 1000;
  console.log(`  SMPP ${Math.round(limitSmppPerSec)}/s, HTTP ${Math.round(limitHttpPerSec)}/s`);
  return { limitSmppPerSec, limitHttpPerSec };
}
const limit = listOnly ? null : await measureLimit();

// --- Civicast: a fresh database, migrated, one municipality whose providers are the peers ----------------------
// jobs are queued (the threader is woken as in production) but worked elsewhere: this run measures the write path
const civicast = await startCivicast('inbox', { pollSeconds: 2, tenant: { slug: 'musterstadt', name: 'Musterstadt' } });
const { db, deps, publicUrl, tenant } = civicast;
/** Ingest for --duration through both providers: messages per second acknowledged, and lost ones. */
async function measureIngest() {
  const smppProviderId = (
    await createProvider(deps, actor, tenant, {
      channel: 'sms',
      kind: 'smpp',
      name: 'SMSC',
      config: { host: '127.0.0.1', port: peers.engineSmscPort, systemId: 'civicast', windowSize: 100 },
      secrets: { password: 'secret' },
      weight: 100,
      enabled: true,
      ratePerSecond: null,
      maxConnections: null,
      centsPerMessage: 7,
    })
  ).id;
  const httpProviderId = (
    await createProvider(deps, actor, tenant, {
      channel: 'sms',
      kind: 'sms-http',
      name: 'HTTP-SMS',
      config: { mapping: 'twilio', baseUrl: peers.http.baseUrl, accountId: peers.http.accountSid, from: 'Muster' },
      secrets: { authToken: peers.http.authToken },
      weight: 0,
      enabled: true,
      ratePerSecond: null,
      maxConnections: null,
      centsPerMessage: 7,
    })
  ).id;
  // the adapter binds on first use; an SMSC sends MO only to a bound client
  const smppRecord = (await deps.delivery.providersFor(tenant.id, 'sms')).find((p) => p.id === smppProviderId)!;
  const sender = (await deps.delivery.sender(smppRecord)) as { connected?: () => boolean };
  for (let i = 0; i < 200 && !sender.connected?.(); i++) await new Promise((r) => setTimeout(r, 50));

  // --- 2. ingest -------------------------------------------------------------------------------------------------
  console.log(`ingest on ${db.kind}: ${durationMs / 1000} s of MO SMS over SMPP (${inflight} in flight) and signed webhooks (${httpConnections} connections)…`);
  const webhookUrl = `${publicUrl}/hooks/sms/${httpProviderId}/inbound`;
  const [smppRun, httpRun] = await Promise.all([
    ask<Blast>('smpp', { which: 'engine', durationMs, inflight, prefix: 52 }),
    ask<Blast>('http', { url: webhookUrl, durationMs, concurrency: httpConnections, prefix: 53 }),
  ]);
  const httpAvailable = httpRun.notFound === 0;
  const stored = await queryRows<{ providerId: string; rows: number; distinct: number }>(
    db.system,
    sql`select provider_id as "providerId", count(*)::int as rows, count(distinct sender)::int as distinct
          from inbound_messages group by provider_id`,
  );
  const storedOf = (id: string) => stored.find((s) => s.providerId === id) ?? { rows: 0, distinct: 0 };
  const smppStored = storedOf(smppProviderId);
  const httpStored = storedOf(httpProviderId);
  const acknowledged = smppRun.acked + httpRun.acked;
  // a message stored but refused (answer timed out) is not lost: the SMSC repeats it; one acknowledged and missing is
  const lost = Math.max(0, smppRun.acked - smppStored.distinct) + Math.max(0, httpRun.acked - httpStored.distinct);
  const smppPerSec = (smppRun.acked / smppRun.elapsedMs) * 1000;
  const httpPerSec = httpAvailable ? (httpRun.acked / httpRun.elapsedMs) * 1000 : null;
  const ingestPerSec = smppPerSec + (httpPerSec ?? 0);
  console.log(
    `  SMPP: ${smppRun.acked} acknowledged (${Math.round(smppPerSec)}/s), ${smppRun.refused} refused, ${smppStored.rows} rows stored (${smppStored.distinct} distinct senders)`,
  );
  console.log(
    httpAvailable
      ? `  HTTP: ${httpRun.acked} acknowledged (${Math.round(httpPerSec!)}/s), ${httpRun.refused} refused, ${httpStored.rows} rows stored`
      : `  HTTP: ${webhookUrl.replace(httpProviderId, ':providerId')} answers 404 (the webhook route is not there yet): SMPP measured alone`,
  );
  console.log(`  acknowledged ${acknowledged}, lost ${lost}`);
  return { ingestPerSec, smppPerSec, httpPerSec, lost };
}
// --list-only: no ingest, so no threader works through its messages while the list is measured
const ingest = listOnly ? null : await measureIngest();

// --- 3. the overdue list among a million conversations ----------------------------------------------------------
console.log(`seeding ${conversationCount} conversations in 10 departments…`);
const tSeed = Date.now();
const departments = await queryRows<{ id: string }>(
  db.system,
  sql`insert into departments (tenant_id, name) select ${tenant.id}, 'Abteilung ' || g from generate_series(1, 10) g returning id`,
);
const deptIds = sql.param(departments.map((d) => d.id));
const CHUNK = 100_000;
for (let from = 1; from <= conversationCount; from += CHUNK) {
  const to = Math.min(conversationCount, from + CHUNK - 1);
  // 30% open or waiting with due times from 1,000 hours ago to 1,000 hours ahead; the rest resolved or closed
  await db.system.execute(sql`
    insert into conversations (tenant_id, contact_kind, contact_hash, channel, subject, department_id, status, inbound_count,
                               first_inbound_at, last_inbound_at, last_activity_at, first_response_due_at, resolution_due_at, next_due_at)
    select ${tenant.id}, 'phone', md5(g::text), 'sms', 'Anliegen ' || g, (${deptIds}::uuid[])[1 + g % 10],
           case when g % 10 < 3 then (case when g % 2 = 0 then 'open' else 'waiting' end) else (case when g % 2 = 0 then 'resolved' else 'closed' end) end,
           1, now() - (g % 20000) * interval '1 minute', now() - (g % 20000) * interval '1 minute', now() - (g % 20000) * interval '1 minute',
           now() + ((g::bigint * 7919) % 2000 - 1000) * interval '1 hour', now() + ((g::bigint * 7919) % 2000 - 960) * interval '1 hour',
           case when g % 10 < 3 then now() + ((g::bigint * 7919) % 2000 - 1000) * interval '1 hour' end
      from generate_series(${from}::int, ${to}::int) g`);
}
// a running installation's table is vacuumed by autovacuum (off on some test servers, so done here): the visibility
// map lets the list's capped count read the index alone instead of fetching a thousand rows from the heap
const autovacuum = (await queryRows<{ autovacuum: string }>(db.system, sql`show autovacuum`))[0]?.autovacuum;
await db.system.execute(sql`vacuum (analyze) conversations`);
const department = departments[1].id;
const [{ overdue }] = await queryRows<{ overdue: number }>(
  db.system,
  sql`select count(*)::int as overdue from conversations where tenant_id = ${tenant.id} and department_id = ${department}
        and status in ('open', 'waiting') and next_due_at < now()`,
);
console.log(
  `  seeded and vacuumed in ${Math.round((Date.now() - tSeed) / 1000)} s (autovacuum ${autovacuum}); the measured department has ${overdue} overdue conversations`,
);

const cookie = await signedInOwner(deps, tenant, publicUrl, 'bench@musterstadt.example');
const listPath = `/api/v1/tenants/${tenant.slug}/inbox/conversations?view=overdue&departmentId=${department}`;
const probe = await fetch(`${publicUrl}${listPath}`, { headers: { cookie } });
const routeAvailable = probe.ok;
let listLatencies: number[] = [];
let oneClientLatencies: number[] = [];
let listRequests = 0;
let listErrors = 0;
if (routeAvailable) {
  const probeBody = (await probe.json()) as { items?: unknown[] };
  console.log(`overdue list through ${listPath.replace(department, '<id>')} (${probeBody.items?.length ?? '?'} items a page), ${listDurationS} s…`);
  const run = await loadRoute(`${publicUrl}${listPath}`, { cookie }, listConnections, listDurationS);
  listLatencies = run.latencies;
  listErrors = run.errors;
  listRequests = run.requests;
  oneClientLatencies = run.single;
  console.log(
    `  CPU per request under load: server ${round(run.serverCpuMsPerRequest, 2)} ms (kernel ${round(run.serverSystemCpuMsPerRequest, 2)}), PostgreSQL ${round(run.postgresCpuMsPerRequest, 2)} ms, load client ${round(run.clientCpuMsPerRequest, 2)} ms`,
  );
}
// the statement the route runs for this view (page of 50 + 1 and the total up to the cap), as the repository builds it
const statement = listQuery(tenant.id, '00000000-0000-0000-0000-000000000000', { view: 'overdue', departmentId: department }, 51, null, TOTAL_CAP);
// the plan once, unloaded by concurrency: shows that the partial index answers the page and the count
{
  const plan = await db.withTenant(tenant.id, (tx) => queryRows<Record<string, string>>(tx, sql`explain (analyze, costs off) ${statement}`));
  const lines = plan.map((r) => Object.values(r)[0].trim());
  const scans = lines.filter((l) => /Scan using conversations_/.test(l)).map((l) => l.replace(/^->\s*/, '').replace(/ \(actual.*\)$/, ''));
  const heap = lines.filter((l) => /Heap Fetches/.test(l));
  console.log(
    `  plan: ${scans.join('; ')}${heap.length ? ` (${heap.join(', ')})` : ''}; ${lines.find((l) => /Planning Time/.test(l))}; ${lines.find((l) => /Execution Time/.test(l))}`,
  );
}
// that statement through the app's tenant transaction, 16 at once: tells the database from the route
const sqlLatencies: number[] = [];
{
  const end = Date.now() + (routeAvailable ? Math.max(2, listDurationS / 2) : listDurationS) * 1000;
  const lane = async () => {
    while (Date.now() < end) {
      const t0 = performance.now();
      await db.withTenant(tenant.id, (tx) => queryRowsPrepared(tx, 'civicast_conversation_list', statement));
      sqlLatencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: listConnections }, lane));
}
if (!routeAvailable) {
  console.log(`overdue list: the route answers ${probe.status}; measured its statement through the app's database instead`);
  listLatencies = sqlLatencies;
  listRequests = sqlLatencies.length;
}
const overdueSqlP95Ms = round(percentile(sqlLatencies, 95));
console.log(
  `  the statement alone (${sqlLatencies.length} runs, ${listConnections} at once): p50 ${round(percentile(sqlLatencies, 50))} ms, p95 ${overdueSqlP95Ms} ms`,
);
listLatencies = listLatencies.filter((x) => Number.isFinite(x));
const overdueListP95Ms = round(percentile(listLatencies, 95));
console.log(
  `  ${listRequests} requests (${listConnections} connections), ${listErrors} errors, p50 ${round(percentile(listLatencies, 50))} ms, p95 ${overdueListP95Ms} ms, p99 ${round(percentile(listLatencies, 99))} ms`,
);
const overdueListOneClientP95Ms = oneClientLatencies.length ? round(percentile(oneClientLatencies, 95)) : null;
if (overdueListOneClientP95Ms !== null)
  console.log(
    `  one client at a time: ${oneClientLatencies.length} requests, p50 ${round(percentile(oneClientLatencies, 50))} ms, p95 ${overdueListOneClientP95Ms} ms`,
  );

// --- summary ---------------------------------------------------------------------------------------------------
rss.stop();
const perSec = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x));
const figures = {
  ingestPerSec: perSec(ingest?.ingestPerSec),
  smppPerSec: perSec(ingest?.smppPerSec),
  httpPerSec: perSec(ingest?.httpPerSec),
  lost: ingest?.lost ?? null,
  overdueListP95Ms,
  overdueListOneClientP95Ms,
  peakRssMb: rss.peakMb(),
  database: db.kind,
  smppLimitPerSec: perSec(limit?.limitSmppPerSec),
  httpLimitPerSec: perSec(limit?.limitHttpPerSec),
  smppOfLimit: ingest && limit ? round(ingest.smppPerSec / limit.limitSmppPerSec, 2) : null,
  httpOfLimit: ingest?.httpPerSec && limit ? round(ingest.httpPerSec / limit.limitHttpPerSec, 2) : null,
  overdueListVia: routeAvailable ? 'route' : 'sql',
  overdueSqlP95Ms,
  listOnly,
};
console.log('');
if (ingest) {
  console.log(
    `ingest: ${figures.ingestPerSec} messages/s (SMPP ${figures.smppPerSec}/s${figures.httpPerSec === null ? ', HTTP webhook not measured' : `, HTTP ${figures.httpPerSec}/s`}); lost ${figures.lost}`,
  );
  console.log(
    `physical limit of this machine: SMPP ${figures.smppLimitPerSec}/s (Civicast reaches ${Math.round((figures.smppOfLimit ?? 0) * 100)}%), HTTP ${figures.httpLimitPerSec}/s${figures.httpOfLimit === null ? '' : ` (Civicast reaches ${Math.round(figures.httpOfLimit * 100)}%)`}`,
  );
} else console.log('ingest: not measured (--list-only)');
console.log(`overdue list among ${conversationCount} conversations: p95 ${overdueListP95Ms} ms (${figures.overdueListVia}); peak RSS ${figures.peakRssMb} MB`);
console.log('targets on PostgreSQL: 5,000 messages/s ingest, 0 lost, overdue list p95 < 50 ms');

await civicast.close();
const exited = new Promise((r) => child.once('exit', r));
child.send({ id: 0, kind: 'close' });
await exited;
console.log(JSON.stringify(figures));
process.exit(0);
