// What arrives after the hand-off: delivery receipts, replies and bounces. Receipts come per provider, not per
// tenant, so they are matched over the owner connection by (provider, provider message id), by design.
import { and, eq, sql } from 'drizzle-orm';
import pLimit from 'p-limit';
import type { Bounce, ChannelEvents, InboundAttachment, InboundMessage, Receipt } from '../../channels/types.ts';
import { sha256 } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { type Database, queryRows } from '../../platform/db/client.ts';
import { deliveries, emailSuppressions, pendingReceipts } from '../../platform/db/schema.ts';
import { emit } from '../../platform/events.ts';
import type { DeliveryMetrics } from './delivery.metrics.ts';
import type { DeliveryRuntime } from './delivery.runtime.ts';
import { parseDeliveryToken } from './tokens.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export const addressHash = (address: string) => sha256(`address:${address.trim().toLowerCase()}`);

export function createChannelEvents(deps: AppDeps, runtime: () => DeliveryRuntime): ChannelEvents {
  const { db } = deps;
  const metrics = () => runtime().metrics;
  return {
    // receipts arrive one by one (thousands a second during a large send); they are written in bulk every few
    // milliseconds, and the adapter's promise resolves once its receipt is stored
    receipt: receiptWriter(deps, runtime, metrics),

    // replies arrive one by one too (an SMS answer wave after a warning, webhook bursts): stored in bulk every few
    // milliseconds; the adapter's promise (SMPP deliver_sm_resp, the webhook's 2xx) resolves once its row is committed
    inbound: inboundWriter(deps, runtime),

    async bounce(b: Bounce) {
      const deliveryId = (b.replyToken && parseDeliveryToken(deps.config.secretKey, b.replyToken)) || b.providerMessageId?.match(UUID)?.[0] || null;
      if (deliveryId) {
        await db.system
          .update(deliveries)
          .set(
            b.hard
              ? { status: 'failed', lastError: `bounced: ${b.reason}`, updatedAt: sql`now()` }
              : { lastError: `soft bounce: ${b.reason}`, updatedAt: sql`now()` },
          )
          .where(and(eq(deliveries.id, deliveryId), eq(deliveries.channel, 'email')));
      }
      if (!b.hard) return;
      const hash = addressHash(b.address);
      await db.system
        .insert(emailSuppressions)
        .values({ addressHash: hash, hardBounces: 1, lastReason: b.reason, suppressed: deps.config.delivery.hardBounceLimit <= 1 })
        .onConflictDoUpdate({
          target: emailSuppressions.addressHash,
          set: {
            hardBounces: sql`${emailSuppressions.hardBounces} + 1`,
            suppressed: sql`${emailSuppressions.hardBounces} + 1 >= ${deps.config.delivery.hardBounceLimit}`,
            lastReason: b.reason,
            updatedAt: sql`now()`,
          },
        });
    },
  };
}

interface InboundCaller {
  ok: () => void;
  fail: (e: unknown) => void;
  /** Epoch ms after which this caller no longer waits (its peer hears "not stored"); Infinity when it waits. */
  answerBy: number;
}

interface PendingInbound {
  m: InboundMessage;
  callers: InboundCaller[];
}

/** Messages per statement: enough to amortise the round trip, small enough that one statement stays short. */
const INBOUND_BATCH = 500;
/** How long the first message of a batch waits for company: a few ms is nothing next to an SMSC's answer timeout. */
const INBOUND_DELAY_MS = 5;
/** Single-row retries of a failed batch at once: a database that is down must not get a burst of hundreds. */
const INBOUND_RETRY_CONCURRENCY = 4;

class AnswerTimeExpired extends Error {
  constructor() {
    super('the sender stopped waiting before the message could be written; not stored');
  }
}

/**
 * Keeps only the callers still waiting. Those whose time is up are refused here, before the write: a message
 * written after its peer heard "not stored" would be stored again when the peer repeats it.
 */
function stillWaiting(items: PendingInbound[], now = Date.now()): PendingInbound[] {
  const live: PendingInbound[] = [];
  for (const i of items) {
    const waiting = i.callers.filter((c) => c.answerBy > now);
    for (const c of i.callers) if (c.answerBy <= now) c.fail(new AnswerTimeExpired());
    if (waiting.length) live.push({ m: i.m, callers: waiting });
  }
  return live;
}

