// Rows → the contract's shapes. Contacts are sealed at rest: they are opened here, for staff with inbox.read only
// (the routes that call this require it), and a resident's name comes from the resident record this tenant follows.
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ConversationItem, ConversationSummary, staffNotification } from '../../../common/contracts/inbox.ts';
import { unseal } from '../../platform/auth/crypto.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import type { staffNotifications } from '../../platform/db/schema.ts';
import { isoOf, isoOrNull } from '../../platform/db/timestamps.ts';
import { isOverdue } from '../../platform/overdue.ts';
import type { ItemView, SummaryRow } from './conversations.repository.ts';

interface ResidentContact {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
}

const iso = isoOrNull;
const PREVIEW_LENGTH = 140;

/** Residents behind these conversations, opened (only residents who follow this tenant: the tenant wall of follows). */
export async function loadResidents(tx: Tx, key: Buffer, ids: Array<string | null>): Promise<Map<string, ResidentContact>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const out = new Map<string, ResidentContact>();
  if (!wanted.length) return out;
  const rows = await queryRows<{ id: string; name_enc: string | null; phone_enc: string | null; email_enc: string | null }>(
    tx,
    sql`select r.id, r.name_enc, r.phone_enc, r.email_enc from residents r
      where r.id = any(${sql.param(wanted)}::uuid[]) and exists (select 1 from follows f where f.resident_id = r.id)`,
  );
  for (const r of rows) out.set(r.id, { id: r.id, name: unseal(key, r.name_enc), phone: unseal(key, r.phone_enc), email: unseal(key, r.email_enc) });
  return out;
}

/** Where a reply can go: the sender's own address first, then what the resident record holds. */
export function replyTargets(row: Pick<SummaryRow, 'channel' | 'contact_enc'>, key: Buffer, resident: ResidentContact | undefined) {
  const own = unseal(key, row.contact_enc);
  const phone = own?.startsWith('+') ? own : (resident?.phone ?? null);
  const email = own?.includes('@') ? own : (resident?.email ?? null);
  return { phone, email, own };
}

/** The channels a reply can take, the one the conversation came in on first (the contact form is answered by e-mail). */
export function replyChannels(channel: SummaryRow['channel'], t: { phone: string | null; email: string | null }): Array<'sms' | 'email'> {
  const first: 'sms' | 'email' = channel === 'sms' ? 'sms' : 'email';
  const order: Array<'sms' | 'email'> = first === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  return order.filter((c) => (c === 'sms' ? !!t.phone : !!t.email));
}

export function presentSummary(row: SummaryRow, key: Buffer, residents: Map<string, ResidentContact>): ConversationSummary {
  const resident = row.resident_id ? residents.get(row.resident_id) : undefined;
  const targets = replyTargets(row, key, resident);
  const preview = (row.preview ?? '').replace(/\s+/g, ' ').trim();
  return {
    id: row.id,
    status: row.status,
    channel: row.channel,
    subject: row.subject,
    preview: preview.length > PREVIEW_LENGTH ? `${preview.slice(0, PREVIEW_LENGTH - 1)}…` : preview,
    contact: {
      kind: row.contact_kind,
      residentId: row.resident_id,
      name: unseal(key, row.contact_name_enc) ?? resident?.name ?? null,
      address: targets.own ?? (row.channel === 'sms' ? targets.phone : targets.email) ?? targets.phone ?? targets.email,
      replyChannels: replyChannels(row.channel, targets),
    },
    departmentId: row.department_id,
    departmentName: row.department_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    tags: row.tags ?? [],
    topic: row.topic,
    language: row.language,
    inboundCount: row.inbound_count,
    firstInboundAt: isoOf(row.first_inbound_at),
    lastInboundAt: isoOf(row.last_inbound_at),
    lastActivityAt: isoOf(row.last_activity_at),
    firstResponseDueAt: iso(row.first_response_due_at),
    resolutionDueAt: iso(row.resolution_due_at),
    nextDueAt: iso(row.next_due_at),
    overdue: isOverdue(row.status === 'open' || row.status === 'waiting', iso(row.next_due_at)),
    firstRespondedAt: iso(row.first_responded_at),
    resolvedAt: iso(row.resolved_at),
    mergedInto: row.merged_into,
  };
}

export function presentItem(
  item: ItemView,
  attachments: Array<{ id: string; itemId: string | null; fileName: string; contentType: string; size: number }>,
): ConversationItem {
  return {
    id: item.id,
    kind: item.kind,
    channel: item.channel,
    authorId: item.authorId,
    authorName: item.authorName,
    subject: item.subject,
    body: item.body,
    html: item.html,
    mentions: item.mentions ?? [],
    event: item.event ?? null,
    attachments: attachments.filter((a) => a.itemId === item.id).map(({ id, fileName, contentType, size }) => ({ id, fileName, contentType, size })),
    deliveryStatus: item.deliveryStatus,
    createdAt: item.createdAt.toISOString(),
  };
}

/** One of a staff member's notifications, as their list shows it. */
export function presentNotification(n: typeof staffNotifications.$inferSelect): z.input<typeof staffNotification> {
  return {
    id: n.id,
    kind: n.kind,
    conversationId: n.conversationId,
    text: n.text,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}
