// The threader: every inbound message (reply by SMS or e-mail, contact form) becomes an entry of one conversation.
// Unthreaded rows of inbound_messages are its work queue, so rows stored before the inbox existed are threaded too.
// Each message is threaded in its own tenant transaction, which locks the row (skip locked: two workers never take
// the same one) and writes the entry unique per inbound message, so a retried batch creates nothing twice.
import { sql } from 'drizzle-orm';
import type { InboundChannel } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { handlePollReply } from '../surveys/index.ts';
import { findTenantById } from '../tenants/index.ts';
import { appendSearch } from './conversations.repository.ts';
import { publishInbox } from './inbox.events.ts';
import { actOnKeyword, keywordOf } from './keywords.ts';
import { contactOf, findConversation, latestConversation } from './threading.match.ts';
import { inboxMetrics } from './threading.metrics.ts';
import { createConversation, reopenIfNeeded, type ThreadEffects } from './threading.write.ts';

export interface InboundRow {
  id: string;
  tenantId: string;
  channel: InboundChannel;
  sender: string;
  subject: string | null;
  text: string;
  deliveryId: string | null;
  raw: Record<string, unknown>;
  receivedAt: Date;
}

/** An SMS flood: past this many messages from one sender within the window, no more reassigning or notifying per message. */
export const FLOOD_LIMIT = 20;
export const FLOOD_WINDOW_MINUTES = 10;

/**
 * Threads waiting messages, oldest first, `limit` per round until none is left; returns how many were threaded.
 * A message that fails is logged and left for the next run, and skipped for the rest of this one.
 */
export async function threadPending(deps: AppDeps, limit = 200): Promise<number> {
  const failed: string[] = [];
  const tenants = new Map<string, TenantRow | undefined>();
  let threaded = 0;
  for (;;) {
    // the queue crosses tenants by design: find the waiting rows over the owner connection, then lock and write each
    // one in its tenant's transaction (a lock held here would block that transaction's own update of the row)
    const waiting = await queryRows<{ id: string; tenantId: string }>(
      deps.db.system,
      sql`select id, tenant_id as "tenantId" from inbound_messages
           where conversation_id is null and tenant_id is not null and not (id = any(${sql.param(failed)}::uuid[]))
           order by created_at, received_at limit ${limit}`,
    );
    if (!waiting.length) return threaded;
    for (const w of waiting) {
      if (!tenants.has(w.tenantId)) tenants.set(w.tenantId, await findTenantById(deps.db, w.tenantId));
      const tenant = tenants.get(w.tenantId);
      try {
        if (!tenant) throw new Error('tenant not found');
        if (await threadOne(deps, tenant, w.id)) threaded++;
        else failed.push(w.id); // another worker holds it: not ours this run
      } catch (err) {
        // one broken message must not hold up the rest; it stays in the queue and is tried again on the next run
        failed.push(w.id);
        deps.log.error({ err, tenant: w.tenantId, inbound: w.id }, 'threading an inbound message failed');
      }
    }
  }
}

/** Threads one message; false when another worker has it or it was threaded meanwhile. */
export async function threadOne(deps: AppDeps, tenant: TenantRow, inboundId: string): Promise<boolean> {
  const effects: ThreadEffects = { after: [], events: [], throttled: false };
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const [row] = await queryRows<InboundRow>(
      tx,
      sql`select id, tenant_id as "tenantId", channel, sender, subject, text, delivery_id as "deliveryId", raw, received_at as "receivedAt"
            from inbound_messages where id = ${inboundId} and conversation_id is null for update skip locked`,
    );
    if (!row) return false;
    row.receivedAt = new Date(row.receivedAt);
    await threadRow(deps, tx, tenant, row, effects);
    return true;
  });
  if (!done) return false;
  for (const fn of effects.after) await fn().catch((err) => deps.log.error({ err }, 'after threading'));
  for (const e of effects.events) publishInbox(tenant.id, e);
  if (effects.throttled) deps.log.warn({ tenant: tenant.slug, channel: 'sms' }, 'inbound flood: message threaded without reassigning or notifying');
  return true;
}

