// npm run bench:transactional [-- --campaign 100000 --codes 100 --over 10]
// One message is as fast as a hundred thousand: while a campaign to N recipients is being handed off to the local
// peers (SMPP, SMTP), residents ask for sign-up codes, one every (over / codes) seconds, through the same service the
// portal calls. Measured per code from the moment it was asked for until its SMS was handed off to the SMSC (the
// delivery's sent_at, written when the adapter's batch records its outcome); lost = asked for but never handed off.
// PostgreSQL when DATABASE_URL is set (a fresh database is made for the run), else PGlite. The last line is JSON.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { acceptSend } from '../src/server/modules/delivery/index.ts';
import { requestCode } from '../src/server/modules/residents/index.ts';
import { queryRows } from '../src/server/platform/db/client.ts';
import { startPeers } from '../test/peers/peers-process.ts';
import { startEngine, systemActor } from './fanout/engine.ts';
import { percentile } from './lib.ts';

const { values } = parseArgs({
  options: {
    campaign: { type: 'string', default: '100000' },
    codes: { type: 'string', default: '100' },
    over: { type: 'string', default: '10' },
    timeout: { type: 'string', default: '120' },
  },
});
const campaignSize = Number(values.campaign);
const codeCount = Number(values.codes);
const spacingMs = (Number(values.over) * 1000) / codeCount;

const peers = await startPeers();
const engine = await startEngine(peers, { work: true });
const { deps, tenant } = engine;

// the campaign: 60% SMS, 40% e-mail
const recipients = Array.from({ length: campaignSize }, (_, i) =>
  i % 5 < 3 ? { sms: `+4917${String(10_000_000 + i).padStart(8, '0')}` } : { email: `resident${i}@example.org` },
);
const tCampaign = Date.now();
await acceptSend(deps, systemActor, tenant, { subject: 'Bekanntmachung', text: 'Die Stadtverwaltung informiert.', recipients }, { skipLimit: true });
if (deps.db.kind === 'postgres') await deps.db.system.execute(sql`analyze pgboss.job`);
console.log(`campaign of ${campaignSize} accepted in ${Date.now() - tCampaign} ms on ${deps.db.kind}; waiting for its hand-offs to run…`);
for (;;) {
  const c = (await peers.counts()).counts;
  if (c.sms.total + c.email.total >= Math.min(2000, campaignSize / 10)) break;
  await new Promise((r) => setTimeout(r, 50));
}

// numbers from several operator blocks (the per-block hourly limit is 30), none of them the campaign's
const BLOCKS = ['151', '152', '157', '159', '160', '162', '163', '176'];
const phoneOf = (i: number) => `+49${BLOCKS[i % BLOCKS.length]}${String(5_000_000 + i).padStart(8, '0')}`;
const asked = new Map<string, number>();
let refused = 0;
const requests: Promise<void>[] = [];
const tCodes = Date.now();
for (let i = 0; i < codeCount; i++) {
  const wait = tCodes + i * spacingMs - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const phone = phoneOf(i);
  asked.set(phone, Date.now());
  requests.push(
    requestCode(deps, tenant, { phone, ip: `10.${i % 250}.0.1`, purpose: 'register', language: 'de' }).then(
      () => {},
      (err: unknown) => {
        refused++;
        console.log(`  code ${i} refused: ${err instanceof Error ? err.message : String(err)}`);
      },
    ),
  );
}
await Promise.all(requests);
console.log(`${codeCount} codes asked for over ${Date.now() - tCodes} ms; waiting for their hand-offs…`);

// the codes' deliveries: transactional SMS to the asked numbers, with the time the adapter's outcome was recorded
const deadline = Date.now() + Number(values.timeout) * 1000;
let handed = new Map<string, number>();
for (;;) {
  const rows = await queryRows<{ recipient: string; sent: string | Date }>(
    deps.db.system,
    sql`select d.recipient, d.sent_at as sent from deliveries d join messages m on m.tenant_id = d.tenant_id and m.id = d.message_id
         where m.kind = 'transactional' and d.channel = 'sms' and d.sent_at is not null`,
  );
  handed = new Map(rows.filter((r) => asked.has(r.recipient)).map((r) => [r.recipient, new Date(r.sent).getTime()]));
  if (handed.size >= codeCount - refused || Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 100));
}
const latencies = [...handed].map(([phone, at]) => Math.max(0, at - asked.get(phone)!));
const campaignDone = (await peers.counts()).counts;

const figures = {
  codes: codeCount,
  handedOff: handed.size,
  refused,
  p50HandoffMs: percentile(latencies, 50),
  p95HandoffMs: percentile(latencies, 95),
  maxHandoffMs: latencies.length ? Math.max(...latencies) : null,
  lost: codeCount - refused - handed.size,
  campaignRecipients: campaignSize,
  campaignHandedOffMeanwhile: campaignDone.sms.total + campaignDone.email.total,
  database: deps.db.kind,
};
console.log(
  `codes: hand-off p50 ${figures.p50HandoffMs} ms, p95 ${figures.p95HandoffMs} ms, max ${figures.maxHandoffMs} ms; lost ${figures.lost}; refused ${refused}`,
);
console.log(`campaign: ${figures.campaignHandedOffMeanwhile} of ${campaignSize} handed off by the end of the measurement`);
console.log('targets: p95 ≤ 1000 ms, max ≤ 3000 ms, 0 lost, on PGlite and on PostgreSQL');
await engine.close();
await peers.close();
console.log(JSON.stringify(figures));
process.exit(0);
