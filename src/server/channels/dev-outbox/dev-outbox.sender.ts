// The dev outbox as a channel adapter: stores what would have left, and confirms delivery at once,
// so statuses, receipts and metrics behave as with a real provider.
// Staff read the outbox, so a message with a code or a link is stored as staff may see it (masked); the original,
// as the recipient's phone or mailbox would hold it, is kept sealed with the installation key (see modules/outbox).
import { analyzeSms } from '../../../common/sms/segments.ts';
import { encryptSecret } from '../../platform/auth/crypto.ts';
import { devOutbox } from '../../platform/db/schema.ts';
import type { ProviderRecord, SenderContext } from '../registry.ts';
import type { ChannelSender, OutgoingMessage, PushTarget, SendResult } from '../types.ts';

export function createDevOutboxSender(provider: ProviderRecord, ctx: SenderContext): ChannelSender {
  return {
    kind: provider.channel,
    providerId: provider.id,
    concurrency: 20,
    receipts: true,
    async send(msg: OutgoingMessage): Promise<SendResult> {
      const recipient = typeof msg.to === 'string' ? msg.to : (msg.to as PushTarget).endpoint;
      const sms = msg.channel === 'sms' ? analyzeSms(msg.text) : undefined;
      const shown = msg.shown ?? { subject: msg.subject, text: msg.text, html: msg.html };
      const sealed = msg.shown ? encryptSecret(ctx.config.secretKey, JSON.stringify({ subject: msg.subject, text: msg.text, html: msg.html })) : null;
      const [row] = await ctx.db.withTenant(msg.tenantId, (tx) =>
        tx
          .insert(devOutbox)
          .values({
            tenantId: msg.tenantId,
            channel: msg.channel,
            recipient,
            subject: shown.subject ?? null,
            bodyText: shown.text,
            bodyHtml: shown.html ?? null,
            sealed,
            meta: {
              deliveryId: msg.deliveryId,
              from: msg.from,
              replyTo: msg.replyTo,
              headers: msg.headers,
              urgency: msg.urgency,
              url: msg.url,
              parts: sms?.segments,
              encoding: sms?.encoding,
              // staff see that an invitation carried a calendar entry (and which kind), not the entry itself
              ...(msg.calendar ? { calendar: msg.calendar.method } : {}),
            },
          })
          .returning({ id: devOutbox.id }),
      );
      const providerMessageId = row.id;
      // a real provider confirms later; the outbox confirms right after the hand-off
      setImmediate(() => {
        ctx.events
          .receipt({ providerId: provider.id, providerMessageId, status: 'delivered', at: new Date() })
          .catch((err) => ctx.log.error({ err }, 'dev outbox receipt failed'));
      });
      return { ok: true, providerMessageId, parts: sms?.segments };
    },
    async close() {},
  };
}