function inboundWriter(deps: AppDeps, runtime: () => DeliveryRuntime): ChannelEvents['inbound'] {
  const { log } = deps;
  let buffer = new Map<string, PendingInbound>();
  let timer: NodeJS.Timeout | null = null;
  let seq = 0;

  // writes the batch (throws when it was not stored), then answers every caller; never throws after the write, so a
  // batch that is stored is never written again
  const settle = async (items: PendingInbound[]) => {
    const stored = await writeInbound(
      deps,
      items.map((i) => i.m),
    );
    const threadable = stored.filter((r) => r.tenantId).length;
    if (threadable) emit('inbox.inbound', { count: threadable });
    log.debug({ batch: items.length, stored: stored.length, matched: stored.filter((r) => r.deliveryId).length }, 'inbound messages stored');
    const byOrd = new Map(stored.map((r) => [r.ord, r]));
    await Promise.all(items.map((i, ord) => answer(i, byOrd.get(ord))));
  };

  /**
   * STOP withdraws consent before the SMSC hears "stored": if withdrawing fails, the caller gets the error and the
   * SMSC repeats the message (stored twice, which the threader shows as a second STOP) rather than lose a withdrawal.
   */
  const answer = async (i: PendingInbound, row: StoredInbound | undefined) => {
    try {
      if (row && i.m.channel === 'sms') await runtime().residents.stopKeyword(row.tenantId, i.m.from, i.m.text);
      for (const c of i.callers) c.ok();
    } catch (err) {
      log.error({ err, tenant: row?.tenantId }, 'STOP keyword not handled: asking the sender to repeat the message');
      for (const c of i.callers) c.fail(err);
    }
  };

  const failAll = (i: PendingInbound, err: unknown) => {
    for (const c of i.callers) c.fail(err);
  };

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const items = stillWaiting([...buffer.values()]);
    buffer = new Map();
    if (!items.length) return;
    try {
      await settle(items);
    } catch (err) {
      if (items.length === 1) return failAll(items[0], err);
      // one bad row fails the whole statement: store the rest one by one, so a poison message cannot hold back the
      // others (a database that is down fails them all again, and every caller hears of it). A few at a time, each
      // only while its caller still waits: a retry that outlived its caller would store what the peer repeats.
      log.warn({ err, batch: items.length }, 'inbound batch failed: storing its messages one by one');
      const limit = pLimit(INBOUND_RETRY_CONCURRENCY);
      await Promise.all(
        items.map((item) =>
          limit(async () => {
            const [live] = stillWaiting([item]);
            if (live) await settle([live]).catch((e: unknown) => failAll(live, e));
          }),
        ),
      );
    }
  };

  return (m, opts) =>
    new Promise<void>((resolve, reject) => {
      const caller: InboundCaller = { ok: resolve, fail: reject, answerBy: opts?.answerBy ?? Number.POSITIVE_INFINITY };
      // a webhook retried while its first delivery still waits in the buffer joins it (stored once, both answered)
      const pmid = typeof m.raw?.providerMessageId === 'string' ? m.raw.providerMessageId : null;
      const key = pmid ? `${m.providerId}\u0000${pmid}` : `#${++seq}`;
      const entry = buffer.get(key);
      if (entry) entry.callers.push(caller);
      else buffer.set(key, { m, callers: [caller] });
      if (buffer.size >= INBOUND_BATCH) void flush();
      else timer ??= setTimeout(() => void flush(), INBOUND_DELAY_MS);
    });
}

/** PostgreSQL text and jsonb cannot hold NUL; a stray one (broken MIME, a binary SMS) must not fail the batch. */
const clean = (s: string) => s.replaceAll('\u0000', '');
const cleanJson = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'string' ? clean(x) : x));

/** raw keeps what the adapter saw plus the threading fields the inbox reads (`raw.messageId`, `raw.inReplyTo`, …). */
function rawOf(m: InboundMessage): Record<string, unknown> {
  const raw: Record<string, unknown> = { ...(m.raw ?? {}) };
  if (m.messageId) raw.messageId = m.messageId;
  if (m.inReplyTo) raw.inReplyTo = m.inReplyTo;
  if (m.references?.length) raw.references = m.references;
  if (m.html) raw.html = m.html;
  return raw;
}

interface StoredInbound {
  ord: number;
  id: string;
  tenantId: string | null;
  deliveryId: string | null;
}

/**
 * One statement per batch: match each message to its tenant (reply token → its delivery; SMS: the tenant that last
 * wrote to the number; else the provider's tenant), insert the rows and their attachments. A message whose provider
 * message id is stored already (a retried webhook) is skipped by the unique index on (provider_id,
 * raw->>'providerMessageId'); its caller is answered as stored. Returns the rows written.
 */
