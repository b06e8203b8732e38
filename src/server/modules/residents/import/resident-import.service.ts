// Resident CSV import: column mapping, row-by-row report, merge by phone, consent by import with one proof; batched writes.
import { asc, sql } from 'drizzle-orm';
import { z } from 'zod';
import { IMPORT_MODES } from '../../../../common/states.ts';
import { type Actor, recordAudit } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import { queryRows, type Tx } from '../../../platform/db/client.ts';
import { follows, streets, topics } from '../../../platform/db/schema.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { type ImportMode, locateFollows, type RowError } from '../../geo/index.ts';
import { currentConsentText, diff } from '../consent.service.ts';
import { lookupHash, seal } from '../residents.crypto.ts';
import { columnMapping, type ImportRow, readResidentRows } from './resident-import.rows.ts';

/** Larger files go through the background import (resident-import.job.ts); this route refuses them with a sentence saying so. */
export const IMPORT_SYNC_MAX_ROWS = 5000;
const BATCH = 1000;

export const residentImportInput = z.strictObject({
  csv: z.string().min(1),
  mapping: columnMapping,
  consentProof: z.string().trim().min(3, 'describe the consent proof for this import (e.g. "paper forms, Bürgerbüro 2024")').max(2000),
  mode: z.enum(IMPORT_MODES).default('valid-rows'),
});

