// Working a conversation: list and read (audited), reply through the delivery engine, notes with mentions, claim,
// assign, status, tags, merge. Each change checks, writes, audits and adds its event entry in one tenant transaction;
// mails and live events go out after the commit.
import type { z } from 'zod';
import {
  CONVERSATION_TOTAL_CAP,
  type assignInput,
  type ConversationDetail,
  type ConversationItem,
  type conversationListQuery,
  type conversationPatch,
  type InboxCounts,
  type mergeInput,
  type noteInput,
  type replyInput,
} from '../../../common/contracts/inbox.ts';
import { analyzeSms } from '../../../common/sms/segments.ts';
import type { ConversationStatus } from '../../../common/states.ts';
import { asLocale, t } from '../../i18n/index.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend, type PreparedSend, writeTransactional } from '../delivery/index.ts';
import { loadResidents, presentItem, presentNotification, presentSummary, replyTargets } from './conversations.present.ts';
import * as repo from './conversations.repository.ts';
import { computeDeadlines } from './deadlines.ts';
import { publishInbox } from './inbox.events.ts';
import { notifyStaff } from './notifications.service.ts';

type ListQuery = z.output<typeof conversationListQuery>;
export interface Who {
  tenant: TenantRow;
  userId: string;
}

/** A total above this is reported as this: counting a million rows for a number nobody reads exactly is waste. */
export const TOTAL_CAP = CONVERSATION_TOTAL_CAP;