async function writeInbound(deps: AppDeps, batch: InboundMessage[]): Promise<StoredInbound[]> {
  const { secretKey } = deps.config;
  const col = <T>(f: (m: InboundMessage, i: number) => T) => sql.param(batch.map(f));
  const attachments = batch.flatMap((m, ord) => (m.attachments ?? []).map((a) => ({ ord, a })));
  const att = <T>(f: (x: { ord: number; a: InboundAttachment }) => T) => sql.param(attachments.map(f));
  const attachmentsCte = attachments.length
    ? sql`, att as (
        insert into conversation_attachments (tenant_id, inbound_message_id, file_name, content_type, size, data)
        select stored.tenant_id, stored.id, a.file_name, a.content_type, a.size, decode(a.data, 'base64')
          from unnest(${att((x) => x.ord)}::int[], ${att((x) => clean(x.a.fileName))}::text[], ${att((x) => x.a.contentType)}::text[],
                      ${att((x) => x.a.content.length)}::int[], ${att((x) => x.a.content.toString('base64'))}::text[])
            as a(ord, file_name, content_type, size, data)
          join stored on stored.ord = a.ord
         where stored.tenant_id is not null
      )`
    : sql``;
  const rows = await queryRows<StoredInbound>(
    deps.db.system,
    sql`
    with m as (
      select * from unnest(${col((_m, i) => i)}::int[], ${col((m) => (UUID.test(m.providerId) ? m.providerId : null))}::uuid[],
                           ${col((m) => m.channel)}::text[], ${col((m) => clean(m.from))}::text[], ${col((m) => clean(m.to))}::text[],
                           ${col((m) => (m.subject == null ? null : clean(m.subject)))}::text[], ${col((m) => clean(m.text))}::text[],
                           ${col((m) => (m.replyToken ? parseDeliveryToken(secretKey, m.replyToken) : null))}::uuid[],
                           ${col((m) => cleanJson(rawOf(m)))}::jsonb[], ${col((m) => m.at.toISOString())}::timestamptz[])
        as m(ord, provider_id, channel, sender, recipient, subject, text, token_delivery, raw, received_at)
    ), matched as materialized (
      select m.*, gen_random_uuid() as id,
             coalesce(tok.tenant_id, last_sms.tenant_id, p.tenant_id) as tenant_id,
             coalesce(tok.id, last_sms.id) as delivery_id
        from m
        left join deliveries tok on tok.id = m.token_delivery
        -- a reply by SMS belongs to the tenant that last wrote to this number
        left join lateral (
          select d.id, d.tenant_id from deliveries d
           where m.channel = 'sms' and tok.id is null and d.channel = 'sms' and d.recipient = m.sender
           order by d.created_at desc limit 1
        ) last_sms on true
        left join providers p on p.id = m.provider_id
    ), ins as (
      insert into inbound_messages (id, tenant_id, provider_id, channel, sender, recipient, subject, text, delivery_id, raw, received_at)
      select id, tenant_id, provider_id, channel, sender, recipient, subject, text, delivery_id, raw, received_at
        from matched order by ord
      on conflict (provider_id, (raw->>'providerMessageId')) where raw ? 'providerMessageId' do nothing
      returning id, tenant_id
    ), stored as (
      select matched.ord, ins.id, ins.tenant_id from ins join matched on matched.id = ins.id
    )${attachmentsCte}
    select stored.ord, stored.id, stored.tenant_id as "tenantId", matched.delivery_id as "deliveryId"
      from stored join matched on matched.ord = stored.ord`,
  );
  return rows.map((r) => ({ ...r, ord: Number(r.ord) }));
}

type Metrics = () => DeliveryMetrics;

