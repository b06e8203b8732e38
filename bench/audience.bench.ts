// npm run bench:audience [-- --residents 100000]
// N residents across 500 streets and 20 areas: resolving an audience by topic + area + channel, then importing N CSV
// rows through the resident import. Embedded PGlite, or a fresh PostgreSQL database when DATABASE_URL is set.
import { createAppDeps } from '../src/server/deps.ts';
import { scratchDatabase } from '../test/helpers/scratch-database.ts';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { resolveAudience } from '../src/server/modules/geo/index.ts';
import { getResidentImport, startResidentImport } from '../src/server/modules/residents/import/resident-import.runs.ts';
import { importResidentsCsv } from '../src/server/modules/residents/import/resident-import.service.ts';
import { lookupHash } from '../src/server/modules/residents/index.ts';
import { seal } from '../src/server/modules/residents/residents.crypto.ts';
import { createTenant } from '../src/server/modules/tenants/index.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import type { AppDeps } from '../src/server/platform/context.ts';
import { openDatabase } from '../src/server/platform/db/client.ts';
import { migrateDatabase } from '../src/server/platform/db/migrate.ts';
import { areas, follows, residents, streets } from '../src/server/platform/db/schema.ts';
import { createLogger } from '../src/server/platform/logger.ts';

const { values } = parseArgs({ options: { residents: { type: 'string', default: '100000' } } });
const n = Number(values.residents);
const TOPICS = ['rathaus', 'verkehr', 'abfall', 'veranstaltungen', 'baustellen'];
const actor = { userId: null, email: 'bench', ip: null, userAgent: null, requestId: null };
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31; // repeatable runs

// ---- database: PGlite in a temp dir, or a fresh PostgreSQL database ----
const bench = await scratchDatabase('audience');
const { dataDir, databaseUrl, secretKey } = bench;
const config = loadConfig({
  CIVICAST_DATA_DIR: dataDir,
  CIVICAST_SECRET_KEY: secretKey,
  LOG_LEVEL: 'warn',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});
const db = await openDatabase({ databaseUrl, dataDir, poolSize: 4 });
await migrateDatabase(db);
const deps: AppDeps = createAppDeps({ config, db, log: createLogger('warn'), registry: new Registry(), jobs: null });
const tenant = await createTenant(db, { slug: 'musterstadt', name: 'Musterstadt' });
const key = config.secretKey;

let peakRss = process.memoryUsage().rss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 50);

// ---- 500 streets, 20 areas (a 5 × 4 grid over the town), N residents ----
console.log(`preparing ${n} residents, 500 streets, 20 areas on ${db.kind}…`);
const t0 = Date.now();
const streetRows = await db.withTenant(tenant.id, (tx) =>
  tx
    .insert(streets)
    .values(
      Array.from({ length: 500 }, (_, i) => ({
        tenantId: tenant.id,
        name: `Straße ${i + 1}`,
        postcode: '12345',
        ranges: i % 3 === 0 ? [{ from: 1, to: 99, parity: 'odd' as const }] : [],
        population: 200,
      })),
    )
    .returning({ id: streets.id, name: streets.name }),
);
const cell = (x: number, y: number) => [
  [10 + x * 0.02, 50 + y * 0.02],
  [10 + (x + 1) * 0.02, 50 + y * 0.02],
  [10 + (x + 1) * 0.02, 50 + (y + 1) * 0.02],
  [10 + x * 0.02, 50 + (y + 1) * 0.02],
  [10 + x * 0.02, 50 + y * 0.02],
];
const areaRows = await db.withTenant(tenant.id, (tx) =>
  tx
    .insert(areas)
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        tenantId: tenant.id,
        name: `Gebiet ${i + 1}`,
        geometry: { type: 'Polygon', coordinates: [cell(i % 5, Math.floor(i / 5))] },
        population: 5000,
      })),
    )
    .returning({ id: areas.id }),
);
for (let i = 0; i < n; i += 5000) {
  const size = Math.min(5000, n - i);
  const phones = Array.from({ length: size }, (_, j) => `+49170${String(i + j).padStart(7, '0')}`);
  const ids = await db.system
    .insert(residents)
    .values(
      phones.map((p, j) => ({
        phoneEnc: seal(key, p),
        phoneHash: lookupHash(key, 'phone', p),
        emailEnc: (i + j) % 3 === 0 ? seal(key, `r${i + j}@example.org`) : null,
        emailHash: (i + j) % 3 === 0 ? lookupHash(key, 'email', `r${i + j}@example.org`) : null,
        emailVerifiedAt: (i + j) % 3 === 0 ? new Date() : null,
      })),
    )
    .returning({ id: residents.id });
  const rows = ids.map(({ id }, j) => {
    const onStreet = rand() < 0.5;
    const topics = [...new Set([TOPICS[Math.floor(rand() * 5)], TOPICS[Math.floor(rand() * 5)], 'warnungen'])];
    const channels: Array<'sms' | 'email'> = (i + j) % 3 === 0 ? (rand() < 0.5 ? ['email'] : ['sms', 'email']) : ['sms'];
    const place = onStreet
      ? { streetId: streetRows[Math.floor(rand() * 500)].id, houseNumber: String(1 + Math.floor(rand() * 120)) }
      : { lat: 49.99 + rand() * 0.1, lng: 9.99 + rand() * 0.12 };
    return { tenantId: tenant.id, residentId: id, topics, channels, status: rand() < 0.05 ? ('withdrawn' as const) : ('active' as const), ...place };
  });
  await db.withTenant(tenant.id, (tx) => tx.insert(follows).values(rows));
}
if (db.kind === 'postgres') await db.system.execute(sql`analyze`);
console.log(`prepared in ${Date.now() - t0} ms`);