const encodeCursor = (c: repo.ListCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(value: string | undefined): repo.ListCursor | null {
  if (!value) return null;
  try {
    const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as repo.ListCursor;
    if (typeof c.a === 'string' && typeof c.id === 'string' && (c.d === null || typeof c.d === 'string') && !Number.isNaN(Date.parse(c.a))) return c;
  } catch {}
  throw invalid('/querystring/cursor', 'is not a cursor this list gave out');
}

async function summaries(deps: AppDeps, tx: Tx, rows: repo.SummaryRow[]) {
  const residents = await loadResidents(
    tx,
    deps.config.secretKey,
    rows.map((r) => r.resident_id),
  );
  return rows.map((r) => presentSummary(r, deps.config.secretKey, residents));
}

async function summaryOf(deps: AppDeps, tx: Tx, tenantId: string, id: string) {
  const row = await repo.findSummary(tx, tenantId, id);
  if (!row) throw notFound('This conversation');
  return (await summaries(deps, tx, [row]))[0];
}

export async function listConversations(deps: AppDeps, who: Who, query: ListQuery) {
  const { cursor, limit, ...filter } = query;
  const after = decodeCursor(cursor);
  return deps.db.withTenant(who.tenant.id, async (tx) => {
    // the total comes with the page (one statement); only a page past the end has no row to carry it
    const rows = await repo.listConversations(tx, who.tenant.id, who.userId, filter, limit + 1, after, TOTAL_CAP);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last ? encodeCursor({ d: last.cursor_due, a: last.cursor_activity, id: last.id }) : null;
    const total = rows[0]?.total ?? (after ? await repo.countConversations(tx, who.tenant.id, who.userId, filter, TOTAL_CAP) : 0);
    return { items: await summaries(deps, tx, page), next, total };
  });
}

/** The whole conversation; every view of it is in the audit log (it holds personal data). */
export async function getConversation(deps: AppDeps, actor: Actor, who: Who, id: string): Promise<ConversationDetail> {
  return deps.db.withTenant(who.tenant.id, async (tx) => {
    const row = await repo.findSummary(tx, who.tenant.id, id);
    if (!row) throw notFound('This conversation');
    const [summary] = await summaries(deps, tx, [row]);
    const [items, attachments, related] = [
      await repo.listItems(tx, id),
      await repo.listAttachmentInfo(tx, id),
      await repo.related(tx, { id, residentId: row.resident_id, contactHash: row.contact_hash }),
    ];
    await recordAudit(tx, who.tenant.id, actor, { action: 'conversation.viewed', objectType: 'conversation', objectId: id });
    return {
      ...summary,
      items: items.map((i) => presentItem(i, attachments)),
      related: related.map((r) => ({ id: r.id, subject: r.subject, status: r.status, lastActivityAt: new Date(r.last_activity_at).toISOString() })),
    };
  });
}

export async function getAttachment(deps: AppDeps, actor: Actor, who: Who, id: string, attachmentId: string) {
  return deps.db.withTenant(who.tenant.id, async (tx) => {
    const row = await repo.findAttachment(tx, id, attachmentId);
    if (!row) throw notFound('This attachment');
    await recordAudit(tx, who.tenant.id, actor, {
      action: 'conversation.attachment_viewed',
      objectType: 'conversation',
      objectId: id,
      details: { attachmentId },
    });
    return row;
  });
}

async function lockOpen(tx: Tx, id: string, allowClosed = false) {
  const row = await repo.lockConversation(tx, id);
  if (!row) throw notFound('This conversation');
  if (row.status === 'closed' && !allowClosed) throw new AppError('conflict', 'This conversation is closed (archived) and can no longer be changed.');
  return row;
}

const event = (tx: Tx, c: { tenantId: string; id: string }, authorId: string | null, body: Record<string, unknown>) =>
  repo.insertItem(tx, { tenantId: c.tenantId, conversationId: c.id, kind: 'event', authorId, event: body });

/** After the commit: the mails go to the engine's queue and the consoles hear of the change. */
async function afterCommit(
  deps: AppDeps,
  tenantId: string,
  c: repo.ConversationRow,
  items: Array<{ id: string; kind: string }>,
  sends: Array<Pick<PreparedSend, 'batches'> | null>,
) {
  for (const s of sends) if (s) await enqueueSend(deps, s);
  for (const i of items) publishInbox(tenantId, { type: 'item', conversationId: c.id, itemId: i.id, kind: i.kind });
  publishInbox(tenantId, { type: 'conversation', id: c.id, status: c.status, assigneeId: c.assigneeId, departmentId: c.departmentId });
}

const angle = (id: string) => `<${id.replace(/^<|>$/g, '')}>`;

/** Headers that make the reply a follow-up of the resident's last e-mail in their mail program. */
async function threadHeaders(tx: Tx, conversationId: string): Promise<Record<string, string> | undefined> {
  const thread = await repo.emailThread(tx, conversationId);
  const lastInbound = thread.filter((m) => m.kind === 'inbound').at(-1);
  if (!lastInbound) return undefined;
  // References: the chain up to the message answered (RFC 5322 §3.6.4); long chains keep the first and the newest
  const ids = thread.map((m) => angle(m.email_message_id));
  const refs = ids.length > 10 ? [ids[0], ...ids.slice(-9)] : ids;
  return { 'In-Reply-To': angle(lastInbound.email_message_id), References: refs.join(' ') };
}

function replySubject(tenant: TenantRow, subject: string) {
  const locale = asLocale(tenant.locale);
  if (!subject.trim()) return t(locale, 'inbox.reply.noSubject', { tenant: tenant.name });
  return /^(re|aw|antw):/i.test(subject.trim()) ? subject.trim() : t(locale, 'inbox.reply.subject', { subject: subject.trim() });
}

/** Reply to the contact over the channel it came from (or the one chosen), through the delivery engine. */
export async function replyToConversation(deps: AppDeps, actor: Actor, who: Who, id: string, input: z.output<typeof replyInput>): Promise<ConversationItem> {
  const { tenant, userId } = who;
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const c = await lockOpen(tx, id);
    if (input.lastSeenItemId && !input.force) {
      const crossing = await repo.replyAfter(tx, id, input.lastSeenItemId, userId);
      if (crossing)
        throw new AppError('reply_crossed', 'A colleague replied after the newest entry you saw. Read it, then send with force if yours is still needed.', [], {
          itemId: crossing.id,
          authorId: crossing.authorId,
        });
    }
    const residents = await loadResidents(tx, deps.config.secretKey, [c.residentId]);
    const targets = replyTargets(
      { channel: c.channel, contact_enc: c.contactEnc },
      deps.config.secretKey,
      c.residentId ? residents.get(c.residentId) : undefined,
    );
    const channel = input.channel ?? (c.channel === 'sms' ? 'sms' : c.channel === 'push' && !targets.email ? 'sms' : 'email');
    const to = channel === 'sms' ? targets.phone : targets.email;
    if (!to) throw invalid('/body/channel', `this contact has no ${channel === 'sms' ? 'phone number' : 'e-mail address'} to reply to`, 'no_address');
    if (channel === 'sms') {
      const parts = analyzeSms(input.body).segments;
      if (parts > tenant.smsMaxParts)
        throw invalid('/body/body', `is ${parts} SMS parts long; this municipality allows ${tenant.smsMaxParts}`, 'too_many_sms_parts', {
          parts,
          max: tenant.smsMaxParts,
        });
    }
    const subject = channel === 'email' ? replySubject(tenant, c.subject) : undefined;
    const headers = channel === 'email' ? await threadHeaders(tx, id) : undefined;
    const prepared = await writeTransactional(deps, tx, tenant.id, actor, { channel, to, subject, text: input.body, headers });
    if (!prepared) throw invalid('/body/channel', 'this address bounced repeatedly and is marked invalid; choose another channel', 'suppressed');
    const deliveryId = channel === 'email' ? await repo.deliveryOf(tx, prepared.id) : null;
    const domain = deps.config.delivery.emailFrom.slice(deps.config.delivery.emailFrom.lastIndexOf('@') + 1);
    const item = await repo.insertItem(tx, {
      tenantId: tenant.id,
      conversationId: id,
      kind: 'reply',
      channel,
      authorId: userId,
      sentMessageId: prepared.id,
      subject: subject ?? null,
      body: input.body,
      // the engine's Message-ID is <deliveryId@sender domain> (smtp.sender.ts): the resident's answer refers to it
      emailMessageId: deliveryId ? `${deliveryId}@${domain}` : null,
    });
    await repo.appendSearch(tx, id, input.body);
    const status: ConversationStatus = input.status ?? 'waiting';
    const now = new Date();
    const first = !c.firstRespondedAt;
    const patch = {
      status,
      lastActivityAt: now,
      ...(first ? { firstRespondedAt: now } : {}),
      nextDueAt: status === 'resolved' ? null : c.resolutionDueAt,
      ...(status === 'resolved' ? { resolvedAt: now } : {}),
    };
    await repo.updateConversation(tx, id, patch);
    const items = [item];
    if (status === 'resolved' && c.status !== 'resolved') items.push(await event(tx, c, userId, { type: 'status', from: c.status, to: status }));
    await recordAudit(tx, tenant.id, actor, {
      action: 'conversation.replied',
      objectType: 'conversation',
      objectId: id,
      details: { channel, itemId: item.id },
    });
    const [view] = (await repo.listItems(tx, id)).filter((i) => i.id === item.id);
    return { c: { ...c, ...patch }, item: presentItem(view, []), items, prepared };
  });
  await afterCommit(deps, tenant.id, done.c, done.items, [done.prepared]);
  return done.item;
}

