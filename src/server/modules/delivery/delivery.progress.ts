// Watching messages arrive: counts per channel and status (queued rows held for quiet hours count as `waiting`),
// reach, failure reasons grouped, cost; and what one resident was sent.
import { and, desc, eq, sql } from 'drizzle-orm';
import {
  type ChannelProgress,
  type DeliveryProgress,
  type FailureReason,
  PROGRESS_STATUSES,
  type ProgressCounts,
  type ResidentDeliveriesPage,
} from '../../../common/contracts/delivery-progress.ts';
import { CHANNELS, type Channel } from '../../../common/states.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { deliveries, messages } from '../../platform/db/schema.ts';

const zero = (): ProgressCounts => Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as ProgressCounts;

/** Normalises a provider's or the engine's error text into one of a few reasons. */
export function failureReason(error: string | null, status: string): FailureReason {
  const e = error ?? '';
  if (status === 'expired' || /expired/i.test(e)) return 'expired';
  if (/push subscription|invalid subscription|no longer exists|\b(404|410)\b|gone/i.test(e)) return 'device_gone';
  if (/bounced|undeliv|unreachable|absent|blocked|30003|30005|30006|err:0/i.test(e)) return 'undeliverable';
  if (/not an? (valid )?(e-mail|sms|single|e\.164|push)|not an e\.164|INVDSTADR|invalid (address|number|destination)|destination .* is not/i.test(e))
    return 'invalid_address';
  if (/empty message|too large|too long|parts, at most|rejected content|spam/i.test(e)) return 'content_rejected';
  if (/throttl|timeout|timed out|rate limit|too many/i.test(e)) return 'throttled';
  if (/provider|configured|auth|internal|adapter|garbage|sender|bind|not connected|http \d{3}/i.test(e)) return 'provider_error';
  return 'other';
}

/** Counts, reach, failures and cost over one or more messages of the tenant (a message sent per language is several). */
export async function deliveryProgress(deps: AppDeps, tenantId: string, messageIds: string[]): Promise<DeliveryProgress> {
  const ids = [...new Set(messageIds)];
  return deps.db.withTenant(tenantId, async (tx) => {
    const rows = ids.length
      ? await queryRows<{ channel: Channel; status: string; waiting: boolean; n: number; cost: number }>(
          tx,
          sql`select channel, status, (status = 'queued' and held_until is not null and held_until > now()) as waiting,
                     count(*)::int as n, coalesce(sum(cost_cents), 0)::int as cost
                from deliveries where message_id = any(${sql.param(ids)}::uuid[]) group by 1, 2, 3`,
        )
      : [];
    const failed = ids.length
      ? await queryRows<{ channel: Channel; status: string; error: string | null; n: number }>(
          tx,
          sql`select channel, status, last_error as error, count(*)::int as n from deliveries
               where message_id = any(${sql.param(ids)}::uuid[]) and status in ('failed', 'expired') group by 1, 2, 3 limit 2000`,
        )
      : [];
    const byChannel = new Map<Channel, ChannelProgress>();
    const totals = { ...zero(), total: 0 };
    let costCents = 0;
    for (const r of rows) {
      const c = byChannel.get(r.channel) ?? { channel: r.channel, counts: zero(), total: 0, reached: 0, reachBasis: 'sent', costCents: 0 };
      byChannel.set(r.channel, c);
      const status = (r.waiting ? 'waiting' : r.status) as keyof ProgressCounts;
      c.counts[status] += Number(r.n);
      c.total += Number(r.n);
      c.costCents += Number(r.cost);
      totals[status] += Number(r.n);
      totals.total += Number(r.n);
      costCents += Number(r.cost);
    }
    const channels = CHANNELS.filter((ch) => byChannel.has(ch)).map((ch) => {
      const c = byChannel.get(ch)!;
      // a channel with receipts (some delivery confirmed) counts only confirmed ones; without, hand-offs count
      c.reachBasis = c.counts.delivered > 0 ? 'delivered' : 'sent';
      c.reached = c.reachBasis === 'delivered' ? c.counts.delivered : c.counts.sent + c.counts.delivered;
      return c;
    });
    const bases = new Set(channels.map((c) => c.reachBasis));
    const withReceipts = channels.filter((c) => c.reachBasis === 'delivered').map((c) => c.channel);
    const [people] = ids.length
      ? await queryRows<{ residents: number; reached: number; nextRelease: string | null }>(
          tx,
          sql`select count(distinct resident_id)::int as residents,
                     count(distinct resident_id) filter (where status = 'delivered'
                       or (status = 'sent' and not (channel = any(${sql.param(withReceipts)}::text[]))))::int as reached,
                     min(held_until) filter (where status = 'queued' and held_until > now()) as "nextRelease"
                from deliveries where message_id = any(${sql.param(ids)}::uuid[])`,
        )
      : [{ residents: 0, reached: 0, nextRelease: null }];
    const grouped = new Map<string, { reason: FailureReason; channel: Channel; count: number }>();
    for (const f of failed) {
      const reason = failureReason(f.error, f.status);
      const key = `${f.channel}:${reason}`;
      const g = grouped.get(key) ?? { reason, channel: f.channel, count: 0 };
      g.count += Number(f.n);
      grouped.set(key, g);
    }
    return {
      messageIds: ids,
      channels,
      totals,
      reach: {
        reached: channels.reduce((s, c) => s + c.reached, 0),
        of: totals.total,
        basis: bases.size > 1 ? 'mixed' : bases.has('delivered') ? 'delivered' : 'sent',
        residentsReached: Number(people?.reached ?? 0),
        residents: Number(people?.residents ?? 0),
      },
      failures: [...grouped.values()].sort((a, b) => b.count - a.count),
      costCents,
      done: totals.queued + totals.waiting + totals.sending === 0,
      nextRelease: people?.nextRelease ? new Date(people.nextRelease).toISOString() : null,
      at: new Date().toISOString(),
    };
  });
}

