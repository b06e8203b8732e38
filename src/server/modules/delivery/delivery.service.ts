// Accepting a send: validate every address, commit the message and one delivery per recipient × channel, then
// enqueue the batches. Once this returns, nothing is lost: the sweeper re-enqueues batches whose job went missing.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { smsNumber } from '../../../common/phone.ts';
import { analyzeSms } from '../../../common/sms/segments.ts';
import type { Channel, DeliveryStatus, MessageKind } from '../../../common/states.ts';
import { type Actor, auditWith } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { deliveries, emailSuppressions, emailUnsubscribes, messages, pushSubscriptions } from '../../platform/db/schema.ts';
import { AppError, type FieldError, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import type { NewDelivery } from './delivery.repository.ts';
import * as repo from './delivery.repository.ts';
import { addressHash } from './delivery.events.ts';
import { type BatchItem, claimFirstBatches, dispatchBatches } from './delivery.jobs.ts';
import { type EngineSendInput, engineSendInput, unboundedEngineSendInput } from './delivery.schemas.ts';
import { quietHoursEnds } from './quiet-hours.ts';
import { type CalendarPart, maskSecrets, sealContent } from './secrets.ts';

const emailSchema = z.email();

/** An SMS address in E.164, or null: SMS go only to mobile numbers (never landlines, premium-rate or service numbers). */
export function normalizePhone(input: string, defaultCountry: 'DE' = 'DE'): string | null {
  return smsNumber(input, defaultCountry);
}

/** A delivery before batching, with the index of the recipient it came from (for error pointers). */
type Pending = Omit<NewDelivery, 'batch' | 'residentId' | 'heldUntil'> & { ri: number; residentId?: string | null; heldUntil?: Date | null };

export interface AcceptedSend {
  id: string;
  deliveries: Record<Channel, number>;
  skipped: FieldError[];
}

export async function acceptSend(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  raw: EngineSendInput,
  opts: { skipLimit?: boolean; audit?: Record<string, unknown> } = {},
): Promise<AcceptedSend> {
  // in-process callers (audiences, benchmarks) are not bound by the HTTP request's recipient limit
  const input = (opts.skipLimit ? unboundedEngineSendInput : engineSendInput).parse(raw);
  const errors: FieldError[] = [];
  const rows: Array<Pending> = [];
  // one object per delivery and no string per recipient unless it is wrong: a 100,000-recipient send made ~5 objects
  // and a pointer string per recipient, garbage that set the process's peak memory
  const at = (i: number) => `/body/recipients/${i}`;
  input.recipients.forEach((r, i) => {
    const residentId = r.residentId ?? null;
    const heldUntil = r.notBefore ?? null;
    const first = rows.length;
    const errorsBefore = errors.length;
    if (r.sms !== undefined) {
      const phone = normalizePhone(r.sms);
      if (!phone)
        errors.push({
          pointer: `${at(i)}/sms`,
          detail: `"${r.sms}" is not a valid mobile number (SMS go only to mobile numbers); write it with country code, e.g. +49 170 1234567`,
        });
      else rows.push({ channel: 'sms', recipient: phone, fallback: null, ri: i, residentId, heldUntil });
    }
    if (r.email !== undefined) {
      if (!emailSchema.safeParse(r.email).success) errors.push({ pointer: `${at(i)}/email`, detail: `"${r.email}" is not an e-mail address` });
      else rows.push({ channel: 'email', recipient: r.email.toLowerCase(), fallback: null, ri: i, residentId, heldUntil });
    }
    if (r.push !== undefined) rows.push({ channel: 'push', recipient: r.push, fallback: null, ri: i, residentId, heldUntil });
    if (r.fallback) {
      const f = r.fallback;
      const address =
        f.channel === 'sms'
          ? normalizePhone(f.address)
          : f.channel === 'email' && emailSchema.safeParse(f.address).success
            ? f.address.toLowerCase()
            : f.channel === 'push'
              ? f.address
              : null;
      if (!address) errors.push({ pointer: `${at(i)}/fallback/address`, detail: `"${f.address}" is not a valid ${f.channel} address` });
      else if (rows.length > first) rows[first]!.fallback = { channel: f.channel, address };
    }
    if (rows.length === first && errors.length === errorsBefore) errors.push({ pointer: at(i), detail: 'give at least one of sms, email, push' });
  });
  if (errors.length) {
    throw new AppError('validation_failed', `${errors.length} recipient address(es) are invalid; nothing was sent.`, errors.slice(0, 100), {
      invalidCount: errors.length,
    });
  }
  const prepared = await deps.db.withTenant(tenant.id, (tx) => prepareSend(deps, tx, tenant.id, actor, input, rows, { audit: opts.audit }));
  await enqueueSend(deps, prepared);
  return { id: prepared.id, deliveries: prepared.counters, skipped: prepared.skipped };
}

type ContentInput = Omit<z.output<typeof engineSendInput>, 'recipients'>;

/** The checked send written in the caller's tenant transaction: unreachable addresses dropped, quiet hours applied. */
async function prepareSend(
  deps: AppDeps,
  tx: Tx,
  tenantId: string,
  actor: Actor,
  input: ContentInput & { recipients: Array<{ residentId?: string; notBefore?: Date | null }> },
  rows: Pending[],
  opts: { audit?: Record<string, unknown>; messageId?: string },
): Promise<PreparedSend> {
  const now = Date.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : new Date(now + deps.config.delivery.maxAgeMs);
  if (expiresAt.getTime() <= now)
    throw new AppError('validation_failed', 'The message has already expired.', [
      { pointer: '/body/expiresAt', detail: 'must be in the future', code: 'not_in_future' },
    ]);
  const skipped = await dropUnreachable(tx, rows, false);
  await holdForQuietHours(tx, tenantId, input.kind, input.recipients, rows, new Date(now));
  const content = {
    kind: input.kind,
    subject: input.subject,
    text: input.text,
    html: input.html,
    smsText: input.smsText,
    url: input.url,
    expiresAt: input.expiresAt ? expiresAt : null,
    fallbackAfterSeconds: input.fallbackAfterSeconds,
    campaignId: input.campaignId,
    language: input.language,
    audit: opts.audit,
    id: opts.messageId,
  };
  const kept = rows.filter((_, i) => !skipped.has(i));
  return { ...(await writeMessage(deps, tx, tenantId, actor, content, kept, expiresAt)), skipped: [...skipped.values()] };
}

/**
 * A resident's address as an in-process caller has already checked it: an E.164 mobile number, an e-mail address or
 * the id of one of the resident's push subscriptions.
 */
export interface CheckedRecipient {
  residentId: string;
  channel: Channel;
  address: string;
  /**
   * Nothing goes out before; null: the caller has applied the resident's quiet hours and it goes now (without it, the
   * resident's quiet hours decide, read at the write).
   */
  notBefore?: Date | null;
}

const contentInput = engineSendInput.omit({ recipients: true });

/**
 * A bulk message to residents whose addresses the caller has checked already (a stored number it found to be a mobile
 * number, a confirmed e-mail address), written in the caller's tenant transaction so it commits with the change that
 * caused it (a job's claim). Only the content is validated here: re-reading 100,000 addresses costs seconds. Bounces,
 * unsubscribes and quiet hours apply as in `acceptSend`. Enqueue the result with `enqueueSend` after the commit.
 */
export async function writeCheckedSend(
  deps: AppDeps,
  tx: Tx,
  tenantId: string,
  actor: Actor,
  raw: Omit<EngineSendInput, 'recipients'>,
  recipients: CheckedRecipient[],
  opts: { audit?: Record<string, unknown>; messageId?: string } = {},
): Promise<PreparedSend> {
  const input = contentInput.parse(raw);
  const rows: Pending[] = recipients.map((r, i) => ({
    channel: r.channel,
    recipient: r.channel === 'email' ? r.address.toLowerCase() : r.address,
    fallback: null,
    ri: i,
    residentId: r.residentId,
    heldUntil: r.notBefore ?? null,
  }));
  return prepareSend(deps, tx, tenantId, actor, { ...input, recipients }, rows, opts);
}

interface MessageContent {
  kind: MessageKind;
  subject?: string;
  text: string;
  html?: string;
  smsText?: string;
  url?: string;
  expiresAt: Date | null;
  fallbackAfterSeconds?: number;
  /** The content with its secrets, sealed for the adapter (transactional messages only). */
  sealed?: string | null;
  /** More for the audit entry, e.g. the audience a message went to and how many residents it reached. */
  audit?: Record<string, unknown>;
  /** The staff message (campaign) and its language version this send carries (messages module). */
  campaignId?: string;
  language?: string;
  /** The message's id when the caller records it before the message is written (a warning version). */
  id?: string;
}

/**
 * Quiet hours: a recipient given no `notBefore` who is a resident inside their quiet hours (in the municipality's time
 * zone) waits until they end, unless the message is urgent (a warning, by the tenant's policy; test sends).
 */
async function holdForQuietHours(
  tx: Tx,
  tenantId: string,
  kind: MessageKind,
  recipients: Array<{ residentId?: string; notBefore?: Date | null }>,
  rows: Pending[],
  now: Date,
) {
  const ask = recipients.filter((r) => r.residentId && r.notBefore === undefined).map((r) => r.residentId!);
  const ends = await quietHoursEnds(tx, tenantId, kind, ask, now);
  for (const row of rows) {
    const explicit = recipients[row.ri]?.notBefore;
    const until = explicit !== undefined ? explicit : row.residentId ? ends.get(row.residentId) : undefined;
    row.heldUntil = until && until.getTime() > now.getTime() ? until : null;
  }
}

/** A message written in a tenant transaction whose batches still wait to be enqueued (after the commit). */
export interface PreparedSend {
  id: string;
  counters: Record<Channel, number>;
  batches: BatchItem[];
  skipped: FieldError[];
}

// An urgent message's first batch per channel is small. Batch n of every message goes before batch n+1 of any
// (batchPriority), so when many towns warn at once each warning hands off its first messages before any warning sends
// the rest, instead of the last town waiting for every batch of the towns before it.
const FIRST_URGENT_BATCH = 10;

/** The batch of the i-th delivery on a channel (from 0). */
const batchOf = (i: number, size: number, urgent: boolean) =>
  !urgent ? Math.floor(i / size) : i < FIRST_URGENT_BATCH ? 0 : 1 + Math.floor((i - FIRST_URGENT_BATCH) / size);
/** How many batches n deliveries on a channel fill. */
const batchCount = (n: number, size: number, urgent: boolean) => (n === 0 ? 0 : batchOf(n - 1, size, urgent) + 1);

/** Writes the message, its deliveries (numbered into batches) and the audit entry in the caller's tenant transaction. */
async function writeMessage(
  deps: AppDeps,
  tx: Tx,
  tenantId: string,
  actor: Actor,
  content: MessageContent,
  kept: Pending[],
  expiresAt: Date,
): Promise<Omit<PreparedSend, 'skipped'>> {
  // someone waits for these: they go in the urgent lane (delivery.jobs.ts), ahead of bulk batches
  const urgent = content.kind === 'warning' || content.kind === 'transactional';
  const size = deps.config.delivery.batchSize;
  const counters: Record<Channel, number> = { sms: 0, email: 0, push: 0 };
  // each row becomes its delivery in place (it is this send's own object): a copy per row was as much garbage again
  const numbered: Array<Pending & NewDelivery> = [];
  const held: Pending[] = [];
  const claimFirst = claimFirstBatches(deps, urgent);
  for (const d of kept) {
    if (d.heldUntil) held.push(d);
    else {
      const row = d as Pending & NewDelivery;
      row.batch = batchOf(counters[d.channel]++, size, urgent);
      row.residentId ??= null;
      row.heldUntil = null;
      if (claimFirst && row.batch === 0) row.claimed = true;
      numbered.push(row);
    }
  }
  // rows held for quiet hours get batches of their own per channel and release time, after the others: a held row
  // never holds back a batch that is due, and each held batch is enqueued to start when its rows are due
  const heldBatches: PreparedSend['batches'] = [];
  if (held.length) {
    held.sort((a, b) => a.channel.localeCompare(b.channel) || a.heldUntil!.getTime() - b.heldUntil!.getTime());
    const next: Record<Channel, number> = {
      sms: batchCount(counters.sms, size, urgent),
      email: batchCount(counters.email, size, urgent),
      push: batchCount(counters.push, size, urgent),
    };
    let current: { channel: Channel; at: number; batch: number; n: number } | null = null;
    for (const d of held) {
      const at = d.heldUntil!.getTime();
      if (!current || current.channel !== d.channel || current.at !== at || current.n >= size) {
        current = { channel: d.channel, at, batch: next[d.channel]++, n: 0 };
        heldBatches.push({ tenantId, messageId: '', channel: d.channel, batch: current.batch, urgent, startAfter: d.heldUntil! });
      }
      current.n++;
      counters[d.channel]++;
      // a message without its own expiry may wait: its age counts from the end of the quiet hours
      const rowExpiry = content.expiresAt ? expiresAt : new Date(Math.max(expiresAt.getTime(), at + deps.config.delivery.maxAgeMs));
      const row = d as Pending & NewDelivery;
      row.batch = current.batch;
      row.residentId ??= null;
      row.expiresAt = rowExpiry;
      numbered.push(row);
    }
  }
  const id = content.id ?? randomUUID();
  const waiting = held.length;
  // the audit entry goes with the message row: one round trip less in the transaction
  const audit = auditWith(tx, tenantId, actor, {
    action: 'message.sent',
    objectType: 'message',
    objectId: id,
    details: { kind: content.kind, ...counters, ...(waiting ? { waitingForQuietHours: waiting } : {}), ...content.audit },
  });
  const [m] = await tx
    .with(audit)
    .insert(messages)
    .values({
      tenantId,
      id,
      kind: content.kind,
      subject: content.subject,
      text: content.text,
      html: content.html,
      smsText: content.smsText,
      url: content.url,
      expiresAt: content.expiresAt,
      fallbackAfterSeconds: content.fallbackAfterSeconds,
      sealed: content.sealed ?? null,
      createdBy: actor.userId,
      campaignId: content.campaignId ?? null,
      language: content.language ?? null,
    })
    // the whole row when a batch starts with it after the commit (rows inserted claimed): it needs no claim to read it
    .returning();
  const claimed = await repo.insertDeliveries(tx, tenantId, m.id, urgent ? 1 : 0, expiresAt, numbered);
  const batches: PreparedSend['batches'] = [];
  const immediate = { sms: 0, email: 0, push: 0 };
  for (const d of numbered) if (!d.heldUntil) immediate[d.channel]++;
  for (const channel of ['sms', 'email', 'push'] as const) {
    for (let b = 0; b < batchCount(immediate[channel], size, urgent); b++) {
      const rows = b === 0 ? claimed.get(channel) : undefined;
      batches.push({ tenantId, messageId: m.id, channel, batch: b, urgent, ...(rows ? { claimed: { rows, message: m } } : {}) });
    }
  }
  // interleave channels so the first batch of every channel starts at once
  batches.sort((a, b) => a.batch - b.batch);
  batches.push(...heldBatches.map((b) => ({ ...b, messageId: m.id })));
  return { id: m.id, counters, batches };
}

/** Hands a prepared send's batches on (dispatchBatches); call it after the transaction that wrote the message has committed. */
export async function enqueueSend(deps: AppDeps, prepared: Pick<PreparedSend, 'batches'>) {
  await dispatchBatches(deps, prepared.batches);
}

/**
 * A message the server sends on its own account to one address: a code, a sign-in or confirmation link, a password
 * reset, an invitation, an alert to staff. It is `transactional`: an unsubscribe or STOP (which end bulk messages)
 * never holds it back; a hard-bounce suppression does.
 */
export interface TransactionalMessage {
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  text: string;
  /** The codes and link tokens in subject and text: stored and shown masked everywhere; only the adapter gets them. */
  secrets?: string[];
  expiresAt?: Date;
  /** E-mail only: threading headers (In-Reply-To, References) of an inbox reply; sealed with the content for the adapter. */
  headers?: Record<string, string>;
  /** E-mail only: an iCalendar part (event invitation or cancellation); sealed with the content like `headers`. */
  calendar?: CalendarPart;
}

/**
 * Writes a transactional message in the caller's tenant transaction (so it commits with the change that caused it,
 * e.g. an invitation); enqueue the result with `enqueueSend` after the commit. A lost enqueue is picked up by the
 * sweeper. Returns null when the address is suppressed (hard bounces).
 */
export async function writeTransactional(deps: AppDeps, tx: Tx, tenantId: string, actor: Actor, msg: TransactionalMessage): Promise<PreparedSend | null> {
  const to = msg.channel === 'sms' ? normalizePhone(msg.to) : emailSchema.safeParse(msg.to.trim()).success ? msg.to.trim().toLowerCase() : null;
  if (!to)
    throw new AppError('validation_failed', `"${msg.to}" is not a valid ${msg.channel} address.`, [{ pointer: '/to', detail: 'is not a valid address' }]);
  const rows: Pending[] = [{ channel: msg.channel, recipient: to, fallback: null, ri: 0 }];
  const skipped = await dropUnreachable(tx, rows, true);
  if (skipped.size) {
    deps.log.info({ channel: msg.channel }, 'transactional message not sent: the address is suppressed');
    return null;
  }
  const secrets = (msg.secrets ?? []).filter(Boolean);
  const shown = { subject: msg.subject && maskSecrets(msg.subject, secrets), text: maskSecrets(msg.text, secrets) };
  const headers = msg.channel === 'email' && msg.headers && Object.keys(msg.headers).length ? msg.headers : undefined;
  const calendar = msg.channel === 'email' ? msg.calendar : undefined;
  const sealed = secrets.length || headers || calendar ? sealContent(deps.config.secretKey, { subject: msg.subject, text: msg.text, headers, calendar }) : null;
  const expiresAt = msg.expiresAt ?? new Date(Date.now() + deps.config.delivery.maxAgeMs);
  const content: MessageContent = { kind: 'transactional', subject: shown.subject, text: shown.text, expiresAt: msg.expiresAt ?? null, sealed };
  return { ...(await writeMessage(deps, tx, tenantId, actor, content, rows, expiresAt)), skipped: [] };
}

/** `writeTransactional` in its own tenant transaction, enqueued at once. */
export async function sendTransactional(deps: AppDeps, tenantId: string, actor: Actor, msg: TransactionalMessage): Promise<{ id: string } | null> {
  const prepared = await deps.db.withTenant(tenantId, (tx) => writeTransactional(deps, tx, tenantId, actor, msg));
  if (!prepared) return null;
  await enqueueSend(deps, prepared);
  return { id: prepared.id };
}

/**
 * Addresses that must not get mail (hard bounces; one-click unsubscribes, except for transactional messages, which the
 * resident asked for) or pushes that no longer exist. Reads in the sending tenant's transaction.
 */
async function dropUnreachable(tx: Tx, rows: Pending[], transactional: boolean): Promise<Map<number, FieldError>> {
  const out = new Map<number, FieldError>();
  const emails = rows.map((r, i) => [r, i] as const).filter(([r]) => r.channel === 'email');
  if (emails.length) {
    const hashes = emails.map(([r]) => addressHash(r.recipient));
    // one array parameter, not one parameter per address (PostgreSQL allows 65,535); bounces and unsubscribes in one
    // round trip, which every warning's accept waits for
    const list = sql`${sql.param(hashes)}::text[]`;
    const found = await queryRows<{ h: string; why: 'bounced' | 'unsubscribed' }>(
      tx,
      transactional
        ? sql`select address_hash as h, 'bounced' as why from ${emailSuppressions} where address_hash = any(${list}) and suppressed`
        : sql`select address_hash as h, 'bounced' as why from ${emailSuppressions} where address_hash = any(${list}) and suppressed
              union all
              select address_hash, 'unsubscribed' from ${emailUnsubscribes} where address_hash = any(${list})`,
    );
    const bounced = new Set(found.filter((f) => f.why === 'bounced').map((f) => f.h));
    const unsubscribed = new Set(found.filter((f) => f.why === 'unsubscribed').map((f) => f.h));
    emails.forEach(([r, i], j) => {
      if (bounced.has(hashes[j])) out.set(i, { pointer: `/body/recipients/${r.ri}/email`, detail: `${r.recipient} bounced repeatedly and is marked invalid` });
      else if (unsubscribed.has(hashes[j])) out.set(i, { pointer: `/body/recipients/${r.ri}/email`, detail: `${r.recipient} unsubscribed` });
    });
  }
  const pushes = rows.map((r, i) => [r, i] as const).filter(([r]) => r.channel === 'push');
  if (pushes.length) {
    const ids = sql.param(pushes.map(([r]) => r.recipient));
    const known = new Set(
      (await tx.select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(sql`${pushSubscriptions.id} = any(${ids}::uuid[])`)).map((r) => r.id),
    );
    for (const [r, i] of pushes)
      if (!known.has(r.recipient))
        out.set(i, { pointer: `/body/recipients/${r.ri}/push`, detail: `push subscription ${r.recipient} does not exist (any more)` });
  }
  return out;
}

export async function describeMessage(deps: AppDeps, tenantId: string, messageId: string) {
  return deps.db.withTenant(tenantId, async (tx) => {
    const [m] = await tx.select().from(messages).where(eq(messages.id, messageId)).limit(1);
    if (!m) throw notFound('This message');
    const counts = await tx
      .select({
        channel: deliveries.channel,
        status: deliveries.status,
        n: sql<number>`count(*)::int`,
        cost: sql<number>`coalesce(sum(${deliveries.costCents}), 0)::int`,
        parts: sql<number>`coalesce(sum(${deliveries.parts}), 0)::int`,
      })
      .from(deliveries)
      .where(eq(deliveries.messageId, messageId))
      .groupBy(deliveries.channel, deliveries.status);
    const byChannel: Record<string, Record<string, number>> = {};
    let costCents = 0;
    for (const c of counts) {
      byChannel[c.channel] ??= { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, expired: 0 };
      byChannel[c.channel][c.status] = Number(c.n);
      costCents += Number(c.cost);
    }
    return {
      id: m.id,
      kind: m.kind,
      subject: m.subject,
      text: m.text,
      createdAt: m.createdAt.toISOString(),
      expiresAt: m.expiresAt?.toISOString() ?? null,
      counts: byChannel,
      costCents,
    };
  });
}

export async function listDeliveries(
  deps: AppDeps,
  tenantId: string,
  messageId: string,
  q: { status?: DeliveryStatus; channel?: Channel; limit: number; after?: string },
) {
  const rows = await deps.db.withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(deliveries)
      .where(
        and(
          eq(deliveries.messageId, messageId),
          q.status ? eq(deliveries.status, q.status) : undefined,
          q.channel ? eq(deliveries.channel, q.channel) : undefined,
          q.after ? gt(deliveries.id, q.after) : undefined,
        ),
      )
      .orderBy(asc(deliveries.id))
      .limit(q.limit),
  );
  return {
    items: rows.map((d) => ({
      id: d.id,
      channel: d.channel,
      recipient: d.recipient,
      status: d.status,
      providerId: d.providerId,
      attempts: d.attempts,
      lastError: d.lastError,
      parts: d.parts,
      costCents: d.costCents,
      sentAt: d.sentAt?.toISOString() ?? null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      fallbackOf: d.fallbackOf,
    })),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1].id : null,
  };
}

export function estimateCost(input: { text: string; smsText?: string; recipients: Record<Channel, number> }, centsPerMessage: Record<Channel, number>) {
  const sms = analyzeSms(input.smsText ?? input.text);
  const costs = {
    sms: input.recipients.sms * sms.segments * centsPerMessage.sms,
    email: input.recipients.email * centsPerMessage.email,
    push: input.recipients.push * centsPerMessage.push,
  };
  return { sms: { ...sms, recipients: input.recipients.sms }, costCents: costs, totalCents: costs.sms + costs.email + costs.push };
}