/** An internal note; the staff it mentions get a notification (in the console and by e-mail). */
export async function addNote(deps: AppDeps, actor: Actor, who: Who, id: string, input: z.output<typeof noteInput>): Promise<ConversationItem> {
  const { tenant, userId } = who;
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const c = await lockOpen(tx, id, true);
    const mentions = [...new Set(input.mentions)];
    const found = await repo.members(tx, mentions);
    const strangers = mentions.filter((m) => !found.some((f) => f.userId === m));
    if (strangers.length) throw invalid('/body/mentions', `${strangers.length} mentioned person(s) are not staff of this municipality`, 'not_member');
    const item = await repo.insertItem(tx, { tenantId: tenant.id, conversationId: id, kind: 'note', authorId: userId, body: input.body, mentions });
    await repo.appendSearch(tx, id, input.body);
    await repo.updateConversation(tx, id, { lastActivityAt: new Date() });
    const [me] = await repo.members(tx, [userId]);
    const text = (to: string) => t('de', 'inbox.notice.mention', { actor: me?.name || me?.email || '', subject: c.subject || '…', to });
    const after = await notifyStaff(
      deps,
      tx,
      tenant.id,
      mentions.filter((m) => m !== userId).map((m) => ({ userId: m, kind: 'mention' as const, conversationId: id, text: text(m) })),
    );
    await recordAudit(tx, tenant.id, actor, {
      action: 'conversation.noted',
      objectType: 'conversation',
      objectId: id,
      details: { itemId: item.id, mentions: mentions.length },
    });
    const [view] = (await repo.listItems(tx, id)).filter((i) => i.id === item.id);
    return { c, item: presentItem(view, []), after };
  });
  await done.after();
  await afterCommit(deps, tenant.id, done.c, [{ id: done.item.id, kind: 'note' }], []);
  return done.item;
}

