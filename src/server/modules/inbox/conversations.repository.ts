// SQL for working conversations. Every function takes the tenant's transaction (RLS on every inbox table) and still
// names tenant_id where an index starts with it. Status lists of the partial indexes are written as literals, so the
// planner can prove `status in ('open', 'waiting')` and use conversations_due_idx / conversations_assignee_idx.
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { ConversationStatus } from '../../../common/states.ts';
import { queryRows, queryRowsPrepared, type Tx } from '../../platform/db/client.ts';
import { firstRow } from '../../platform/first-row.ts';
import { updateStamped } from '../../platform/stamped-update.ts';
import {
  conversationAttachments,
  conversationItems,
  conversations,
  departments,
  memberships,
  staffNotifications,
  staffUsers,
} from '../../platform/db/schema.ts';

export type ConversationRow = typeof conversations.$inferSelect;
export type ItemRow = typeof conversationItems.$inferSelect;

/** Adds text to a conversation's German search vector (subject and every entry): call in the transaction that adds the text. */
export async function appendSearch(tx: Tx, conversationId: string, text: string): Promise<void> {
  if (!text.trim()) return;
  await tx.execute(sql`update conversations set search = coalesce(search, ''::tsvector) || to_tsvector('german', ${text}) where id = ${conversationId}`);
}

/** The list's cut: a named view plus filters; `userId` is whoever asks (for "mine"). */
export interface ListFilter {
  view: 'all' | 'mine' | 'unassigned' | 'unanswered' | 'overdue';
  status?: ConversationStatus | 'active';
  departmentId?: string;
  assigneeId?: string;
  channel?: string;
  tag?: string;
  residentId?: string;
  q?: string;
}

/** Keyset position: the next deadline (null sorts last), the last activity and the id of the last row shown. */
export interface ListCursor {
  d: string | null;
  a: string;
  id: string;
}

const ACTIVE = sql.raw(`c.status in ('open', 'waiting')`);

function where(tenantId: string, userId: string, f: ListFilter): SQL[] {
  const w: SQL[] = [sql`c.tenant_id = ${tenantId}`];
  if (f.view === 'mine') w.push(sql`c.assignee_id = ${userId}`, ACTIVE);
  if (f.view === 'unassigned') w.push(sql`c.assignee_id is null`, ACTIVE);
  if (f.view === 'unanswered') w.push(sql.raw(`c.status = 'open'`));
  if (f.view === 'overdue') w.push(ACTIVE, sql`c.next_due_at < now()`);
  if (f.status === 'active') w.push(ACTIVE);
  else if (f.status) w.push(sql`c.status = ${f.status}`);
  if (f.departmentId) w.push(sql`c.department_id = ${f.departmentId}`);
  if (f.assigneeId) w.push(sql`c.assignee_id = ${f.assigneeId}`);
  if (f.channel) w.push(sql`c.channel = ${f.channel}`);
  if (f.tag) w.push(sql`c.tags @> ${JSON.stringify([f.tag])}::jsonb`);
  if (f.residentId) w.push(sql`c.resident_id = ${f.residentId}`);
  // through the function of migration 0020: it lets the GIN index answer under row-level security
  if (f.q) w.push(sql`c.id in (select civicast_conversation_search(${f.q}))`);
  return w;
}

// the columns a summary shows, not c.*: the search vector alone grows with every entry and is never shown
const SUMMARY_COLUMNS = sql.raw(`c.tenant_id, c.id, c.contact_kind, c.resident_id, c.contact_enc, c.contact_name_enc, c.channel, c.subject,
  c.language, c.topic, c.department_id, c.assignee_id, c.status, c.tags, c.inbound_count, c.first_inbound_at, c.last_inbound_at,
  c.last_activity_at, c.first_response_due_at, c.resolution_due_at, c.next_due_at, c.first_responded_at, c.resolved_at,
  c.merged_into, c.contact_hash, d.name as department_name, u.name as assignee_name,
  (select i.body from conversation_items i where i.tenant_id = c.tenant_id and i.conversation_id = c.id and i.kind = 'inbound'
    order by i.created_at desc limit 1) as preview,
  (case when c.status in ('open', 'waiting') then c.next_due_at end)::text as cursor_due, c.last_activity_at::text as cursor_activity`);