// ---- resolve: one topic, a quarter of the areas, SMS and e-mail ----
const query = { topics: ['abfall'], areaIds: areaRows.slice(0, 5).map((a) => a.id), channels: ['sms', 'email'] };
let t1 = Date.now();
const audience = await resolveAudience(deps, tenant.id, query);
const resolveMs = Date.now() - t1;
t1 = Date.now();
await resolveAudience(deps, tenant.id, query);
const resolveWarmMs = Date.now() - t1;
t1 = Date.now();
const whole = await resolveAudience(deps, tenant.id, { channels: ['sms', 'email'], warning: true });
const resolveAllMs = Date.now() - t1;
console.log(`audience abfall × 5 areas × sms/email: ${audience.count} recipients in ${resolveMs} ms (again: ${resolveWarmMs} ms)`);
console.log(`warning to everyone: ${whole.count} recipients in ${resolveAllMs} ms`);

// ---- import N CSV rows (new residents) through the import service ----
const lines = ['Telefon;E-Mail;Name;Straße;Hausnummer;Themen'];
for (let i = 0; i < n; i++) {
  lines.push(`+49171${String(i).padStart(7, '0')};${i % 2 ? `i${i}@example.org` : ''};Person ${i};${streetRows[i % 500].name};${1 + (i % 90)};Abfall, Verkehr`);
}
const csv = lines.join('\n');
lines.length = 0;
sample();
t1 = Date.now();
const imported = await importResidentsCsv(deps, actor, tenant, {
  csv,
  mapping: { phone: 'Telefon', email: 'E-Mail', name: 'Name', street: 'Straße', houseNumber: 'Hausnummer', topics: 'Themen' },
  consentProof: 'benchmark: paper forms',
  mode: 'all-or-nothing',
  onProgress: sample,
});
const importMs = Date.now() - t1;
sample();
console.log(`imported ${imported.imported} of ${imported.total} rows (${imported.errors.length} errors) in ${importMs} ms`);

// ---- the same rows for other numbers through the background import the console uses (stored encrypted, checked, chunked) ----
const mapping = { phone: 'Telefon', email: 'E-Mail', name: 'Name', street: 'Straße', houseNumber: 'Hausnummer', topics: 'Themen' };
t1 = Date.now();
const started = await startResidentImport(deps, actor, tenant, {
  csv: csv.replaceAll('+49171', '+49172'),
  mapping,
  consentProof: 'benchmark: paper forms',
  mode: 'all-or-nothing',
});
let jobRun = started;
while (jobRun.status !== 'done' && jobRun.status !== 'failed') {
  await new Promise((r) => setTimeout(r, 100));
  jobRun = await getResidentImport(deps, tenant, started.id);
}
const importJobMs = Date.now() - t1;
sample();
clearInterval(sampler);
console.log(`background import: ${jobRun.status}, ${jobRun.written} of ${jobRun.total} rows in ${importJobMs} ms`);
console.log(`peak RSS ${Math.round(peakRss / 1e6)} MB`);
console.log('targets on PostgreSQL with 100,000 residents: resolve < 1 s; import < 30 s');

await db.close();
await bench.dispose();
console.log(
  JSON.stringify({
    residents: n,
    database: db.kind,
    recipients: audience.count,
    resolveMs,
    resolveWarmMs,
    resolveAllMs,
    imported: imported.imported,
    importErrors: imported.errors.length,
    importMs,
    importJobMs,
    importJobWritten: jobRun.written,
    peakRssMb: Math.round(peakRss / 1e6),
  }),
);
process.exit(0);
