// Writing side of the threader: a new conversation (routed, assigned in turn, with its deadlines), and a resolved or
// waiting conversation opened again by a new message.
import { sql } from 'drizzle-orm';
import type { InboxEvent } from '../../../common/contracts/inbox.ts';
import type { OpeningHours } from '../../../common/opening-hours.ts';
import { t } from '../../i18n/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { itemTime } from './conversations.repository.ts';
import { computeDeadlines } from './deadlines.ts';
import { notifyStaff, staffRecipients } from './notifications.service.ts';
import { pickAssignee, routeDepartment } from './routing.ts';
import type { Contact, Match } from './threading.match.ts';
import type { InboundRow } from './threading.ts';

/** What the threader does once the transaction committed. */
export interface ThreadEffects {
  after: Array<() => Promise<void>>;
  events: InboxEvent[];
  /** Part of a flood: nobody is (re)assigned or notified for this message. */
  throttled: boolean;
}

interface DepartmentRow {
  id: string;
  name: string;
  openingHours: OpeningHours | null;
  firstResponseHours: number | null;
  resolutionHours: number | null;
}

async function department(tx: Tx, id: string | null): Promise<DepartmentRow | null> {
  if (!id) return null;
  const [d] = await queryRows<DepartmentRow>(
    tx,
    sql`select id, name, opening_hours as "openingHours", first_response_hours as "firstResponseHours", resolution_hours as "resolutionHours"
          from departments where id = ${id}`,
  );
  return d ?? null;
}

/** A subject for the list: the e-mail's or form's, else the start of the text on one line. */
export function subjectOf(row: Pick<InboundRow, 'subject' | 'text'>): string {
  const own = row.subject?.trim();
  if (own) return own.slice(0, 200);
  const line = row.text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** An event of the threader, at the moment it happened: after the message it followed (which keeps its arrival time). */
async function eventItem(tx: Tx, tenantId: string, conversationId: string, event: Record<string, unknown>) {
  await tx.execute(
    sql`insert into conversation_items (tenant_id, conversation_id, kind, event, created_at)
        values (${tenantId}, ${conversationId}, 'event', ${JSON.stringify(event)}::jsonb, ${itemTime(conversationId)})`,
  );
}

/**
 * A new conversation for the message: routed by the rules, given to the next available member in turn (and told so),
 * with deadlines from the message's arrival. A keyword-only conversation is created resolved: it asks nothing.
 */
export async function createConversation(
  deps: AppDeps,
  tx: Tx,
  tenant: TenantRow,
  row: InboundRow,
  contact: Contact,
  match: Match,
  opts: { resolved: boolean },
  fx: ThreadEffects,
): Promise<string> {
  const departmentId = await routeDepartment(tx, { channel: row.channel, text: row.text, topic: match.topic, language: contact.language });
  const dept = await department(tx, departmentId);
  const assigneeId = opts.resolved || fx.throttled ? null : await pickAssignee(tx, departmentId);
  const due = opts.resolved ? null : computeDeadlines(tenant, dept, row.receivedAt);
  const at = row.receivedAt.toISOString();
  const [c] = await queryRows<{ id: string }>(
    tx,
    sql`insert into conversations (tenant_id, contact_kind, resident_id, contact_hash, contact_enc, contact_name_enc, channel, subject, language,
                                   topic, answers_message_id, department_id, assignee_id, status, first_inbound_at, last_inbound_at, last_activity_at,
                                   first_response_due_at, resolution_due_at, next_due_at, resolved_at)
        values (${tenant.id}, ${contact.kind}, ${contact.residentId}, ${contact.hash}, ${contact.enc}, ${contact.nameEnc}, ${row.channel},
                ${subjectOf(row)}, ${contact.language}, ${match.topic}, ${match.answersMessageId}, ${departmentId}, ${assigneeId},
                ${opts.resolved ? 'resolved' : 'open'}, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz,
                ${due?.firstResponseDueAt.toISOString() ?? null}::timestamptz, ${due?.resolutionDueAt.toISOString() ?? null}::timestamptz,
                ${due?.firstResponseDueAt.toISOString() ?? null}::timestamptz, ${opts.resolved ? sql`now()` : null})
        returning id`,
  );
  await eventItem(tx, tenant.id, c.id, { type: 'routed', departmentId, departmentName: dept?.name ?? null });
  if (assigneeId) {
    await eventItem(tx, tenant.id, c.id, { type: 'assigned', assigneeId, by: 'round-robin' });
    const locale = (await staffRecipients(tx, tenant.id, [assigneeId])).get(assigneeId)?.locale ?? 'de';
    const text = t(locale, 'inbox.notice.newAssigned', { department: dept?.name ?? '' });
    fx.after.push(await notifyStaff(deps, tx, tenant.id, [{ userId: assigneeId, kind: 'assigned', conversationId: c.id, text }]));
  }
  return c.id;
}

/** A new message reopens a resolved or waiting conversation: open again, with a new first-response deadline from now. */
export async function reopenIfNeeded(deps: AppDeps, tx: Tx, tenant: TenantRow, conversationId: string) {
  const [c] = await queryRows<{ status: string; departmentId: string | null }>(
    tx,
    sql`select status, department_id as "departmentId" from conversations where id = ${conversationId} for update`,
  );
  if (!c || (c.status !== 'resolved' && c.status !== 'waiting')) return;
  const due = computeDeadlines(tenant, await department(tx, c.departmentId), new Date());
  await tx.execute(
    sql`update conversations set status = 'open', resolved_at = null, first_response_due_at = ${due.firstResponseDueAt.toISOString()}::timestamptz,
               resolution_due_at = ${due.resolutionDueAt.toISOString()}::timestamptz, next_due_at = ${due.firstResponseDueAt.toISOString()}::timestamptz,
               reminded_at = null, escalated_at = null, updated_at = now()
         where id = ${conversationId}`,
  );
  await eventItem(tx, tenant.id, conversationId, { type: 'status', from: c.status, to: 'open', reason: 'inbound' });
  deps.log.debug({ tenant: tenant.slug }, 'conversation reopened by a new message');
}