export interface SummaryRow {
  tenant_id: string;
  id: string;
  contact_kind: 'resident' | 'phone' | 'email';
  resident_id: string | null;
  contact_enc: string | null;
  contact_name_enc: string | null;
  channel: 'sms' | 'email' | 'push' | 'portal';
  subject: string;
  language: string | null;
  topic: string | null;
  department_id: string | null;
  department_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  status: ConversationStatus;
  tags: string[];
  inbound_count: number;
  first_inbound_at: Date | string;
  last_inbound_at: Date | string;
  last_activity_at: Date | string;
  first_response_due_at: Date | string | null;
  resolution_due_at: Date | string | null;
  next_due_at: Date | string | null;
  first_responded_at: Date | string | null;
  resolved_at: Date | string | null;
  merged_into: string | null;
  contact_hash: string | null;
  preview: string | null;
  cursor_due: string | null;
  cursor_activity: string;
}

/** A page row with the list's total (counted up to the cap) beside it. */
export interface PageRow extends SummaryRow {
  total: number;
}

const FROM = sql.raw(`conversations c
  left join departments d on d.tenant_id = c.tenant_id and d.id = c.department_id
  left join staff_users u on u.id = c.assignee_id`);

/** How many match, up to `cap`: the scan stops at the cap (an index-only scan on a vacuumed table). */
function countUpTo(tenantId: string, userId: string, f: ListFilter, cap: number): SQL {
  return sql`select count(*)::int as n from (select 1 from conversations c where ${sql.join(where(tenantId, userId, f), sql` and `)} limit ${cap}) t`;
}

/**
 * One page of the list. Overdue: by deadline only (oldest first), which conversations_due_idx (ending in the id)
 * answers in order for a department, stopping after the page. The other views: active conversations by their next
 * deadline (none last), then all others by their last activity. The cursor names the last row's deadline (null for
 * rows without one or not active), activity and id. With `countCap`, every row carries `total`: the count is an
 * uncorrelated subquery, run once and only when the page has a row, in the page's round trip.
 */
export function listQuery(tenantId: string, userId: string, f: ListFilter, limit: number, after: ListCursor | null, countCap?: number): SQL {
  const w = where(tenantId, userId, f);
  const total = countCap === undefined ? sql`` : sql`, (${countUpTo(tenantId, userId, f, countCap)}) as total`;
  const select = (conditions: SQL[], order: string, withTotal = true) =>
    sql`select ${SUMMARY_COLUMNS}${withTotal ? total : sql``} from ${FROM} where ${sql.join(conditions, sql` and `)} order by ${sql.raw(order)} limit ${limit}`;
  if (f.view === 'overdue') {
    if (after) w.push(sql`(c.next_due_at, c.id) > (${after.d}::timestamptz, ${after.id}::uuid)`);
    return select(w, 'c.next_due_at, c.id');
  }
  const later = after ? sql`(c.last_activity_at, c.id) < (${after.a}::timestamptz, ${after.id}::uuid)` : null;
  const byDeadline = 'c.next_due_at asc nulls last, c.last_activity_at desc, c.id desc';
  const keyset = (a: ListCursor, l: SQL) =>
    a.d === null
      ? sql`(c.next_due_at is null and ${l})`
      : sql`(c.next_due_at > ${a.d}::timestamptz or c.next_due_at is null or (c.next_due_at = ${a.d}::timestamptz and ${l}))`;
  // active lists only: the partial indexes (department or assignee, then deadline) give this order nearly for free
  const activeOnly = f.view !== 'all' || f.status === 'active' || f.status === 'open' || f.status === 'waiting';
  if (activeOnly) return select(after && later ? [...w, keyset(after, later)] : w, byDeadline);
  // resolved or closed ones have no deadline: by last activity (conversations_activity_idx)
  const undated = [...w, sql.raw(`not (c.status in ('open', 'waiting') and c.next_due_at is not null)`), ...(after?.d === null && later ? [later] : [])];
  if (after?.d === null || f.status === 'resolved' || f.status === 'closed') return select(undated, 'c.last_activity_at desc, c.id desc');
  const second = select(undated, 'c.last_activity_at desc, c.id desc', false);
  const dated = [...w, ACTIVE, sql`c.next_due_at is not null`];
  if (after && later) dated.push(sql`(c.next_due_at > ${after.d}::timestamptz or (c.next_due_at = ${after.d}::timestamptz and ${later}))`);
  // everything: the active ones by deadline, then the rest by activity, each branch cut to a page first, so the outer
  // sort (which keeps the order whatever the plan) sees two pages at most and a million resolved ones are never sorted
  return sql`select *${total} from ((${select(dated, 'c.next_due_at, c.last_activity_at desc, c.id desc', false)}) union all (${second})) u
    order by u.cursor_due is null, u.next_due_at, u.last_activity_at desc, u.id desc limit ${limit}`;
}

