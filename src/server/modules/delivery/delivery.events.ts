// What arrives after the hand-off: delivery receipts, replies and bounces. Receipts come per provider, not per
// tenant, so they are matched over the owner connection by (provider, provider message id), by design.
import { and, eq, sql } from 'drizzle-orm';
import type { Bounce, ChannelEvents, InboundMessage, Receipt } from '../../channels/types.ts';
import { sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { type Database, queryRows } from '../../platform/db/client.ts';
import { deliveries, emailSuppressions, inboundMessages, pendingReceipts, providers } from '../../platform/db/schema.ts';
import type { DeliveryMetrics } from './delivery.metrics.ts';
import type { DeliveryRuntime } from './delivery.runtime.ts';
import { parseDeliveryToken } from './tokens.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export const addressHash = (address: string) => sha256(`address:${address.trim().toLowerCase()}`);

export function createChannelEvents(deps: AppDeps, runtime: () => DeliveryRuntime): ChannelEvents {
  const { db, log } = deps;
  const metrics = () => runtime().metrics;
  return {
    // receipts arrive one by one (thousands a second during a large send); they are written in bulk every few
    // milliseconds, and the adapter's promise resolves once its receipt is stored
    receipt: receiptWriter(deps, runtime, metrics),

    async inbound(m: InboundMessage) {
      const match = await matchInbound(deps, m);
      await db.system.insert(inboundMessages).values({
        tenantId: match.tenantId,
        providerId: UUID.test(m.providerId) ? m.providerId : null,
        channel: m.channel,
        sender: m.from,
        recipient: m.to,
        subject: m.subject ?? null,
        text: m.text,
        deliveryId: match.deliveryId,
        raw: m.raw ?? {},
        receivedAt: m.at,
      });
      log.info({ channel: m.channel, tenant: match.tenantId, matched: Boolean(match.deliveryId) }, 'inbound message stored');
      if (m.channel === 'sms') await runtime().residents.stopKeyword(match.tenantId, m.from, m.text);
    },

    async bounce(b: Bounce) {
      const deliveryId = (b.replyToken && parseDeliveryToken(deps.config.secretKey, b.replyToken)) || b.providerMessageId?.match(UUID)?.[0] || null;
      if (deliveryId) {
        await db.system
          .update(deliveries)
          .set(
            b.hard
              ? { status: 'failed', lastError: `bounced: ${b.reason}`, updatedAt: sql`now()` }
              : { lastError: `soft bounce: ${b.reason}`, updatedAt: sql`now()` },
          )
          .where(and(eq(deliveries.id, deliveryId), eq(deliveries.channel, 'email')));
      }
      if (!b.hard) return;
      const hash = addressHash(b.address);
      await db.system
        .insert(emailSuppressions)
        .values({ addressHash: hash, hardBounces: 1, lastReason: b.reason, suppressed: deps.config.delivery.hardBounceLimit <= 1 })
        .onConflictDoUpdate({
          target: emailSuppressions.addressHash,
          set: {
            hardBounces: sql`${emailSuppressions.hardBounces} + 1`,
            suppressed: sql`${emailSuppressions.hardBounces} + 1 >= ${deps.config.delivery.hardBounceLimit}`,
            lastReason: b.reason,
            updatedAt: sql`now()`,
          },
        });
    },
  };
}

async function matchInbound(deps: AppDeps, m: InboundMessage): Promise<{ tenantId: string | null; deliveryId: string | null }> {
  const { db } = deps;
  const byToken = m.replyToken ? parseDeliveryToken(deps.config.secretKey, m.replyToken) : null;
  if (byToken) {
    const [d] = await db.system.select({ tenantId: deliveries.tenantId }).from(deliveries).where(eq(deliveries.id, byToken)).limit(1);
    if (d) return { tenantId: d.tenantId, deliveryId: byToken };
  }
  if (m.channel === 'sms') {
    // a reply by SMS belongs to the tenant that last wrote to this number
    const [d] = await db.system
      .select({ id: deliveries.id, tenantId: deliveries.tenantId })
      .from(deliveries)
      .where(and(eq(deliveries.channel, 'sms'), eq(deliveries.recipient, m.from)))
      .orderBy(sql`${deliveries.createdAt} desc`)
      .limit(1);
    if (d) return { tenantId: d.tenantId, deliveryId: d.id };
  }
  if (UUID.test(m.providerId)) {
    const [p] = await db.system.select({ tenantId: providers.tenantId }).from(providers).where(eq(providers.id, m.providerId)).limit(1);
    if (p?.tenantId) return { tenantId: p.tenantId, deliveryId: null };
  }
  return { tenantId: null, deliveryId: null };
}

type Metrics = () => DeliveryMetrics;

function receiptWriter(deps: AppDeps, runtime: () => DeliveryRuntime, metrics: Metrics): (r: Receipt) => Promise<void> {
  let buffer = new Map<string, { r: Receipt; done: Array<[() => void, (e: unknown) => void]> }>();
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    timer = null;
    const items = [...buffer.values()];
    buffer = new Map();
    try {
      const rows = await writeReceipts(
        deps,
        items.map((i) => i.r),
      );
      if (rows.length < items.length) {
        // some were parked; the batch that sent them may have looked for parked receipts before ours committed,
        // so look once more now that it has: whichever side commits last applies them
        const applied = await applyPendingReceipts(deps.db, [...new Set(items.map((i) => i.r.providerId))]);
        for (const a of applied) metrics().transitions.inc({ tenant: a.tenantId, channel: a.channel, provider: a.providerId, status: a.status });
      }
      for (const row of rows) {
        metrics().transitions.inc({ tenant: row.tenantId, channel: row.channel, provider: row.providerId, status: row.status });
        if (row.sentAt) runtime().observeReceipt(row.providerId, (new Date(row.at).getTime() - new Date(row.sentAt).getTime()) / 1000);
      }
      for (const i of items) for (const [ok] of i.done) ok();
    } catch (err) {
      for (const i of items) for (const [, fail] of i.done) fail(err);
    }
  };
  return (r) =>
    new Promise<void>((resolve, reject) => {
      const key = `${r.providerId}\u0000${r.providerMessageId}`;
      const entry = buffer.get(key);
      if (entry) {
        entry.r = r; // the later receipt wins
        entry.done.push([resolve, reject]);
      } else buffer.set(key, { r, done: [[resolve, reject]] });
      if (buffer.size >= RECEIPT_BATCH) void flush();
      else timer ??= setTimeout(() => void flush(), RECEIPT_DELAY_MS);
    });
}

