// What arrives after the hand-off: delivery receipts, replies and bounces. Receipts come per provider, not per
// tenant, so they are matched over the owner connection by (provider, provider message id), by design.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Bounce, ChannelEvents, InboundMessage, Receipt } from '../../channels/types.ts';
import { sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { deliveries, emailSuppressions, inboundMessages, pendingReceipts, providers } from '../../platform/db/schema.ts';
import { deliveryMetrics } from './delivery.metrics.ts';
import type { DeliveryRuntime } from './delivery.runtime.ts';
import { parseDeliveryToken } from './tokens.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export const addressHash = (address: string) => sha256(`address:${address.trim().toLowerCase()}`);

export function createChannelEvents(deps: AppDeps, runtime: () => DeliveryRuntime): ChannelEvents {
  const { db, log } = deps;
  const metrics = () => deliveryMetrics(deps.registry, db);
  return {
    async receipt(r: Receipt) {
      const rows = await db.system
        .update(deliveries)
        .set({
          status: r.status,
          lastError: r.error ?? null,
          deliveredAt: r.status === 'delivered' ? r.at : undefined,
          updatedAt: sql`now()`,
        })
        .where(and(eq(deliveries.providerId, r.providerId), eq(deliveries.providerMessageId, r.providerMessageId), inArray(deliveries.status, ['sent', 'sending'])))
        .returning({ tenantId: deliveries.tenantId, channel: deliveries.channel, sentAt: deliveries.sentAt });
      if (!rows.length) {
        // the receipt beat the provider's answer (or names a part we do not track): park it
        await db.system
          .insert(pendingReceipts)
          .values({ providerId: r.providerId, providerMessageId: r.providerMessageId, status: r.status, error: r.error ?? null, at: r.at })
          .onConflictDoUpdate({ target: [pendingReceipts.providerId, pendingReceipts.providerMessageId], set: { status: r.status, error: r.error ?? null, at: r.at } });
        return;
      }
      for (const row of rows) {
        metrics().transitions.inc({ tenant: row.tenantId, channel: row.channel, provider: r.providerId, status: r.status });
        if (row.sentAt) runtime().observeReceipt(r.providerId, (r.at.getTime() - row.sentAt.getTime()) / 1000);
      }
    },

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
    },

    async bounce(b: Bounce) {
      const deliveryId = (b.replyToken && parseDeliveryToken(deps.config.secretKey, b.replyToken)) || b.providerMessageId?.match(UUID)?.[0] || null;
      if (deliveryId) {
        await db.system
          .update(deliveries)
          .set(b.hard ? { status: 'failed', lastError: `bounced: ${b.reason}`, updatedAt: sql`now()` } : { lastError: `soft bounce: ${b.reason}`, updatedAt: sql`now()` })
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