/** One page, each row with the total counted up to `cap` (an exact count over a million rows is not worth its cost). */
export async function listConversations(tx: Tx, tenantId: string, userId: string, f: ListFilter, limit: number, after: ListCursor | null, cap: number) {
  return queryRowsPrepared<PageRow>(tx, 'civicast_conversation_list', listQuery(tenantId, userId, f, limit, after, cap));
}

/** How many match, counted up to `cap` only (for a page past the end, which has no row to carry it). */
export async function countConversations(tx: Tx, tenantId: string, userId: string, f: ListFilter, cap: number): Promise<number> {
  const [row] = await queryRows<{ n: number }>(tx, sql`${countUpTo(tenantId, userId, f, cap)}`);
  return row?.n ?? 0;
}

export async function findSummary(tx: Tx, tenantId: string, id: string): Promise<SummaryRow | undefined> {
  const [row] = await queryRows<SummaryRow>(tx, sql`select ${SUMMARY_COLUMNS} from ${FROM} where c.tenant_id = ${tenantId} and c.id = ${id}`);
  return row;
}

/** The conversation locked for a change (two colleagues acting at once wait for each other). */
export async function lockConversation(tx: Tx, id: string): Promise<ConversationRow | undefined> {
  return firstRow(tx.select().from(conversations).where(eq(conversations.id, id)).for('update'));
}

export async function updateConversation(tx: Tx, id: string, patch: Partial<typeof conversations.$inferInsert>) {
  await updateStamped(tx, conversations, id, patch);
}

export interface ItemView extends ItemRow {
  authorName: string | null;
  deliveryStatus: string | null;
}

/** The entries in order, with their authors' names and, for replies, the status of what the engine sent. */
export async function listItems(tx: Tx, conversationId: string): Promise<ItemView[]> {
  const rows = await tx
    .select({
      item: conversationItems,
      authorName: staffUsers.name,
      deliveryStatus: sql<string | null>`(select d.status from deliveries d where d.tenant_id = ${conversationItems.tenantId}
        and d.message_id = ${conversationItems.sentMessageId} order by d.created_at desc limit 1)`,
    })
    .from(conversationItems)
    .leftJoin(staffUsers, eq(staffUsers.id, conversationItems.authorId))
    .where(eq(conversationItems.conversationId, conversationId))
    .orderBy(asc(conversationItems.createdAt), asc(conversationItems.id));
  return rows.map((r) => ({ ...r.item, authorName: r.authorName, deliveryStatus: r.deliveryStatus }));
}

export async function listAttachmentInfo(tx: Tx, conversationId: string) {
  return tx
    .select({
      id: conversationAttachments.id,
      itemId: conversationAttachments.itemId,
      fileName: conversationAttachments.fileName,
      contentType: conversationAttachments.contentType,
      size: conversationAttachments.size,
    })
    .from(conversationAttachments)
    .where(eq(conversationAttachments.conversationId, conversationId));
}

export async function findAttachment(tx: Tx, conversationId: string, id: string) {
  return firstRow(
    tx
      .select()
      .from(conversationAttachments)
      .where(and(eq(conversationAttachments.conversationId, conversationId), eq(conversationAttachments.id, id))),
  );
}

/**
 * When an item written now goes in its conversation: the moment of the insert, never before an item already there. The
 * transaction's now() gave items of one transaction the same time, and PGlite's clock can repeat within a millisecond,
 * so the timeline (created_at, id) showed them in random order.
 */
export const itemTime = (conversationId: string): SQL =>
  sql`greatest(clock_timestamp(), ${new Date().toISOString()}::timestamptz,
               (select max(created_at) + interval '1 microsecond' from conversation_items where conversation_id = ${conversationId}))`;

export async function insertItem(tx: Tx, values: typeof conversationItems.$inferInsert): Promise<ItemRow> {
  const [row] = await tx
    .insert(conversationItems)
    .values({ createdAt: itemTime(values.conversationId), ...values })
    .returning();
  return row;
}

/** A reply by someone else written after the entry the writer saw last (a crossing reply), if any. */
export async function replyAfter(tx: Tx, conversationId: string, seenItemId: string | undefined, userId: string): Promise<ItemRow | undefined> {
  const seen = seenItemId
    ? sql`and created_at > coalesce((select created_at from conversation_items where conversation_id = ${conversationId} and id = ${seenItemId}), '-infinity')`
    : sql``;
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`select id from conversation_items where conversation_id = ${conversationId} and kind = 'reply'
      and author_id is distinct from ${userId} ${seen} order by created_at desc limit 1`,
  );
  if (!row) return undefined;
  const [item] = await tx.select().from(conversationItems).where(eq(conversationItems.id, row.id));
  return item;
}