/** What a resident was sent by this tenant, newest first; reading it is a personal-data access and audited. */
export async function residentDeliveries(
  deps: AppDeps,
  tenantId: string,
  residentId: string,
  page: { page: number; pageSize: number },
  actor?: Actor,
): Promise<ResidentDeliveriesPage> {
  const pageSize = Math.min(100, Math.max(1, page.pageSize));
  const pageNo = Math.max(1, page.page);
  return deps.db.withTenant(tenantId, async (tx) => {
    const where = and(eq(deliveries.tenantId, tenantId), eq(deliveries.residentId, residentId));
    const [{ total }] = await tx.select({ total: sql<number>`count(*)::int` }).from(deliveries).where(where);
    const rows = await tx
      .select({
        id: deliveries.id,
        messageId: deliveries.messageId,
        subject: messages.subject,
        text: messages.text,
        kind: messages.kind,
        channel: deliveries.channel,
        status: deliveries.status,
        heldUntil: deliveries.heldUntil,
        createdAt: deliveries.createdAt,
        sentAt: deliveries.sentAt,
        deliveredAt: deliveries.deliveredAt,
      })
      .from(deliveries)
      .innerJoin(messages, and(eq(messages.tenantId, deliveries.tenantId), eq(messages.id, deliveries.messageId)))
      .where(where)
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(pageSize)
      .offset((pageNo - 1) * pageSize);
    if (actor)
      await recordAudit(tx, tenantId, actor, {
        action: 'resident.deliveries_viewed',
        objectType: 'resident',
        objectId: residentId,
        details: { page: pageNo, count: rows.length },
      });
    const now = Date.now();
    return {
      items: rows.map((r) => ({
        id: r.id,
        messageId: r.messageId,
        title: r.subject?.trim() || firstLine(r.text),
        kind: r.kind,
        channel: r.channel,
        status: r.status,
        waiting: r.status === 'queued' && !!r.heldUntil && r.heldUntil.getTime() > now,
        createdAt: r.createdAt.toISOString(),
        sentAt: r.sentAt?.toISOString() ?? null,
        deliveredAt: r.deliveredAt?.toISOString() ?? null,
      })),
      total: Number(total),
      page: pageNo,
      pageSize,
    };
  });
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line.trim();
}
