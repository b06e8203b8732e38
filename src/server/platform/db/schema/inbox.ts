// The inbox (issue 10): conversations with residents and unknown senders, their entries, routing rules, canned
// responses, attachments of inbound mail, and notifications for staff. Migration 0020.
import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CONTACT_KINDS, CONVERSATION_ITEM_KINDS, CONVERSATION_STATUSES, INBOUND_CHANNELS, STAFF_NOTIFICATION_KINDS } from '../../../../common/states.ts';
import { contactColumns, deadlineColumns } from './casework.ts';
import { at, bytea, createdAt, enumChecks, jsonList, storedFile, timestamps } from './columns.ts';
import { tenantTable } from './tenant-table.ts';

const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });
/**
 * One conversation with one contact. The contact's address is sealed (`contact_enc`) and found by its keyed hash
 * (`contact_hash`, as residents' numbers are); `next_due_at` is the deadline that counts now (the first response while
 * none was sent, then the resolution), so one index answers "overdue" for a department.
 */
export const conversations = tenantTable(
  'conversations',
  {
    ...contactColumns(CONTACT_KINDS),
    /** The name a sender gave on the contact form (sealed). */
    contactNameEnc: text('contact_name_enc'),
    channel: text('channel', { enum: INBOUND_CHANNELS }).notNull(),
    subject: text('subject').notNull().default(''),
    language: text('language'),
    /** The topic of the message this conversation answers, when it answers one. */
    topic: text('topic'),
    /** The staff message (messages.id of the engine) the first inbound message answered. */
    answersMessageId: uuid('answers_message_id'),
    departmentId: uuid('department_id'),
    assigneeId: uuid('assignee_id'),
    status: text('status', { enum: CONVERSATION_STATUSES }).notNull().default('open'),
    tags: jsonList('tags'),
    inboundCount: integer('inbound_count').notNull().default(0),
    firstInboundAt: at('first_inbound_at').notNull(),
    lastInboundAt: at('last_inbound_at').notNull(),
    lastActivityAt: at('last_activity_at').notNull(),
    ...deadlineColumns(),
    firstRespondedAt: at('first_responded_at'),
    resolvedAt: at('resolved_at'),
    remindedAt: at('reminded_at'),
    escalatedAt: at('escalated_at'),
    /** Set when merged into another conversation of the same resident; the merged one is closed. */
    mergedInto: uuid('merged_into'),
    /** German text search over subject and every entry's text (maintained by the service). */
    search: tsvector('search'),
    ...timestamps(),
  },
  (t) => [
    // a department's deadline list; the id (the lists' tie breaker) lets a page stop at its limit (migration 0026)
    index('conversations_due_idx').on(t.tenantId, t.departmentId, t.nextDueAt, t.id).where(sql`status in ('open', 'waiting')`),
    // the lists across departments (all, unassigned, overdue of the whole town) in deadline order
    index('conversations_open_due_idx').on(t.tenantId, t.nextDueAt).where(sql`status in ('open', 'waiting')`),
    // the figures: conversations that came in over a period, and those resolved over it
    index('conversations_first_inbound_idx').on(t.tenantId, t.firstInboundAt),
    index('conversations_resolved_idx').on(t.tenantId, sql`coalesce(${t.resolvedAt}, ${t.updatedAt})`).where(sql`status in ('resolved', 'closed')`),
    index('conversations_assignee_idx').on(t.tenantId, t.assigneeId, t.nextDueAt).where(sql`status in ('open', 'waiting')`),
    index('conversations_activity_idx').on(t.tenantId, t.lastActivityAt),
    index('conversations_contact_idx').on(t.tenantId, t.contactHash).where(sql`status in ('open', 'waiting')`),
    index('conversations_resident_idx').on(t.tenantId, t.residentId),
    index('conversations_search_idx').using('gin', t.search),
    ...enumChecks('conversations', t.contactKind, t.channel, t.status),
  ],
);

/** What happened in a conversation, in order: a message in, a reply out, an internal note, an event. */
export const conversationItems = tenantTable(
  'conversation_items',
  {
    conversationId: uuid('conversation_id').notNull(),
    kind: text('kind', { enum: CONVERSATION_ITEM_KINDS }).notNull(),
    channel: text('channel', { enum: INBOUND_CHANNELS }),
    /** Staff who wrote a reply or note, or caused an event. */
    authorId: uuid('author_id'),
    inboundMessageId: uuid('inbound_message_id'),
    /** The engine's message (messages.id) that carried a reply. */
    sentMessageId: uuid('sent_message_id'),
    subject: text('subject'),
    body: text('body').notNull().default(''),
    /** Inbound HTML after sanitising (never the original). */
    html: text('html'),
    /** E-mail Message-ID of this entry (inbound or sent), for In-Reply-To / References threading. */
    emailMessageId: text('email_message_id'),
    mentions: jsonList('mentions'),
    /** For kind 'event': what happened ({ type: 'assigned' | 'claimed' | 'status' | 'keyword' | 'merged' | …, … }). */
    event: jsonb('event').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('conversation_items_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
    uniqueIndex('conversation_items_inbound_uq').on(t.tenantId, t.inboundMessageId),
    index('conversation_items_email_idx').on(t.tenantId, t.emailMessageId).where(sql`email_message_id is not null`),
    index('conversation_items_sent_idx').on(t.tenantId, t.sentMessageId).where(sql`sent_message_id is not null`),
    ...enumChecks('conversation_items', t.kind, t.channel),
  ],
);

/** Attachments of inbound mail and contact forms: capped in size, type read from the bytes. */
export const conversationAttachments = tenantTable(
  'conversation_attachments',
  {
    /** Null until the inbox threaded the inbound message it came with (written as the message is stored). */
    conversationId: uuid('conversation_id'),
    itemId: uuid('item_id'),
    inboundMessageId: uuid('inbound_message_id'),
    ...storedFile(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('conversation_attachments_item_idx').on(t.tenantId, t.itemId),
    index('conversation_attachments_inbound_idx').on(t.inboundMessageId).where(sql`inbound_message_id is not null`),
  ],
);

/** Routing rules, first match wins by position; a null condition matches anything. */
export const inboxRules = tenantTable(
  'inbox_rules',
  {
    position: integer('position').notNull(),
    channel: text('channel', { enum: INBOUND_CHANNELS }),
    keyword: text('keyword'),
    topic: text('topic'),
    language: text('language'),
    departmentId: uuid('department_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('inbox_rules_position_idx').on(t.tenantId, t.position), ...enumChecks('inbox_rules', t.channel)],
);

/** Canned responses (Textbausteine) with {{variables}}. */
export const cannedResponses = tenantTable(
  'canned_responses',
  {
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('canned_responses_title_uq').on(t.tenantId, t.title)],
);

/** A notification for one staff member in one municipality, shown in the console and mailed through the engine. */
export const staffNotifications = tenantTable(
  'staff_notifications',
  {
    userId: uuid('user_id').notNull(),
    kind: text('kind', { enum: STAFF_NOTIFICATION_KINDS }).notNull(),
    conversationId: uuid('conversation_id'),
    /** The report it is about (reminders and escalations of reports, migration 0021). */
    reportId: uuid('report_id'),
    text: text('text').notNull(),
    readAt: at('read_at'),
    createdAt: createdAt(),
  },
  (t) => [index('staff_notifications_user_idx').on(t.tenantId, t.userId, t.createdAt), ...enumChecks('staff_notifications', t.kind)],
);
