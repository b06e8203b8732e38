// npm run bench:reminders [-- --residents 100000 --streets 500 --districts 5]
// One evening's waste reminders: a municipality with --residents residents (inserted with bulk SQL, each with a sealed
// mobile number, a fifth with a confirmed e-mail address they chose) across --streets streets in --districts
// districts, each with a reminder (most at 18:00 the evening before, some at 17:30, some at 19:00 or the same morning,
// a few only for one type). Tomorrow every district has a collection of its own mix of types. Measured: the job's run
// at 18:00 on the municipality's clock, computing who is due and handing every reminder to the delivery engine (the
// messages, deliveries and batch jobs written and enqueued; the batches are not worked here).
// PostgreSQL when DATABASE_URL is set (a fresh database is made for the run), else PGlite. The last line is JSON.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { remindTenant } from '../src/server/modules/waste/index.ts';
import { encryptSecret } from '../src/server/platform/auth/crypto.ts';
import { queryRows } from '../src/server/platform/db/client.ts';
import { round, startCivicast, trackPeakRss } from './lib.ts';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '100000' },
    streets: { type: 'string', default: '500' },
    districts: { type: 'string', default: '5' },
  },
});
const residentCount = Number(values.residents);
const streetCount = Number(values.streets);
const districtCount = Number(values.districts);
/** The collection day; the run stands at 18:00 the evening before (Europe/Berlin, UTC+1 in December). */
const DAY = '2026-12-03';
const RUN_AT = new Date('2026-12-02T18:00:00+01:00');

const rss = trackPeakRss();
const civicast = await startCivicast('reminders', { pollSeconds: 3600, tenant: { slug: 'musterstadt', name: 'Musterstadt' } });
const { db, deps, tenant } = civicast;
const key = deps.config.secretKey;

// --- the town: districts, streets, types, tomorrow's collections ------------------------------------------------
console.log(`seeding ${residentCount} residents across ${streetCount} streets in ${districtCount} districts on ${db.kind}…`);
const tSeed = Date.now();
await db.system.execute(sql`
  insert into waste_types (tenant_id, code, name, position)
  values (${tenant.id}, 'rest', 'Restmüll', 1), (${tenant.id}, 'bio', 'Bio', 2), (${tenant.id}, 'papier', 'Papier', 3), (${tenant.id}, 'gelb', 'Gelbe Tonne', 4)`);
const types = (await queryRows<{ id: string }>(db.system, sql`select id from waste_types where tenant_id = ${tenant.id} order by position`)).map((r) => r.id);
await db.system.execute(sql`
  insert into waste_districts (tenant_id, name) select ${tenant.id}, 'Bezirk ' || g from generate_series(1, ${districtCount}::int) g`);
const districts = (await queryRows<{ id: string }>(db.system, sql`select id from waste_districts where tenant_id = ${tenant.id} order by name`)).map(
  (r) => r.id,
);
await db.system.execute(sql`
  insert into streets (tenant_id, name, postcode) select ${tenant.id}, 'Straße ' || g, '12345' from generate_series(1, ${streetCount}::int) g`);
await db.system.execute(sql`
  insert into waste_district_streets (tenant_id, district_id, street_id)
  select ${tenant.id}, (${sql.param(districts)}::uuid[])[1 + (row_number() over (order by s.name))::int % ${districtCount}::int], s.id
    from streets s where s.tenant_id = ${tenant.id}`);
// district i gets types 1..(1 + i % 4) tomorrow: five different mixes of one to four types
await db.system.execute(sql`
  insert into waste_dates (tenant_id, type_id, district_id, day, source)
  select ${tenant.id}, (${sql.param(types)}::uuid[])[t], (${sql.param(districts)}::uuid[])[d], ${DAY}, 'rule'
    from generate_series(1, ${districtCount}::int) d cross join generate_series(1, 4) t where t <= 1 + (d - 1) % 4`);