function receiptWriter(deps: AppDeps, runtime: () => DeliveryRuntime, metrics: Metrics): (r: Receipt) => Promise<void> {
  let buffer = new Map<string, { r: Receipt; done: Array<[() => void, (e: unknown) => void]> }>();
  let timer: NodeJS.Timeout | null = null;
  let holding = false;
  const write = async (items: Array<{ r: Receipt; done: Array<[() => void, (e: unknown) => void]> }>) => {
    try {
      const rows = await writeReceipts(
        deps,
        items.map((i) => i.r),
      );
      if (rows.length < items.length) {
        // some were parked; the batch that sent them may have looked for parked receipts before ours committed,
        // so look once more now that it has: whichever side commits last applies them
        const applied = await applyPendingReceipts(deps.db, [...new Set(items.map((i) => i.r.providerId))]);
        for (const a of applied) metrics().transitions.inc({ tenant: a.tenantId, channel: a.channel, provider: a.providerId, status: a.status });
      }
      for (const row of rows) {
        metrics().transitions.inc({ tenant: row.tenantId, channel: row.channel, provider: row.providerId, status: row.status });
        if (row.sentAt) runtime().observeReceipt(row.providerId, (new Date(row.at).getTime() - new Date(row.sentAt).getTime()) / 1000);
      }
      for (const i of items) for (const [ok] of i.done) ok();
    } catch (err) {
      for (const i of items) for (const [, fail] of i.done) fail(err);
    }
  };
  const flush = async () => {
    timer = null;
    const gate = runtime().urgentGate;
    if (gate.busy) {
      // while warnings and codes go out, receipts wait: each one rewrites a delivery row (every index of it), and
      // fifty towns warning at once spent a fifth of the database's time on the receipts of their own first SMS
      // (bench:alerts). The SMSC waits for its answer meanwhile.
      holding = true;
      await gate.pass(RECEIPT_HOLD_MAX_MS);
      holding = false;
    }
    const items = [...buffer.values()];
    buffer = new Map();
    for (let i = 0; i < items.length; i += RECEIPT_BATCH) await write(items.slice(i, i + RECEIPT_BATCH));
  };
  return (r) =>
    new Promise<void>((resolve, reject) => {
      const key = `${r.providerId}\u0000${r.providerMessageId}`;
      const entry = buffer.get(key);
      if (entry) {
        entry.r = r; // the later receipt wins
        entry.done.push([resolve, reject]);
      } else buffer.set(key, { r, done: [[resolve, reject]] });
      // a held flush takes everything that arrives meanwhile
      if (holding) return;
      if (buffer.size >= RECEIPT_BATCH) {
        if (timer) clearTimeout(timer);
        void flush();
      } else timer ??= setTimeout(() => void flush(), RECEIPT_DELAY_MS);
    });
}

const RECEIPT_BATCH = 500;
const RECEIPT_DELAY_MS = 10;
/** The longest receipts wait for urgent work: well inside the 30 s the SMPP adapter waits for the engine before it asks the SMSC to repeat a receipt (smpp.deliver.ts). */
const RECEIPT_HOLD_MAX_MS = 5_000;

/** One statement: update the deliveries the receipts name, park the ones not known yet (they beat the provider's answer). */
async function writeReceipts(deps: AppDeps, receipts: Receipt[]) {
  const col = <T>(f: (r: Receipt) => T) => sql.param(receipts.map(f));
  return queryRows<{ tenantId: string; channel: string; providerId: string; sentAt: string | null; status: string; at: string }>(
    deps.db.system,
    sql`
    with r as (
      select * from unnest(${col((r) => r.providerId)}::uuid[], ${col((r) => r.providerMessageId)}::text[], ${col((r) => r.status)}::text[],
                           ${col((r) => r.error ?? null)}::text[], ${col((r) => r.at.toISOString())}::timestamptz[])
        as r(provider_id, provider_message_id, status, error, at)
    ), upd as (
      update deliveries d set status = r.status, last_error = coalesce(r.error, d.last_error),
             delivered_at = case when r.status = 'delivered' then r.at else d.delivered_at end, updated_at = now()
        from r
       where d.provider_id = r.provider_id and d.provider_message_id = r.provider_message_id and d.status in ('sent', 'sending')
      returning d.tenant_id, d.channel, d.provider_id, d.provider_message_id, d.sent_at, r.status, r.at
    ), parked as (
      insert into pending_receipts (provider_id, provider_message_id, status, error, at)
      select r.provider_id, r.provider_message_id, r.status, r.error, r.at from r
       where not exists (select 1 from upd where upd.provider_id = r.provider_id and upd.provider_message_id = r.provider_message_id)
      on conflict (provider_id, provider_message_id) do update set status = excluded.status, error = excluded.error, at = excluded.at
    )
    select tenant_id as "tenantId", channel, provider_id as "providerId", sent_at as "sentAt", status, at from upd`,
  );
}

/** Applies receipts that arrived before we knew the provider message id; returns the rows it changed. */
export async function applyPendingReceipts(
  db: Database,
  providerIds: string[],
): Promise<Array<{ tenantId: string; channel: string; providerId: string; status: string }>> {
  if (!providerIds.length) return [];
  return queryRows<{ tenantId: string; channel: string; providerId: string; status: string }>(
    db.system,
    sql`
    with matched as (
      delete from ${pendingReceipts} p using deliveries d
       where p.provider_id = d.provider_id and p.provider_message_id = d.provider_message_id
         and p.provider_id = any(${sql.param(providerIds)}::uuid[])
      returning p.provider_id, p.provider_message_id, p.status, p.error, p.at
    )
    update deliveries d set status = m.status, last_error = coalesce(m.error, d.last_error),
           delivered_at = case when m.status = 'delivered' then m.at else d.delivered_at end, updated_at = now()
      from matched m where d.provider_id = m.provider_id and d.provider_message_id = m.provider_message_id
       and d.status in ('sent', 'sending')
    returning d.tenant_id as "tenantId", d.channel, d.provider_id as "providerId", d.status`,
  );
}