/** The Message-IDs of the conversation's e-mails, oldest first (for References), and the last inbound one's. */
export async function emailThread(tx: Tx, conversationId: string) {
  return queryRows<{ email_message_id: string; kind: string }>(
    tx,
    sql`select email_message_id, kind from conversation_items where conversation_id = ${conversationId}
      and email_message_id is not null order by created_at, id`,
  );
}

/** The delivery the engine made for a message (the id is in an e-mail's Message-ID). */
export async function deliveryOf(tx: Tx, messageId: string) {
  const [row] = await queryRows<{ id: string }>(tx, sql`select id from deliveries where message_id = ${messageId} limit 1`);
  return row?.id ?? null;
}

/** Which of these users are staff of this municipality, with their names and e-mail addresses. */
export async function members(tx: Tx, userIds: string[]) {
  if (!userIds.length) return [];
  return tx
    .select({ userId: memberships.userId, name: staffUsers.name, email: staffUsers.email, departmentId: memberships.departmentId })
    .from(memberships)
    .innerJoin(staffUsers, eq(staffUsers.id, memberships.userId))
    .where(sql`${memberships.userId} = any(${sql.param(userIds)}::uuid[])`);
}

export async function findDepartment(tx: Tx, id: string) {
  return firstRow(tx.select().from(departments).where(eq(departments.id, id)));
}

/** Other conversations of the same resident (or the same unknown sender). */
export async function related(tx: Tx, c: { id: string; residentId: string | null; contactHash: string | null }) {
  if (!c.residentId && !c.contactHash) return [];
  const who = c.residentId ? sql`resident_id = ${c.residentId}` : sql`contact_hash = ${c.contactHash}`;
  return queryRows<{ id: string; subject: string; status: ConversationStatus; last_activity_at: Date | string }>(
    tx,
    sql`select id, subject, status, last_activity_at from conversations where ${who} and id <> ${c.id}
      order by last_activity_at desc limit 20`,
  );
}

/** Moves every entry and attachment of `fromId` to `intoId` and adds the source's search vector to the target's. */
export async function moveInto(tx: Tx, fromId: string, intoId: string) {
  await tx.execute(sql`update conversation_items set conversation_id = ${intoId} where conversation_id = ${fromId}`);
  await tx.execute(sql`update conversation_attachments set conversation_id = ${intoId} where conversation_id = ${fromId}`);
  await tx.execute(sql`update inbound_messages set conversation_id = ${intoId} where conversation_id = ${fromId}`);
  await tx.execute(sql`update conversations t set search = coalesce(t.search, ''::tsvector) || coalesce(s.search, ''::tsvector),
      inbound_count = t.inbound_count + s.inbound_count,
      first_inbound_at = least(t.first_inbound_at, s.first_inbound_at), last_inbound_at = greatest(t.last_inbound_at, s.last_inbound_at),
      last_activity_at = now(), updated_at = now()
    from conversations s where t.id = ${intoId} and s.id = ${fromId}`);
}

/** Active conversations per assignee (the "mine" count of every person at once, for the stream). */
export async function countsByAssignee(tx: Tx, tenantId: string) {
  return queryRows<{ assignee_id: string; n: number }>(
    tx,
    sql`select assignee_id, count(*)::int as n from conversations
      where tenant_id = ${tenantId} and status in ('open', 'waiting') and assignee_id is not null group by assignee_id`,
  );
}

/** The four numbers of the overview, in one statement. */
export async function counts(tx: Tx, tenantId: string, userId: string | null) {
  const [row] = await queryRows<{ unanswered: number; overdue: number; mine: number; unassigned: number }>(
    tx,
    sql`select count(*) filter (where status = 'open')::int as unanswered,
        count(*) filter (where next_due_at < now())::int as overdue,
        count(*) filter (where assignee_id = ${userId})::int as mine,
        count(*) filter (where assignee_id is null)::int as unassigned
      from conversations where tenant_id = ${tenantId} and status in ('open', 'waiting')`,
  );
  return row ?? { unanswered: 0, overdue: 0, mine: 0, unassigned: 0 };
}

export async function listNotifications(tx: Tx, userId: string, limit: number) {
  const items = await tx
    .select()
    .from(staffNotifications)
    .where(eq(staffNotifications.userId, userId))
    .orderBy(sql`${staffNotifications.createdAt} desc`)
    .limit(limit);
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from staff_notifications where user_id = ${userId} and read_at is null`);
  return { items, unread: row?.n ?? 0 };
}

export async function markNotificationsRead(tx: Tx, userId: string, ids: string[] | undefined) {
  const only = ids ? sql`and id = any(${sql.param(ids)}::uuid[])` : sql``;
  await tx.execute(sql`update staff_notifications set read_at = now() where user_id = ${userId} and read_at is null ${only}`);
}
