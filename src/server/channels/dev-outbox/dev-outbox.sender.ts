// The dev outbox as a channel adapter: stores what would have left, and confirms delivery at once,
// so statuses, receipts and metrics behave as with a real provider.
import { devOutbox } from '../../platform/db/schema.ts';
import { analyzeSms } from '../../../common/sms/segments.ts';
import type { SenderContext } from '../registry.ts';
import type { ChannelSender, OutgoingMessage, PushTarget, SendResult } from '../types.ts';
import type { ProviderRecord } from '../registry.ts';

export function createDevOutboxSender(provider: ProviderRecord, ctx: SenderContext): ChannelSender {
  return {
    kind: provider.channel,
    providerId: provider.id,
    concurrency: 20,
    async send(msg: OutgoingMessage): Promise<SendResult> {
      const recipient = typeof msg.to === 'string' ? msg.to : (msg.to as PushTarget).endpoint;
      const parts = msg.channel === 'sms' ? analyzeSms(msg.text).segments : undefined;
      const [row] = await ctx.db.system
        .insert(devOutbox)
        .values({
          tenantId: msg.tenantId,
          channel: msg.channel,
          recipient,
          subject: msg.subject ?? null,
          bodyText: msg.text,
          bodyHtml: msg.html ?? null,
          meta: { deliveryId: msg.deliveryId, from: msg.from, replyTo: msg.replyTo, headers: msg.headers, urgency: msg.urgency, url: msg.url, parts, encoding: msg.channel === 'sms' ? analyzeSms(msg.text).encoding : undefined },
        })
        .returning({ id: devOutbox.id });
      const providerMessageId = row.id;
      // a real provider confirms later; the outbox confirms right after the hand-off
      setImmediate(() => {
        ctx.events.receipt({ providerId: provider.id, providerMessageId, status: 'delivered', at: new Date() }).catch((err) => ctx.log.error({ err }, 'dev outbox receipt failed'));
      });
      return { ok: true, providerMessageId, parts };
    },
    async close() {},
  };
}
