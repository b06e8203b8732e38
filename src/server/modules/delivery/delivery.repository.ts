// SQL of the delivery pipeline. Claims are atomic (only rows still `queued`), so a job that runs twice sends nothing twice.
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Channel } from '../../../common/states.ts';
import { type Database, queryRows, type Tx } from '../../platform/db/client.ts';
import { jsonbLiteral, literal } from '../../platform/db/literal.ts';
import { deliveries, type FallbackTarget, messages, pushSubscriptions, tenants } from '../../platform/db/schema.ts';
import type { PushTarget } from '../../channels/types.ts';
import type { TenantBrand } from './delivery.compose.ts';

export type MessageRow = typeof messages.$inferSelect;

/** Name, slug and senders of a tenant, as its messages show them (undefined when the tenant is gone). */
export async function loadTenantBrand(tx: Tx, tenantId: string): Promise<TenantBrand | undefined> {
  const [row] = await tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, smsSenderId: tenants.smsSenderId, emailFromName: tenants.emailFromName })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return row;
}

export interface NewDelivery {
  channel: 'sms' | 'email' | 'push';
  recipient: string;
  batch: number;
  fallback: FallbackTarget | null;
  /** The resident the address belongs to (audience sends). */
  residentId?: string | null;
  /** Held for the resident's quiet hours until then (also the row's first attempt). */
  heldUntil?: Date | null;
  /** The row's own expiry when it differs from the message's (a held row without an explicit expiry). */
  expiresAt?: Date;
  /** Inserted already claimed (status sending, first attempt) by the process that writes it, which sends it at once. */
  claimed?: boolean;
}

/** A batch's claimed rows and their message: what a batch sends. */
export interface ClaimedBatch {
  rows: ClaimedRow[];
  message: MessageRow | undefined;
}

// A batch's timestamps come as milliseconds: the driver parses a timestamptz with regular expressions, 2% of a fan-out's
// allocations (bench:fanout, sampled), a float8 with parseFloat
const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/**
 * Inserts a message's deliveries. Rows marked `claimed` are inserted claimed, and come back (by channel) as the
 * ClaimedRows their batch sends: no claim round trip after the commit.
 */
export async function insertDeliveries(
  tx: Tx,
  tenantId: string,
  messageId: string,
  priority: number,
  expiresAt: Date,
  rows: NewDelivery[],
): Promise<Map<string, ClaimedRow[]>> {
  const claimed = new Map<string, ClaimedRow[]>();
  // unnest keeps a 100,000-row insert to a few statements
  for (let i = 0; i < rows.length; i += 10_000) {
    const chunk = rows.slice(i, i + 10_000);
    const held = chunk.some((d) => d.heldUntil || d.expiresAt);
    const people = chunk.some((d) => d.residentId);
    const claim = chunk.some((d) => d.claimed);
    if (!held && !people && !claim) {
      await tx.execute(sql`
      insert into deliveries (tenant_id, message_id, priority, expires_at, channel, recipient, batch, fallback)
      select ${tenantId}::uuid, ${messageId}::uuid, ${priority}, ${expiresAt.toISOString()}::timestamptz, c, r, b, f
      from unnest(${sql.param(chunk.map((d) => d.channel))}::text[], ${sql.param(chunk.map((d) => d.recipient))}::text[],
                  ${sql.param(chunk.map((d) => d.batch))}::int[], ${sql.param(chunk.map((d) => (d.fallback ? JSON.stringify(d.fallback) : null)))}::jsonb[])
        as x(c, r, b, f)`);
      continue;
    }
    const insert = sql`
      insert into deliveries (tenant_id, message_id, priority, expires_at, channel, recipient, batch, fallback, resident_id, held_until, next_attempt_at,
                              status, claimed_at, attempts)
      select ${tenantId}::uuid, ${messageId}::uuid, ${priority}, coalesce(e, ${expiresAt.toISOString()}::timestamptz), c, r, b, f, p, h, coalesce(h, now()),
             case when k then 'sending' else 'queued' end, case when k then now() end, case when k then 1 else 0 end
      from unnest(${sql.param(chunk.map((d) => d.channel))}::text[], ${sql.param(chunk.map((d) => d.recipient))}::text[],
                  ${sql.param(chunk.map((d) => d.batch))}::int[], ${sql.param(chunk.map((d) => (d.fallback ? JSON.stringify(d.fallback) : null)))}::jsonb[],
                  ${sql.param(chunk.map((d) => d.residentId ?? null))}::uuid[], ${sql.param(chunk.map((d) => d.heldUntil?.toISOString() ?? null))}::timestamptz[],
                  ${sql.param(chunk.map((d) => d.expiresAt?.toISOString() ?? null))}::timestamptz[], ${sql.param(chunk.map((d) => d.claimed === true))}::boolean[])
        as x(c, r, b, f, p, h, e, k)`;
    if (!claim) {
      await tx.execute(insert);
      continue;
    }
    const inserted = await queryRows<{
      id: string;
      channel: string;
      recipient: string;
      expiresAt: number;
      createdAt: number;
      endpoint: string | null;
      p256dh: string | null;
      auth: string | null;
    }>(
      tx,
      sql`
      with ins as (${insert} returning id, channel, recipient, status, expires_at, created_at)
      -- a push row's recipient is its subscription: endpoint and keys come back with it, as with a claim
      select i.id, i.channel, i.recipient, ${sql.raw(epochMs('i.expires_at'))} as "expiresAt", ${sql.raw(epochMs('i.created_at'))} as "createdAt",
             s.endpoint, s.p256dh, s.auth
        from ins i left join push_subscriptions s on s.id = case when i.channel = 'push' then i.recipient::uuid end
       where i.status = 'sending'`,
    );
    for (const r of inserted) {
      const row: ClaimedRow = {
        id: r.id,
        recipient: r.recipient,
        attempts: 1,
        expiresAt: new Date(r.expiresAt),
        createdAt: new Date(r.createdAt),
        heldUntil: null,
        providerId: null,
        lastError: null,
        ...(r.channel === 'push' ? { push: r.endpoint ? { endpoint: r.endpoint, keys: { p256dh: r.p256dh!, auth: r.auth! } } : null } : {}),
      };
      const list = claimed.get(r.channel);
      if (list) list.push(row);
      else claimed.set(r.channel, [row]);
    }
  }
  return claimed;
}

