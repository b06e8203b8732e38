// Provider rows and their secrets (AES-GCM with CIVICAST_SECRET_KEY), health factors and rate buckets. Health, leases
// and buckets are shared by every worker and include the installation's providers, so they use the owner connection.
import { and, eq, isNull, notInArray, or, sql } from 'drizzle-orm';
import { RECEIVE_ONLY_KINDS } from '../../../common/provider-kinds.ts';
import type { ProviderRecord } from '../../channels/registry.ts';
import type { ChannelKind } from '../../channels/types.ts';
import { decryptSecret, encryptSecret } from '../../platform/auth/crypto.ts';
import { type Database, queryRows, type Tx } from '../../platform/db/client.ts';
import { providerBuckets, providerLeases, providers, providerWeightLog } from '../../platform/db/schema.ts';

type Row = typeof providers.$inferSelect;

export function toRecord(key: Buffer, row: Row): ProviderRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    channel: row.channel,
    kind: row.kind,
    name: row.name,
    config: row.config,
    secrets: row.secrets ? JSON.parse(decryptSecret(key, row.secrets)) : {},
    weight: row.weight,
    ratePerSecond: row.ratePerSecond,
    maxConnections: row.maxConnections,
    centsPerMessage: row.centsPerMessage,
    healthFactor: row.healthFactor,
    updatedAt: row.updatedAt,
  };
}

export const sealSecrets = (key: Buffer, secrets: Record<string, string>) => (Object.keys(secrets).length ? encryptSecret(key, JSON.stringify(secrets)) : null);

/**
 * Enabled providers a tenant may send through on a channel: its own if it has any, else the installation defaults.
 * Receive-only kinds (a mailbox read by IMAP) have no sender, and a tenant with only such a one still sends through
 * the installation's providers.
 */
/**
 * The providers a tenant's sends use, per channel: its own enabled ones, else the installation's. All channels in one
 * query: a warning opens SMS, e-mail and push at once, and fifty towns warning together made that 150 transactions.
 */
export async function loadUsableProviders(tx: Tx, tenantId: string): Promise<Record<ChannelKind, Row[]>> {
  const rows = await tx
    .select()
    .from(providers)
    .where(and(eq(providers.enabled, true), notInArray(providers.kind, RECEIVE_ONLY_KINDS), or(isNull(providers.tenantId), eq(providers.tenantId, tenantId))));
  const usable = (channel: ChannelKind) => {
    const all = rows.filter((r) => r.channel === channel);
    const own = all.filter((r) => r.tenantId === tenantId);
    return own.length ? own : all.filter((r) => r.tenantId === null);
  };
  return { sms: usable('sms'), email: usable('email'), push: usable('push') };
}

/** Every enabled provider of a kind, across tenants (the IMAP poll job reads each mailbox under its own tenant). */
export async function loadEnabledProvidersOfKind(db: Database, kind: Row['kind']): Promise<Row[]> {
  return db.system
    .select()
    .from(providers)
    .where(and(eq(providers.kind, kind), eq(providers.enabled, true)))
    .orderBy(providers.createdAt);
}

export async function loadProviderById(db: Database, id: string): Promise<Row | undefined> {
  const [row] = await db.system.select().from(providers).where(eq(providers.id, id)).limit(1);
  return row;
}

export async function saveHealthFactor(db: Database, providerId: string, from: number, to: number, reason: string) {
  await db.system.update(providers).set({ healthFactor: to }).where(eq(providers.id, providerId));
  await db.system.insert(providerWeightLog).values({ providerId, fromFactor: from, toFactor: to, reason });
}

/**
 * Takes up to `want` tokens from the provider's bucket (refilled at `rate` per second, burst = rate) and returns how
 * many were granted. One statement, so workers on many machines share the limit.
 */
export async function takeTokens(db: Database, providerId: string, rate: number, want: number): Promise<number> {
  const rows = await queryRows<{ granted: number }>(
    db.system,
    sql`
    with ins as (
      insert into ${providerBuckets} (provider_id, tokens, updated_at) values (${providerId}, ${rate}, now())
      on conflict (provider_id) do nothing
    ), cur as (
      select least(${rate}::float8, tokens + extract(epoch from (clock_timestamp() - updated_at)) * ${rate}) as avail
      from ${providerBuckets} where provider_id = ${providerId} for update
    )
    update ${providerBuckets} b
       set tokens = cur.avail - floor(least(cur.avail, ${want})), updated_at = clock_timestamp()
      from cur where b.provider_id = ${providerId}
    returning floor(least(cur.avail, ${want}))::int as granted`,
  );
  return rows[0] ? Math.max(0, Math.floor(Number(rows[0].granted))) : 0;
}

const LEASE_SECONDS = 60;

/** Takes a free connection slot of the provider for this process (a slot whose lease expired counts as free). */
export async function takeLease(db: Database, providerId: string, max: number, holder: string): Promise<number | null> {
  const rows = await queryRows<{ slot: number }>(
    db.system,
    sql`
    insert into ${providerLeases} (provider_id, slot, holder, expires_at)
    select ${providerId}::uuid, s, ${holder}, now() + make_interval(secs => ${LEASE_SECONDS})
      from generate_series(1, ${max}::int) s
     where not exists (select 1 from ${providerLeases} l where l.provider_id = ${providerId}::uuid and l.slot = s and l.expires_at > now())
     order by s limit 1
    on conflict (provider_id, slot) do update set holder = excluded.holder, expires_at = excluded.expires_at
      where ${providerLeases}.expires_at <= now()
    returning slot`,
  );
  return rows[0]?.slot ?? null;
}

export async function renewLeases(db: Database, holder: string) {
  await db.system
    .update(providerLeases)
    .set({ expiresAt: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where(eq(providerLeases.holder, holder));
}

export async function releaseLeases(db: Database, holder: string, providerId?: string) {
  await db.system.delete(providerLeases).where(and(eq(providerLeases.holder, holder), providerId ? eq(providerLeases.providerId, providerId) : undefined));
}