// --- residents: numbers and addresses sealed here (AES-GCM), everything else with generate_series -----------------
const CHUNK = 20_000;
for (let from = 1; from <= residentCount; from += CHUNK) {
  const to = Math.min(residentCount, from + CHUNK - 1);
  const phones: string[] = [];
  const emails: Array<string | null> = [];
  for (let i = from; i <= to; i++) {
    phones.push(encryptSecret(key, `+49170${String(i).padStart(7, '0')}`));
    emails.push(i % 5 === 0 ? encryptSecret(key, `resident${i}@example.org`) : null);
  }
  await db.system.execute(sql`
    insert into residents (phone_enc, phone_hash, email_enc, email_verified_at, language)
    select p, 'bench-' || (${from}::int + o - 1), e, case when e is not null then now() end,
           case when (${from}::int + o) % 10 = 0 then 'en' else 'de' end
      from unnest(${sql.param(phones)}::text[], ${sql.param(emails)}::text[]) with ordinality as u(p, e, o)`);
}
await db.system.execute(sql`
  with s as (select id, row_number() over (order by name) as n from streets where tenant_id = ${tenant.id}),
       r as (select id, language, email_enc is not null as mail, row_number() over (order by phone_hash) as n
               from residents where phone_hash like 'bench-%')
  insert into follows (tenant_id, resident_id, topics, channels, street_id, language)
  select ${tenant.id}, r.id, '["abfall"]'::jsonb, case when r.mail then '["email"]' else '["sms"]' end::jsonb, s.id, r.language
    from r join s on s.n = 1 + r.n % ${streetCount}::int`);
// most at 18:00 the evening before; some at 17:30 (also due: the run looks back), some at 19:00 or the next morning
// (not due yet), one in twenty only for Papier
await db.system.execute(sql`
  insert into waste_reminders (tenant_id, resident_id, street_id, type_ids, day, minute_of_day)
  select f.tenant_id, f.resident_id, f.street_id,
         case when g.n % 20 = 0 then jsonb_build_array(${types[2]}::text) else '[]'::jsonb end,
         case when g.n % 10 = 9 then 'same_day' else 'day_before' end,
         case when g.n % 10 = 7 then 17 * 60 + 30 when g.n % 10 = 8 then 19 * 60 when g.n % 10 = 9 then 6 * 60 + 30 else 18 * 60 end
    from follows f cross join lateral (select abs(hashtext(f.resident_id::text)) as n) g
   where f.tenant_id = ${tenant.id}`);
for (const table of ['residents', 'follows', 'waste_reminders', 'waste_dates', 'waste_district_streets', 'streets'])
  await db.system.execute(sql.raw(`analyze ${table}`));
console.log(`  seeded in ${Math.round((Date.now() - tSeed) / 1000)} s`);

// --- one evening's run -------------------------------------------------------------------------------------------
console.log('running the reminders at 18:00 the evening before…');
const t0 = performance.now();
if (process.env.BENCH_DEBUG) deps.log.level = 'debug';
const run = await remindTenant(deps, tenant, RUN_AT);
const enqueueMs = Math.round(performance.now() - t0);
const [counts] = await queryRows<{ deliveries: number; messages: number; batches: number }>(
  db.system,
  sql`select (select count(*)::int from deliveries where tenant_id = ${tenant.id}) as deliveries,
             (select count(*)::int from messages where tenant_id = ${tenant.id}) as messages,
             (select count(*)::int from pgboss.job where name = 'delivery.send-batch') as batches`,
);
const again = await remindTenant(deps, tenant, new Date(RUN_AT.getTime() + 60_000));
rss.stop();

console.log(`  ${run.reminded} reminders in ${run.messages} messages (${counts.deliveries} deliveries, ${counts.batches} batch jobs) in ${enqueueMs} ms`);
console.log(`  the next minute's run reminded ${again.reminded} (a day is reminded once)`);
console.log(`target: enqueueMs < 5000 (PostgreSQL); peak RSS ${rss.peakMb()} MB`);
const figures = {
  residents: residentCount,
  reminders: run.reminded,
  enqueueMs,
  peakRssMb: rss.peakMb(),
  messages: run.messages,
  deliveries: counts.deliveries,
  batches: counts.batches,
  streets: streetCount,
  districts: districtCount,
  database: db.kind,
  loadAverage1m: round(loadavg()[0], 1),
  cores: cpus().length,
};
await civicast.close();
console.log(JSON.stringify(figures));
process.exit(0);
