// Messages that reach the municipality outside the delivery channels (the portal's contact form, later comments on
// reports and surveys): stored durably as inbound messages, like a reply by SMS or e-mail, and threaded by the same
// worker, so every way in ends up in one conversation list.
import { sql } from 'drizzle-orm';
import type { InboundAttachment } from '../../channels/types.ts';
import { seal } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { emit } from '../../platform/events.ts';

export type { InboundAttachment } from '../../channels/types.ts';

export interface InboundInput {
  tenantId: string;
  channel: 'portal';
  /** An e-mail address, or `resident:<id>` for a signed-in resident. */
  sender: string;
  residentId?: string | null;
  /** The name given on the form (stored sealed). */
  name?: string | null;
  subject?: string | null;
  text: string;
  language?: string | null;
  attachments?: InboundAttachment[];
}

/** What the threader reads from `raw` of a portal message (every field optional: rows may be older). */
export interface PortalRaw {
  residentId?: string | null;
  nameEnc?: string | null;
  language?: string | null;
}

/** Stores the message and its attachments in one transaction and wakes the threader; returns the inbound message id. */
export async function recordInbound(deps: AppDeps, input: InboundInput): Promise<{ id: string }> {
  const raw: PortalRaw = {
    residentId: input.residentId ?? null,
    nameEnc: seal(deps.config.secretKey, input.name?.trim() || null),
    language: input.language ?? null,
  };
  const id = await deps.db.withTenant(input.tenantId, async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into inbound_messages (tenant_id, channel, sender, recipient, subject, text, raw, received_at)
          values (${input.tenantId}, ${input.channel}, ${input.sender.trim()}, 'portal', ${input.subject?.trim() || null}, ${input.text},
                  ${JSON.stringify(raw)}::jsonb, now())
          returning id`,
    );
    for (const a of input.attachments ?? []) {
      await tx.execute(
        sql`insert into conversation_attachments (tenant_id, inbound_message_id, file_name, content_type, size, data)
            values (${input.tenantId}, ${row.id}, ${a.fileName}, ${a.contentType}, ${a.content.length}, decode(${a.content.toString('base64')}, 'base64'))`,
      );
    }
    return row.id;
  });
  deps.log.info({ channel: input.channel, tenant: input.tenantId, attachments: input.attachments?.length ?? 0 }, 'inbound message stored');
  emit('inbox.inbound', { count: 1 });
  return { id };
}