async function threadRow(deps: AppDeps, tx: Tx, tenant: TenantRow, row: InboundRow, fx: ThreadEffects) {
  // its entry exists already (a row whose link was lost, e.g. restored from a backup): link it again, add nothing
  const [done] = await queryRows<{ conversationId: string }>(
    tx,
    sql`select conversation_id as "conversationId" from conversation_items where inbound_message_id = ${row.id}`,
  );
  if (done) {
    await tx.execute(sql`update inbound_messages set conversation_id = ${done.conversationId} where id = ${row.id}`);
    return;
  }
  const contact = await contactOf(deps, tx, row);
  // one sender's messages are threaded one after the other: two workers must not each open a conversation for them
  if (contact.hash) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`inbox:${tenant.id}:${contact.hash}`}, 0))`);
  const match = await findConversation(tx, row, contact);
  const keyword = keywordOf(row.channel, row.text);
  // an SMS answer to a survey poll ("1", "ja") is counted there and, like a keyword, logged without a task
  const poll = keyword || row.channel !== 'sms' ? null : await handlePollReply(deps, tx, pollInput(tenant, row, contact));
  // a keyword is logged where the sender's last conversation is, resolved or not, rather than in one of its own
  if ((keyword || poll) && !match.conversationId) match.conversationId = await latestConversation(tx, contact);
  fx.throttled = row.channel === 'sms' && (await isFlooding(tx, row));
  if (fx.throttled) inboxMetrics(deps.registry).throttled.inc({ channel: row.channel });

  let conversationId: string;
  let keywordEvent: Record<string, unknown> | null = poll?.event ?? null;
  if (poll) fx.after.push(poll.after);
  if (keyword) {
    const outcome = await actOnKeyword(deps, tx, {
      tenantId: tenant.id,
      keyword,
      phone: row.sender,
      residentId: contact.residentId,
      language: contact.language,
      receivedAt: row.receivedAt,
    });
    fx.after.push(outcome.after);
    keywordEvent = outcome.event;
  }
  // a keyword or an automatic answer (out of office) asks nothing: it joins without reopening, or starts resolved
  const passive = Boolean(keyword || poll) || row.raw?.autoReply === true;
  if (match.conversationId) {
    conversationId = match.conversationId;
    if (!passive && !fx.throttled) await reopenIfNeeded(deps, tx, tenant, conversationId);
  } else {
    conversationId = await createConversation(deps, tx, tenant, row, contact, match, { resolved: passive }, fx);
  }
  const itemId = await appendInbound(tx, tenant.id, conversationId, row, keywordEvent, !keyword && !poll);
  await tx.execute(sql`update inbound_messages set conversation_id = ${conversationId} where id = ${row.id}`);
  fx.events.push(
    { type: 'item', conversationId, itemId, kind: keywordEvent ? 'event' : 'inbound' },
    { type: 'conversation', ...(await conversationState(tx, conversationId)) },
  );
}

const pollInput = (tenant: TenantRow, row: InboundRow, contact: { residentId: string | null; language: string | null }) => ({
  tenantId: tenant.id,
  residentId: contact.residentId,
  phone: row.sender,
  text: row.text,
  language: contact.language,
  receivedAt: row.receivedAt,
});

/** The entry for the message (an event for a keyword), its attachments, counts and search. */
async function appendInbound(
  tx: Tx,
  tenantId: string,
  conversationId: string,
  row: InboundRow,
  keywordEvent: Record<string, unknown> | null,
  counts: boolean,
): Promise<string> {
  const raw = row.raw ?? {};
  const [item] = await queryRows<{ id: string }>(
    tx,
    sql`insert into conversation_items (tenant_id, conversation_id, kind, channel, inbound_message_id, subject, body, html, email_message_id, event, created_at)
        values (${tenantId}, ${conversationId}, ${keywordEvent ? 'event' : 'inbound'}, ${row.channel}, ${row.id}, ${row.subject}, ${row.text},
                ${typeof raw.html === 'string' ? raw.html : null}, ${typeof raw.messageId === 'string' ? raw.messageId : null},
                ${keywordEvent ? JSON.stringify(keywordEvent) : null}::jsonb, ${row.receivedAt.toISOString()}::timestamptz)
        returning id`,
  );
  await tx.execute(sql`update conversation_attachments set conversation_id = ${conversationId}, item_id = ${item.id} where inbound_message_id = ${row.id}`);
  const at = row.receivedAt.toISOString();
  await tx.execute(
    sql`update conversations set
          inbound_count = inbound_count + ${counts ? 1 : 0},
          last_inbound_at = greatest(last_inbound_at, ${at}::timestamptz),
          last_activity_at = greatest(last_activity_at, ${at}::timestamptz), updated_at = now()
        where id = ${conversationId}`,
  );
  await appendSearch(tx, conversationId, [row.subject ?? '', row.text].join(' '));
  return item.id;
}

async function conversationState(tx: Tx, id: string) {
  const [c] = await queryRows<{ id: string; status: string; assigneeId: string | null; departmentId: string | null }>(
    tx,
    sql`select id, status, assignee_id as "assigneeId", department_id as "departmentId" from conversations where id = ${id}`,
  );
  return c;
}

async function isFlooding(tx: Tx, row: InboundRow): Promise<boolean> {
  const [r] = await queryRows<{ n: number }>(
    tx,
    // the row's own time from the database: a JavaScript Date would cut it to milliseconds
    sql`select count(*)::int as n from inbound_messages x, (select received_at as at from inbound_messages where id = ${row.id}) me
         where x.tenant_id = ${row.tenantId} and x.sender = ${row.sender} and x.channel = 'sms'
           and x.received_at > me.at - make_interval(mins => ${FLOOD_WINDOW_MINUTES}) and x.received_at <= me.at`,
  );
  return (r?.n ?? 0) > FLOOD_LIMIT;
}