export interface ClaimedRow {
  id: string;
  recipient: string;
  attempts: number;
  expiresAt: Date;
  createdAt: Date;
  /** When the row waited for quiet hours: its age counts from then. */
  heldUntil: Date | null;
  /** The provider of the previous attempt, and its error when that attempt failed. */
  providerId: string | null;
  lastError: string | null;
  /** On a push batch: the subscription the recipient names, null when it no longer exists. */
  push?: PushTarget | null;
}

export interface BatchKey {
  tenantId: string;
  messageId: string;
  channel: Channel;
  batch: number;
}

/** Rows left in `sending` by a worker that died go back to `queued` after the claim timeout. */
/** Marks the batch's rows still being sent as alive (a heartbeat while a slow batch runs). */
export async function renewClaims(db: Database, k: BatchKey) {
  await db.withTenant(k.tenantId, (tx) =>
    tx
      .update(deliveries)
      .set({ claimedAt: sql`now()` })
      .where(and(eq(deliveries.messageId, k.messageId), eq(deliveries.channel, k.channel), eq(deliveries.batch, k.batch), eq(deliveries.status, 'sending'))),
  );
}

// The message's columns under their drizzle names, for the claim script (raw SQL returns column names as they are)
const MESSAGE_COLUMNS = Object.entries(getTableColumns(messages))
  .map(([key, column]) => `${column.name} as "${key}"`)
  .join(', ');

/** The rows of one batch, by the batch index. */
const inBatch = (k: BatchKey) =>
  `tenant_id = ${literal(k.tenantId)} and message_id = ${literal(k.messageId)} and channel = ${literal(k.channel)} and batch = ${literal(k.batch)}`;

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(v as string | number));
const asDateOrNull = (v: unknown) => (v === null || v === undefined ? null : asDate(v));

/**
 * Claims the batch's due rows, and those whose claim went stale (a worker that died mid-batch), and loads their message,
 * in one round trip (Database.tenantScript): the first step of every batch, and a warning's first hand-off waits for it.
 */