/** Assign to a department and/or a person; the person must be staff here, and a conversation always keeps a department. */
export async function assignConversation(deps: AppDeps, actor: Actor, who: Who, id: string, input: z.output<typeof assignInput> & { claim?: boolean }) {
  const { tenant, userId } = who;
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const c = await lockOpen(tx, id);
    let departmentId = c.departmentId;
    if (input.departmentId !== undefined) {
      if (input.departmentId === null) throw invalid('/body/departmentId', 'a conversation always belongs to a department', 'required');
      if (!(await repo.findDepartment(tx, input.departmentId))) throw invalid('/body/departmentId', 'is not a department of this municipality', 'not_found');
      departmentId = input.departmentId;
    }
    let assigneeId = c.assigneeId;
    if (input.assigneeId !== undefined) assigneeId = input.assigneeId;
    else if (input.departmentId !== undefined && departmentId !== c.departmentId) assigneeId = null; // a new department: its people take it
    let assignee: { name: string; email: string } | undefined;
    if (assigneeId) {
      [assignee] = await repo.members(tx, [assigneeId]);
      if (!assignee) throw invalid('/body/assigneeId', 'is not staff of this municipality', 'not_member');
    }
    const patch = { departmentId, assigneeId, lastActivityAt: new Date() };
    await repo.updateConversation(tx, id, patch);
    const type = input.claim ? 'claimed' : 'assigned';
    const item = await event(tx, c, userId, { type, departmentId, assigneeId, previousAssigneeId: c.assigneeId, previousDepartmentId: c.departmentId });
    let after = async () => {};
    if (assigneeId && assigneeId !== userId && assigneeId !== c.assigneeId) {
      const [me] = await repo.members(tx, [userId]);
      after = await notifyStaff(deps, tx, tenant.id, [
        {
          userId: assigneeId,
          kind: 'assigned',
          conversationId: id,
          text: t('de', 'inbox.notice.assigned', { actor: me?.name || me?.email || '', subject: c.subject || '…' }),
        },
      ]);
    }
    await recordAudit(tx, tenant.id, actor, {
      action: input.claim ? 'conversation.claimed' : 'conversation.assigned',
      objectType: 'conversation',
      objectId: id,
      details: { departmentId, assigneeId },
    });
    return { c: { ...c, ...patch }, item, after, summary: await summaryOf(deps, tx, tenant.id, id) };
  });
  await done.after();
  await afterCommit(deps, tenant.id, done.c, [done.item], []);
  return done.summary;
}

/** Status, tags, subject. Resolving ends the deadlines; reopening starts a new first-response deadline from now. */
export async function patchConversation(deps: AppDeps, actor: Actor, who: Who, id: string, input: z.output<typeof conversationPatch>) {
  if (!Object.keys(input).length) throw new AppError('bad_request', 'Send at least one field to change (status, tags, subject).');
  const { tenant, userId } = who;
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    const c = await lockOpen(tx, id, input.status !== undefined && input.status !== 'closed');
    if (c.mergedInto && input.status && input.status !== 'closed') throw new AppError('conflict', 'This conversation was merged into another one; work there.');
    const now = new Date();
    const patch: Partial<repo.ConversationRow> = { lastActivityAt: now };
    const items = [];
    if (input.tags) patch.tags = [...new Set(input.tags)];
    if (input.subject) {
      patch.subject = input.subject;
      await repo.appendSearch(tx, id, input.subject);
    }
    if (input.status && input.status !== c.status) {
      patch.status = input.status;
      if (input.status === 'resolved' || input.status === 'closed') {
        patch.nextDueAt = null;
        if (input.status === 'resolved' || !c.resolvedAt) patch.resolvedAt = now;
      } else if (c.status === 'resolved' || c.status === 'closed' || input.status === 'open') {
        // reopened: answered again from now, as if the resident had just written
        const department = c.departmentId ? await repo.findDepartment(tx, c.departmentId) : undefined;
        const due = computeDeadlines(tenant, department ?? null, now);
        Object.assign(patch, {
          firstResponseDueAt: due.firstResponseDueAt,
          resolutionDueAt: due.resolutionDueAt,
          nextDueAt: input.status === 'open' ? due.firstResponseDueAt : due.resolutionDueAt,
          firstRespondedAt: input.status === 'open' ? null : c.firstRespondedAt,
          resolvedAt: null,
          // new deadlines: their reminder and escalation come again (computeDeadlines' rule)
          remindedAt: null,
          escalatedAt: null,
        });
      }
      items.push(await event(tx, c, userId, { type: 'status', from: c.status, to: input.status }));
    }
    await repo.updateConversation(tx, id, patch);
    await recordAudit(tx, tenant.id, actor, {
      action: 'conversation.updated',
      objectType: 'conversation',
      objectId: id,
      details: { fields: Object.keys(input), ...(input.status ? { status: input.status } : {}) },
    });
    return { c: { ...c, ...patch }, items, summary: await summaryOf(deps, tx, tenant.id, id) };
  });
  await afterCommit(deps, tenant.id, done.c, done.items, []);
  return done.summary;
}

