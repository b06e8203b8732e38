// The inbox (Posteingang) as the staff API takes and answers it: conversations and their entries, replies, notes,
// claim and assignment, status, tags, merge; routing rules, deadlines and business hours, canned responses, staff
// notifications, figures. Shared by server (route schemas) and console (types, form validation).
import { z } from 'zod';
import {
  ASSIGNMENT_MODES,
  CONTACT_KINDS,
  CONVERSATION_ITEM_KINDS,
  CONVERSATION_STATUSES,
  FEDERAL_STATES,
  INBOUND_CHANNELS,
  STAFF_NOTIFICATION_KINDS,
} from '../states.ts';
import { counts, cursorPageOf, cursorQuery, itemsOf, searchText, storedFile, timestamp } from './common.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'is a time "HH:MM"');
const span = z.tuple([hhmm, hhmm]).refine(([from, to]) => from < to, 'ends before it starts');
const day = z.array(span).max(4);
export const openingHoursInput = z.strictObject({ '0': day, '1': day, '2': day, '3': day, '4': day, '5': day, '6': day });

const tag = z.string().trim().min(1).max(40);

/** The contact: a known resident (name shown), or an unknown sender's number or address. Masked for roles without inbox.read. */
export const conversationContact = z.object({
  kind: z.enum(CONTACT_KINDS),
  residentId: z.uuid().nullable(),
  /** The resident's name, or the name given on the contact form. */
  name: z.string().nullable(),
  /** Phone number (E.164) or e-mail address. */
  address: z.string().nullable(),
  /** Channels staff can answer on: the one it came from first. */
  replyChannels: z.array(z.enum(['sms', 'email'])),
});