export async function claimBatch(db: Database, k: BatchKey, claimTimeoutSeconds: number): Promise<ClaimedBatch> {
  const claim = `update deliveries set status = 'sending', claimed_at = now(), attempts = attempts + 1, updated_at = now()
      where ${inBatch(k)}
        and (status = 'queued' or (status = 'sending' and claimed_at < now() - make_interval(secs => ${literal(claimTimeoutSeconds)})))
        and next_attempt_at <= now()
      returning id, recipient, attempts, ${epochMs('expires_at')} as "expiresAt", ${epochMs('created_at')} as "createdAt",
                ${epochMs('held_until')} as "heldUntil", provider_id as "providerId", last_error as "lastError"`;
  const push = k.channel === 'push';
  const [claimed, found] = await db.tenantScript(k.tenantId, [
    // a push recipient is a subscription id: its endpoint and keys come with the claim, not in a transaction of their own
    push
      ? // the subscriptions by their primary key (an array of ids, as before), joined to the claimed rows; a lateral
        // join was planned as a scan of every subscription of the tenant
        `with claimed as (${claim}),
              subs as (select id, endpoint, p256dh, auth from push_subscriptions where id = any(array(select recipient::uuid from claimed)))
         select c.*, s.endpoint, s.p256dh, s.auth from claimed c left join subs s on s.id::text = c.recipient`
      : claim,
    `select ${MESSAGE_COLUMNS} from messages where tenant_id = ${literal(k.tenantId)} and id = ${literal(k.messageId)}`,
  ]);
  const rows = claimed.map(
    (r): ClaimedRow => ({
      id: r.id as string,
      recipient: r.recipient as string,
      attempts: r.attempts as number,
      expiresAt: asDate(r.expiresAt),
      createdAt: asDate(r.createdAt),
      heldUntil: asDateOrNull(r.heldUntil),
      providerId: (r.providerId as string | null) ?? null,
      lastError: (r.lastError as string | null) ?? null,
      ...(push ? { push: r.endpoint ? { endpoint: r.endpoint as string, keys: { p256dh: r.p256dh as string, auth: r.auth as string } } : null } : {}),
    }),
  );
  const m = found[0];
  const message = rows.length && m ? ({ ...m, expiresAt: asDateOrNull(m.expiresAt), createdAt: asDate(m.createdAt) } as MessageRow) : undefined;
  return { rows, message };
}

/** When the first of the batch's rows waiting for a retry is due (null: none waits). */
const nextDueIn = (k: BatchKey) => `select min(next_attempt_at) as at from deliveries where ${inBatch(k)} and status = 'queued'`;

export async function deletePushSubscriptions(db: Database, tenantId: string, ids: string[]) {
  if (ids.length) await db.withTenant(tenantId, (tx) => tx.delete(pushSubscriptions).where(sql`${pushSubscriptions.id} = any(${sql.param(ids)}::uuid[])`));
}

export interface Outcome {
  id: string;
  status: 'sent' | 'failed' | 'queued' | 'expired';
  providerId: string | null;
  providerMessageId: string | null;
  error: string | null;
  parts: number | null;
  costCents: number | null;
  nextAttemptAt: Date | null;
  /** When the provider accepted it: outcomes are written in flushes, so the flush's own time would be later. */
  sentAt?: Date | null;
}

/** Writes outcomes in one statement and round trip (the batch's heartbeat keeps the claim on the rest alive). */
export async function recordOutcomes(db: Database, k: BatchKey, outcomes: Outcome[]) {
  if (outcomes.length) await db.tenantScript(k.tenantId, [writeOutcomes(k, outcomes)]);
}

/**
 * The batch's last outcomes, and when its first row waiting for a retry is due (rows of a batch may wait for different
 * times), read in the same round trip.
 */
export async function recordLastOutcomes(db: Database, k: BatchKey, outcomes: Outcome[]): Promise<Date | null> {
  const results = await db.tenantScript(k.tenantId, outcomes.length ? [writeOutcomes(k, outcomes), nextDueIn(k)] : [nextDueIn(k)]);
  return asDateOrNull(results[results.length - 1]?.[0]?.at);
}

function writeOutcomes(k: BatchKey, outcomes: Outcome[]): string {
  const rows = outcomes.map((o) => ({
    id: o.id,
    status: o.status,
    provider_id: o.providerId,
    provider_message_id: o.providerMessageId,
    error: o.error,
    parts: o.parts,
    cost_cents: o.costCents,
    next_attempt_at: o.nextAttemptAt?.toISOString() ?? null,
    sent_at: o.sentAt?.toISOString() ?? null,
  }));
  return `
      update deliveries d set
        status = o.status,
        provider_id = coalesce(o.provider_id, d.provider_id),
        provider_message_id = coalesce(o.provider_message_id, d.provider_message_id),
        last_error = o.error,
        parts = coalesce(o.parts, d.parts),
        cost_cents = coalesce(o.cost_cents, d.cost_cents),
        next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),
        sent_at = case when o.status = 'sent' then coalesce(o.sent_at, now()) else d.sent_at end,
        updated_at = now()
      from jsonb_to_recordset(${jsonbLiteral(rows)})
        as o(id uuid, status text, provider_id uuid, provider_message_id text, error text, parts int, cost_cents int,
             next_attempt_at timestamptz, sent_at timestamptz)
      where d.tenant_id = ${literal(k.tenantId)} and d.id = o.id and d.status = 'sending'`;
}
