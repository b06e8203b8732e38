// Follow-up: one click sends the message again, on another channel, to the residents it did not reach (all their
// deliveries failed, expired or were never confirmed) who consented to that channel and have an address on it.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FollowUpResult } from '../../../common/contracts/delivery-progress.ts';
import type { Channel } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { resolveAudience } from '../geo/index.ts';
import type { EngineSendInput } from './delivery.schemas.ts';
import { acceptSend, normalizePhone } from './delivery.service.ts';

const emailSchema = z.email();

/** The follow-up's content for its channel; without it the first message's content is sent again. */
export interface FollowUpContent {
  subject?: string;
  text: string;
  html?: string;
  smsText?: string;
  url?: string;
}

/** Residents of these messages not reached: nothing delivered (or handed off, on a channel without receipts), nothing pending. */
export async function unreachedResidents(deps: AppDeps, tenantId: string, messageIds: string[]): Promise<string[]> {
  const ids = sql.param([...new Set(messageIds)]);
  const rows = await deps.db.withTenant(tenantId, (tx) =>
    queryRows<{ residentId: string }>(
      tx,
      sql`with receipts as (select distinct channel from deliveries where message_id = any(${ids}::uuid[]) and status = 'delivered')
          select resident_id as "residentId" from deliveries d
           where message_id = any(${ids}::uuid[]) and resident_id is not null
           group by resident_id
          having not bool_or(status in ('queued', 'sending'))
             and not bool_or(status = 'delivered' or (status = 'sent' and channel not in (select channel from receipts)))`,
    ),
  );
  return rows.map((r) => r.residentId);
}

export async function followUp(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  messageIds: string[],
  channel: Channel,
  content?: FollowUpContent,
): Promise<FollowUpResult> {
  if (!messageIds.length) throw invalid('/messageIds', 'name at least one message', 'too_few');
  const [first] = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{
      kind: string;
      subject: string | null;
      text: string;
      html: string | null;
      smsText: string | null;
      url: string | null;
      campaignId: string | null;
    }>(
      tx,
      // campaign_id is read through to_jsonb: the column belongs to the messages module's migration
      sql`select kind, subject, text, html, sms_text as "smsText", url, to_jsonb(m) ->> 'campaign_id' as "campaignId"
            from messages m where id = any(${sql.param(messageIds)}::uuid[]) order by created_at limit 1`,
    ),
  );
  if (!first) throw notFound('This message');
  if (first.kind === 'transactional' || first.kind === 'test') throw invalid('/messageIds', 'only messages and warnings can be followed up', 'not_allowed');
  const unreached = await unreachedResidents(deps, tenant.id, messageIds);
  if (!unreached.length) return { messageId: null, unreached: 0, recipients: 0, withoutChannel: 0 };
  const warning = first.kind === 'warning';
  const { recipients } = await resolveAudience(deps, tenant.id, { channels: [channel], residentIds: unreached, warning });
  const seen = new Set<string>();
  const send: EngineSendInput['recipients'] = [];
  const reached = new Set<string>();
  for (const r of recipients) {
    const addresses =
      channel === 'sms' ? [normalizePhone(r.sms ?? '')] : channel === 'email' ? [emailSchema.safeParse(r.email?.toLowerCase()).data] : (r.push ?? []);
    for (const a of addresses) {
      if (!a || seen.has(a)) continue;
      seen.add(a);
      reached.add(r.residentId);
      send.push({ [channel]: a, residentId: r.residentId, language: r.language });
    }
  }
  const withoutChannel = unreached.length - reached.size;
  if (!send.length) return { messageId: null, unreached: unreached.length, recipients: 0, withoutChannel };
  const c = content ?? {
    subject: first.subject ?? undefined,
    text: first.text,
    html: first.html ?? undefined,
    smsText: first.smsText ?? undefined,
    url: first.url ?? undefined,
  };
  const accepted = await acceptSend(
    deps,
    actor,
    tenant,
    {
      kind: warning ? 'warning' : 'message',
      ...c,
      ...(first.campaignId ? { campaignId: first.campaignId } : {}),
      recipients: send,
    },
    { skipLimit: true, audit: { followUpOf: messageIds, channel, unreached: unreached.length } },
  );
  return { messageId: accepted.id, unreached: unreached.length, recipients: reached.size, withoutChannel };
}