export interface ResidentImportOptions extends z.input<typeof residentImportInput> {
  /** Refuse (without writing) when the file has more rows. */
  maxRows?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ResidentImportResult {
  total: number;
  imported: number;
  created: number;
  updated: number;
  merged: number;
  committed: boolean;
  tooLarge?: boolean;
  errors: RowError[];
}

/** The tenant's topics and streets that rows are checked against. */
export async function loadLookups(deps: AppDeps, tenant: TenantRow) {
  return deps.db.withTenant(tenant.id, async (tx) => ({
    tenant,
    topics: await tx
      .select({ key: topics.key, nameDe: topics.nameDe, nameEn: topics.nameEn, mandatory: topics.mandatory })
      .from(topics)
      .orderBy(asc(topics.position)),
    streets: await tx.select({ id: streets.id, name: streets.name, postcode: streets.postcode }).from(streets),
  }));
}

export async function importResidentsCsv(deps: AppDeps, actor: Actor, tenant: TenantRow, opts: ResidentImportOptions): Promise<ResidentImportResult> {
  // the request's fields only: the schema is strict, and maxRows and onProgress are the caller's own options
  const input = residentImportInput.parse({ csv: opts.csv, mapping: opts.mapping, consentProof: opts.consentProof, mode: opts.mode });
  const read = readResidentRows(input.csv, input.mapping, await loadLookups(deps, tenant));
  const result: ResidentImportResult = { total: read.total, imported: 0, created: 0, updated: 0, merged: read.merged, committed: false, errors: read.errors };
  if (opts.maxRows !== undefined && read.total > opts.maxRows) return { ...result, tooLarge: true };
  if ((input.mode as ImportMode) === 'all-or-nothing' && read.errors.length) return result;
  if (!read.rows.length) return result;
  const text = await currentConsentText(deps.db, tenant);
  // one transaction: a failure anywhere leaves nothing behind, so no row is ever half imported
  await deps.db.withTenant(tenant.id, async (tx) => {
    for (let i = 0; i < read.rows.length; i += BATCH) {
      const counts = await writeBatch(deps, tx, tenant.id, read.rows.slice(i, i + BATCH), {
        textHash: text.hash,
        proof: input.consentProof,
        actorId: actor.userId,
      });
      result.created += counts.created;
      result.updated += counts.updated;
      opts.onProgress?.(Math.min(i + BATCH, read.rows.length), read.rows.length);
    }
    await recordAudit(tx, tenant.id, actor, {
      action: 'residents.import',
      objectType: 'resident',
      details: { total: read.total, imported: read.rows.length, merged: read.merged, rejectedRows: new Set(read.errors.map((e) => e.line)).size },
    });
  });
  return { ...result, imported: read.rows.length, committed: true };
}

export interface ConsentContext {
  textHash: string;
  proof: string;
  actorId: string | null;
}

// Each column goes as one array parameter (unnest): a few parameters per statement instead of thousands, which
// PostgreSQL and PGlite parse and bind far faster.
/** Writes rows whole: each row's resident, follow and consent records in the caller's transaction. */
export async function writeBatch(deps: AppDeps, tx: Tx, tenantId: string, rows: ImportRow[], consent: ConsentContext) {
  const key = deps.config.secretKey;
  const hashes = rows.map((r) => lookupHash(key, 'phone', r.phone));
  const arr = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
  const unnest = (...columns: Array<[values: unknown[], type: string]>) =>
    sql`unnest(${sql.join(
      columns.map((c) => arr(...c)),
      sql`, `,
    )})`;
  // an existing resident (same phone) keeps their data; the import only fills what is missing
  const saved = await queryRows<{ id: string; phone_hash: string; created: boolean }>(
    tx,
    sql`
      insert into residents (phone_enc, phone_hash, email_enc, email_hash, name_enc, email_verified_at)
      select p, h, e, eh, n, case when eh is not null then now() end -- the import's consent proof confirms the address
        from ${unnest(
          [rows.map((r) => seal(key, r.phone)), 'text'],
          [hashes, 'text'],
          [rows.map((r) => seal(key, r.email)), 'text'],
          [rows.map((r) => (r.email ? lookupHash(key, 'email', r.email) : null)), 'text'],
          [rows.map((r) => seal(key, r.name)), 'text'],
        )} as u(p, h, e, eh, n)
      on conflict (phone_hash) do update set email_enc = coalesce(residents.email_enc, excluded.email_enc), email_hash = coalesce(residents.email_hash, excluded.email_hash),
                                             email_verified_at = case when residents.email_hash is null then excluded.email_verified_at else residents.email_verified_at end,
                                             name_enc = coalesce(residents.name_enc, excluded.name_enc), updated_at = now()
      returning id, phone_hash, (xmax = 0) as created`,
  );
  const idByHash = new Map(saved.map((s) => [s.phone_hash, s.id]));
  const ids = rows.map((_, i) => idByHash.get(hashes[i])!);
  const before = await tx
    .select({ residentId: follows.residentId, status: follows.status, topics: follows.topics, channels: follows.channels })
    .from(follows)
    .where(sql`${follows.residentId} = any(${arr(ids, 'uuid')})`);
  const beforeById = new Map(before.map((f) => [f.residentId, f.status === 'active' ? f : { topics: [] as string[], channels: [] as string[] }]));
  const next = rows.map((r, i) => {
    const old = beforeById.get(ids[i]) ?? { topics: [], channels: [] };
    return { old, channels: [...new Set([...old.channels, 'sms', ...(r.email ? ['email'] : [])])], topics: [...new Set([...old.topics, ...r.topics])] };
  });
  await tx.execute(sql`
    insert into follows (tenant_id, resident_id, topics, channels, street_id, house_number, status, source)
    select ${tenantId}, u.resident_id, u.topics::jsonb, u.channels::jsonb, u.street_id, u.house_number, 'active', 'import'
      from ${unnest(
        [ids, 'uuid'],
        [next.map((x) => JSON.stringify(x.topics)), 'text'],
        [next.map((x) => JSON.stringify(x.channels)), 'text'],
        [rows.map((r) => r.streetId), 'uuid'],
        [rows.map((r) => r.houseNumber), 'text'],
      )} as u(resident_id, topics, channels, street_id, house_number)
    on conflict (tenant_id, resident_id) do update set topics = excluded.topics, channels = excluded.channels, street_id = coalesce(excluded.street_id, follows.street_id),
      house_number = case when excluded.street_id is null then follows.house_number else excluded.house_number end, status = 'active', updated_at = now()`);
  // tags from the file are added to the ones staff gave before
  const tagged = rows.flatMap((r, i) => (r.tags?.length ? [[ids[i], JSON.stringify(r.tags)] as const] : []));
  if (tagged.length)
    await tx.execute(sql`
      update follows f set tags = (select coalesce(jsonb_agg(distinct x order by x), '[]'::jsonb) from jsonb_array_elements_text(f.tags || u.tags::jsonb) x)
        from ${unnest([tagged.map((x) => x[0]), 'uuid'], [tagged.map((x) => x[1]), 'text'])} as u(resident_id, tags)
       where f.tenant_id = ${tenantId} and f.resident_id = u.resident_id`);
  // residents with a street from the file get that address's point from the street directory
  const placed = rows.flatMap((r, i) => (r.streetId ? [ids[i]] : []));
  if (placed.length) await locateFollows(tx, { residentIds: placed });
  const given: Array<[string, string | null, string | null]> = [];
  next.forEach((x, i) => {
    for (const channel of diff(x.old.channels, x.channels).given) given.push([ids[i], channel, null]);
    for (const topic of diff(x.old.topics, x.topics).given) given.push([ids[i], null, topic]);
  });
  if (given.length) {
    await tx.execute(sql`
      insert into consents (tenant_id, resident_id, purpose, channel, topic, action, text_hash, method, ip_prefix, proof, actor_id)
      select ${tenantId}, u.resident_id, 'messages', u.channel, u.topic, 'given', ${consent.textHash}, 'import', null, ${consent.proof}, ${consent.actorId}::uuid
        from ${unnest(
          [given.map((g) => g[0]), 'uuid'],
          [given.map((g) => g[1]), 'text'],
          [given.map((g) => g[2]), 'text'],
        )} as u(resident_id, channel, topic)`);
  }
  const created = saved.filter((s) => s.created).length;
  return { created, updated: saved.length - created };
}