/** Merge `id` into `intoId`: both of one resident (or one sender); the entries move, the source is closed. */
export async function mergeConversation(deps: AppDeps, actor: Actor, who: Who, id: string, input: z.output<typeof mergeInput>) {
  const { tenant, userId } = who;
  const done = await deps.db.withTenant(tenant.id, async (tx) => {
    // lock in id order: two merges of the same pair in opposite directions cannot deadlock
    const [first, second] = [id, input.intoId].sort();
    const a = await lockOpen(tx, first);
    if (input.intoId === id) throw invalid('/body/intoId', 'a conversation cannot be merged into itself', 'same');
    const b = await lockOpen(tx, second);
    const [source, target] = a.id === id ? [a, b] : [b, a];
    const same =
      (source.residentId && source.residentId === target.residentId) ||
      (!source.residentId && !target.residentId && source.contactHash && source.contactHash === target.contactHash);
    if (!same) throw new AppError('conflict', 'Only conversations with the same resident or sender can be merged.');
    await repo.moveInto(tx, id, input.intoId);
    const now = new Date();
    await repo.updateConversation(tx, id, { status: 'closed', mergedInto: input.intoId, nextDueAt: null, lastActivityAt: now, search: null });
    // written after the move, so the source keeps its own event: what someone who opens the old link sees
    const items = [
      await event(tx, source, userId, { type: 'merged', intoId: input.intoId }),
      await event(tx, target, userId, { type: 'merged', fromId: id, subject: source.subject }),
    ];
    // a resolved target takes over the open source's state and deadlines: the resident still waits for an answer
    const active = (s: ConversationStatus) => s === 'open' || s === 'waiting';
    if (active(source.status) && !active(target.status)) {
      const { status, firstResponseDueAt, resolutionDueAt, nextDueAt, firstRespondedAt } = source;
      await repo.updateConversation(tx, target.id, { status, firstResponseDueAt, resolutionDueAt, nextDueAt, firstRespondedAt, resolvedAt: null });
    }
    await recordAudit(tx, tenant.id, actor, { action: 'conversation.merged', objectType: 'conversation', objectId: input.intoId, details: { fromId: id } });
    return { source: { ...source, status: 'closed' as const }, target, items, summary: await summaryOf(deps, tx, tenant.id, input.intoId) };
  });
  await afterCommit(deps, tenant.id, done.source, [done.items[0]], []);
  await afterCommit(deps, tenant.id, { ...done.target, status: done.summary.status }, [done.items[1]], []);
  return done.summary;
}

/** 404 unless the conversation exists in this tenant (presence heartbeats name one). */
export async function assertConversation(deps: AppDeps, who: Who, id: string) {
  const row = await deps.db.withTenant(who.tenant.id, (tx) => repo.findSummary(tx, who.tenant.id, id));
  if (!row) throw notFound('This conversation');
}

export async function inboxCounts(deps: AppDeps, who: Who): Promise<InboxCounts> {
  return deps.db.withTenant(who.tenant.id, (tx) => repo.counts(tx, who.tenant.id, who.userId));
}

export async function listNotifications(deps: AppDeps, who: Who) {
  const { items, unread } = await deps.db.withTenant(who.tenant.id, (tx) => repo.listNotifications(tx, who.userId, 100));
  return { items: items.map(presentNotification), unread };
}

export async function markNotificationsRead(deps: AppDeps, who: Who, ids: string[] | undefined) {
  await deps.db.withTenant(who.tenant.id, (tx) => repo.markNotificationsRead(tx, who.userId, ids));
}