const RECEIPT_BATCH = 500;
const RECEIPT_DELAY_MS = 10;

/** One statement: update the deliveries the receipts name, park the ones not known yet (they beat the provider's answer). */
async function writeReceipts(deps: AppDeps, receipts: Receipt[]) {
  const col = <T>(f: (r: Receipt) => T) => sql.param(receipts.map(f));
  return queryRows<{ tenantId: string; channel: string; providerId: string; sentAt: string | null; status: string; at: string }>(
    deps.db.system,
    sql`
    with r as (
      select * from unnest(${col((r) => r.providerId)}::uuid[], ${col((r) => r.providerMessageId)}::text[], ${col((r) => r.status)}::text[],
                           ${col((r) => r.error ?? null)}::text[], ${col((r) => r.at.toISOString())}::timestamptz[])
        as r(provider_id, provider_message_id, status, error, at)
    ), upd as (
      update deliveries d set status = r.status, last_error = coalesce(r.error, d.last_error),
             delivered_at = case when r.status = 'delivered' then r.at else d.delivered_at end, updated_at = now()
        from r
       where d.provider_id = r.provider_id and d.provider_message_id = r.provider_message_id and d.status in ('sent', 'sending')
      returning d.tenant_id, d.channel, d.provider_id, d.provider_message_id, d.sent_at, r.status, r.at
    ), parked as (
      insert into pending_receipts (provider_id, provider_message_id, status, error, at)
      select r.provider_id, r.provider_message_id, r.status, r.error, r.at from r
       where not exists (select 1 from upd where upd.provider_id = r.provider_id and upd.provider_message_id = r.provider_message_id)
      on conflict (provider_id, provider_message_id) do update set status = excluded.status, error = excluded.error, at = excluded.at
    )
    select tenant_id as "tenantId", channel, provider_id as "providerId", sent_at as "sentAt", status, at from upd`,
  );
}

/** Applies receipts that arrived before we knew the provider message id; returns the rows it changed. */
export async function applyPendingReceipts(
  db: Database,
  providerIds: string[],
): Promise<Array<{ tenantId: string; channel: string; providerId: string; status: string }>> {
  if (!providerIds.length) return [];
  return queryRows<{ tenantId: string; channel: string; providerId: string; status: string }>(
    db.system,
    sql`
    with matched as (
      delete from ${pendingReceipts} p using deliveries d
       where p.provider_id = d.provider_id and p.provider_message_id = d.provider_message_id
         and p.provider_id = any(${sql.param(providerIds)}::uuid[])
      returning p.provider_id, p.provider_message_id, p.status, p.error, p.at
    )
    update deliveries d set status = m.status, last_error = coalesce(m.error, d.last_error),
           delivered_at = case when m.status = 'delivered' then m.at else d.delivered_at end, updated_at = now()
      from matched m where d.provider_id = m.provider_id and d.provider_message_id = m.provider_message_id
       and d.status in ('sent', 'sending')
    returning d.tenant_id as "tenantId", d.channel, d.provider_id as "providerId", d.status`,
  );
}