/** A conversation in a list: no message bodies beyond a short preview. */
export const conversationSummary = z.object({
  id: z.uuid(),
  status: z.enum(CONVERSATION_STATUSES),
  channel: z.enum(INBOUND_CHANNELS),
  subject: z.string(),
  preview: z.string(),
  contact: conversationContact,
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  tags: z.array(z.string()),
  topic: z.string().nullable(),
  language: z.string().nullable(),
  inboundCount: z.number().int(),
  firstInboundAt: timestamp,
  lastInboundAt: timestamp,
  lastActivityAt: timestamp,
  firstResponseDueAt: timestamp.nullable(),
  resolutionDueAt: timestamp.nullable(),
  /** The deadline that counts now; null when none (resolved, closed). */
  nextDueAt: timestamp.nullable(),
  overdue: z.boolean(),
  firstRespondedAt: timestamp.nullable(),
  resolvedAt: timestamp.nullable(),
  mergedInto: z.uuid().nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

/** A list's `total` is counted up to this many (counting walks every matching row); the console says "more than". */
export const CONVERSATION_TOTAL_CAP = 1_000;

export const conversationList = cursorPageOf(conversationSummary).extend({ total: z.number().int() });

/** Filters of the list; `view` is the named list the overview links to. */
export const conversationListQuery = z.strictObject({
  view: z.enum(['all', 'mine', 'unassigned', 'unanswered', 'overdue']).default('all'),
  status: z
    .enum([...CONVERSATION_STATUSES, 'active'])
    .optional()
    .describe('active = open or waiting'),
  departmentId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
  channel: z.enum(INBOUND_CHANNELS).optional(),
  tag: tag.optional(),
  residentId: z.uuid().optional(),
  /** Full-text search (German configuration) over subjects and every entry. */
  q: searchText.optional(),
  ...cursorQuery,
});
export type ConversationListQuery = z.input<typeof conversationListQuery>;

export const attachmentInfo = storedFile;

export const conversationItem = z.object({
  id: z.uuid(),
  kind: z.enum(CONVERSATION_ITEM_KINDS),
  channel: z.enum(INBOUND_CHANNELS).nullable(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string(),
  /** Sanitised HTML of an inbound e-mail (scripts, event handlers, remote images removed); show in a sandboxed frame. */
  html: z.string().nullable(),
  mentions: z.array(z.uuid()),
  event: z.record(z.string(), z.unknown()).nullable(),
  attachments: z.array(attachmentInfo),
  /** For a reply: the delivery status of what was sent (queued … delivered, failed). */
  deliveryStatus: z.string().nullable(),
  createdAt: timestamp,
});
export type ConversationItem = z.infer<typeof conversationItem>;

export const conversationDetail = conversationSummary.extend({
  items: z.array(conversationItem),
  /** Other conversations of the same resident (for merging and context). */
  related: z.array(z.object({ id: z.uuid(), subject: z.string(), status: z.enum(CONVERSATION_STATUSES), lastActivityAt: timestamp })),
});
export type ConversationDetail = z.infer<typeof conversationDetail>;

export const replyInput = z.strictObject({
  body: z.string().trim().min(1, 'write a reply').max(10_000),
  /** Default: the channel the conversation came from (portal contact form: e-mail). */
  channel: z.enum(['sms', 'email']).optional(),
  /** Status after the reply: waiting for the resident (default), or resolved. */
  status: z.enum(['waiting', 'resolved', 'open']).optional(),
  /** The newest entry the writer saw: a reply that would cross a colleague's newer reply is refused with 409 `reply_crossed` unless `force`. */
  lastSeenItemId: z.uuid().optional(),
  force: z.boolean().optional(),
});
export type ReplyInput = z.input<typeof replyInput>;

/** A note for colleagues only; `mentions`: staff of this municipality to notify (the console inserts "@Name" in the text). */
export const noteInput = z.strictObject({
  body: z.string().trim().min(1, 'write a note').max(10_000),
  mentions: z.array(z.uuid()).max(20).default([]),
});

/** Assign: to a department (person cleared) or a person (of that department or none); `claim` takes it oneself. */
export const assignInput = z.strictObject({
  departmentId: z.uuid().nullable().optional(),
  assigneeId: z.uuid().nullable().optional(),
});

export const conversationPatch = z.strictObject({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  tags: z.array(tag).max(20).optional(),
  subject: z.string().trim().min(1).max(200).optional(),
});

export const mergeInput = z.strictObject({ intoId: z.uuid() });

/** Presence: who is viewing and who is typing on one conversation (sent as heartbeats; shown live over SSE). */
export const presenceInput = z.strictObject({ typing: z.boolean().default(false) });
export const presence = z.object({ viewers: z.array(z.object({ userId: z.uuid(), name: z.string(), typing: z.boolean() })) });

/** `unanswered`: open conversations without a first response. */
export const inboxCounts = z.object(counts('unanswered', 'overdue', 'mine', 'unassigned'));
export type InboxCounts = z.infer<typeof inboxCounts>;

export const inboxRule = z.object({
  id: z.uuid(),
  position: z.number().int(),
  channel: z.enum(INBOUND_CHANNELS).nullable(),
  keyword: z.string().nullable(),
  topic: z.string().nullable(),
  language: z.string().nullable(),
  departmentId: z.uuid(),
});
export type InboxRule = z.infer<typeof inboxRule>;
export const inboxRuleInput = z.strictObject({
  channel: z.enum(INBOUND_CHANNELS).nullable().optional(),
  /** Matches when the message's first word is this keyword (case-insensitive). */
  keyword: z.string().trim().min(1).max(40).nullable().optional(),
  topic: z.string().trim().min(1).max(60).nullable().optional(),
  language: z.string().trim().min(2).max(10).nullable().optional(),
  departmentId: z.uuid(),
});
/** The whole ordered list at once (first match wins). */
export const inboxRulesInput = z.strictObject({ rules: z.array(inboxRuleInput).max(100) });
export const inboxRuleList = itemsOf(inboxRule);

export const inboxSettings = z.object({
  federalState: z.enum(FEDERAL_STATES),
  openingHours: openingHoursInput,
  firstResponseHours: z.number().int(),
  resolutionHours: z.number().int(),
  reminderMinutes: z.number().int(),
  retentionDays: z.number().int(),
});
/** The deadlines a municipality sets, and a department may set otherwise. */
const firstResponseHours = z.number().int().min(1).max(2000);
const resolutionHours = z.number().int().min(1).max(10_000);
export const inboxSettingsPatch = z
  .strictObject({
    federalState: z.enum(FEDERAL_STATES),
    openingHours: openingHoursInput,
    firstResponseHours,
    resolutionHours,
    reminderMinutes: z.number().int().min(0).max(10_000),
    retentionDays: z.number().int().min(30).max(3650),
  })
  .partial();

/** A department's inbox settings: null fields take the municipality's. */
export const departmentInbox = z.object({
  id: z.uuid(),
  name: z.string(),
  openingHours: openingHoursInput.nullable(),
  firstResponseHours: z.number().int().nullable(),
  resolutionHours: z.number().int().nullable(),
  leadUserId: z.uuid().nullable(),
  assignment: z.enum(ASSIGNMENT_MODES),
  members: z.array(z.object({ userId: z.uuid(), name: z.string(), available: z.boolean() })),
});
export const departmentInboxList = itemsOf(departmentInbox);
export const departmentInboxPatch = z
  .strictObject({
    openingHours: openingHoursInput.nullable(),
    firstResponseHours: firstResponseHours.nullable(),
    resolutionHours: resolutionHours.nullable(),
    leadUserId: z.uuid().nullable(),
    assignment: z.enum(ASSIGNMENT_MODES),
  })
  .partial();

/** One's own availability for round-robin in a municipality. */
export const availabilityInput = z.strictObject({ available: z.boolean() });

export const cannedResponse = z.object({ id: z.uuid(), title: z.string(), body: z.string(), updatedAt: timestamp });
export type CannedResponse = z.infer<typeof cannedResponse>;
export const cannedResponseList = itemsOf(cannedResponse);
/** Variables: {{name}}, {{gemeinde}}, {{betreff}}, {{mitarbeiter}}. */
export const cannedResponseInput = z.strictObject({ title: z.string().trim().min(1).max(120), body: z.string().trim().min(1).max(5000) });
export const CANNED_VARIABLES = ['name', 'gemeinde', 'betreff', 'mitarbeiter'] as const;

export const staffNotification = z.object({
  id: z.uuid(),
  kind: z.enum(STAFF_NOTIFICATION_KINDS),
  conversationId: z.uuid().nullable(),
  text: z.string(),
  readAt: timestamp.nullable(),
  createdAt: timestamp,
});
export const staffNotificationList = z.object({ items: z.array(staffNotification), unread: z.number().int() });

/** Figures over a period, per group (department, person, channel) and for the whole municipality. */
export const inboxFiguresQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  groupBy: z.enum(['department', 'assignee', 'channel']).default('department'),
});
const figureRow = z.object({
  key: z.string().nullable(),
  label: z.string(),
  conversations: z.number().int(),
  /** Median minutes from the first inbound message to the first response (wall-clock). */
  medianFirstResponseMinutes: z.number().nullable(),
  /** Share of first responses sent within the deadline, 0..1; null when none was due. */
  withinDeadlineShare: z.number().nullable(),
  open: z.number().int(),
  overdue: z.number().int(),
});
export const inboxFigures = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  total: figureRow,
  rows: z.array(figureRow),
  /** Per day: open and overdue at the end of the day. */
  series: z.array(z.object({ date: z.iso.date(), open: z.number().int(), overdue: z.number().int() })),
});
export type InboxFigures = z.infer<typeof inboxFigures>;

/** Live events on the inbox stream (server-sent events). */
export type InboxEvent =
  | { type: 'conversation'; id: string; status: string; assigneeId: string | null; departmentId: string | null }
  | { type: 'item'; conversationId: string; itemId: string; kind: string }
  | { type: 'presence'; conversationId: string; viewers: Array<{ userId: string; name: string; typing: boolean }> }
  | { type: 'counts'; counts: InboxCounts };
