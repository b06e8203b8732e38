// Works one batch: claim its queued rows, pick a provider per row (weight × health), respect rate limits,
// hand off with the adapter's concurrency, and record every outcome (sent, retry with backoff, failed, expired).
import type { ChannelKind, OutgoingMessage, SendResult } from '../../channels/types.ts';
import type { AppDeps } from '../../platform/context.ts';
import { applyPendingReceipts } from './delivery.events.ts';
import * as repo from './delivery.repository.ts';
import { type DeliveryRuntime, NoFreeConnection } from './delivery.runtime.ts';
import { composeOutgoing, type TenantBrand } from './delivery.compose.ts';
import { openContent } from './secrets.ts';

const BASE_BACKOFF_MS = 5_000;
// with 4 batches per process this bounds what a crash can re-send to 4 × (50 + window) rows; 200 was 12% faster
// in bench:fanout but came within reach of the one-batch-per-channel bound in the crash test
const FLUSH_EVERY = 50;
const PROVIDER_FAULT = /^(provider_auth_failed|provider_misconfigured)\b/;
const MAX_BACKOFF_MS = 15 * 60_000;

export function backoffMs(attempt: number): number {
  const exp = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + Math.random() * (exp / 2)); // "equal jitter"
}

export interface BatchResult {
  claimed: number;
  sent: number;
  failed: number;
  retry: number;
  expired: number;
  /** When some rows wait for a retry: the earliest moment to run the batch again. */
  retryAt: Date | null;
}

export interface BatchOptions {
  /** Awaited before each hand-off: a bulk batch pauses there while urgent batches need the process. */
  beforeSend?: () => Promise<void>;
  /** Rows claimed where they were written (a first urgent batch): the batch starts with them instead of claiming. */
  claimed?: repo.ClaimedBatch;
}

export async function processBatch(deps: AppDeps, rt: DeliveryRuntime, key: repo.BatchKey, tenant: TenantBrand, opts: BatchOptions = {}): Promise<BatchResult> {
  const { db, config } = deps;
  const metrics = rt.metrics;
  const channel = key.channel as ChannelKind;
  const { rows, message } = opts.claimed ?? (await repo.claimBatch(db, key, config.delivery.claimTimeoutSeconds));
  const result: BatchResult = { claimed: rows.length, sent: 0, failed: 0, retry: 0, expired: 0, retryAt: null };
  if (!rows.length) return result;
  const providers = await rt.providersFor(key.tenantId, channel);
  if (!message || !providers.length) {
    const error = !message ? 'message not found' : `no ${channel} provider configured`;
    await repo.recordOutcomes(
      db,
      key,
      rows.map((r) => outcome(r.id, 'failed', null, error)),
    );
    result.failed = rows.length;
    return result;
  }
  const gone: string[] = [];
  // a message with a code or a link is stored masked: the adapter gets the sealed original, and the masked text
  // for anything it shows to staff (the dev outbox)
  const content = message.sealed
    ? {
        ...message,
        ...openContent(config.secretKey, message.sealed),
        shown: { subject: message.subject ?? undefined, text: message.text, html: message.html ?? undefined },
      }
    : message;
  const concurrency = await senderConcurrency(rt, providers);
  const now = Date.now();

  // outcomes are written every FLUSH_EVERY hand-offs while sending goes on: a worker that dies mid-batch
  // leaves at most that many (plus its window) handed off but unrecorded, and those are all it can re-send
  let pending: repo.Outcome[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    const part = pending;
    pending = [];
    flushing = flushing.then(() => repo.recordOutcomes(db, key, part));
    return flushing;
  };
  // a heartbeat keeps the claim alive however slowly the provider answers, so no other worker takes these rows
  const heartbeat = setInterval(() => void repo.renewClaims(db, key).catch(() => {}), Math.max(1000, (config.delivery.claimTimeoutSeconds * 1000) / 3));
  // what the batch tells the metrics once its outcomes are recorded: counts, not the outcomes, are kept until then
  const tally = new Map<string, { providerId: string; status: string; n: number }>();
  // providers that report receipts later (SMS): only for them can a receipt be waiting for these outcomes
  const receiptProviders = new Set<string>();
  try {
    // `concurrency` loops over the rows, each taking the next: no queue entry or promise per row (p-limit's were 3% of
    // a fan-out's allocations)
    let next = 0;
    const loop = async () => {
      while (next < rows.length) {
        const o = await sendOne(rows[next++]!);
        count(o);
        pending.push(o);
        if (pending.length >= FLUSH_EVERY) await flush(); // back-pressure: sending never runs far ahead of what is recorded
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), rows.length) }, loop));
    // the last write also tells when the batch's first retry is due (rows of a batch may wait for different times)
    const rest = pending;
    pending = [];
    await flushing;
    result.retryAt = await repo.recordLastOutcomes(db, key, rest);
  } finally {
    clearInterval(heartbeat);
  }

  async function sendOne(row: repo.ClaimedRow): Promise<repo.Outcome> {
    if (row.expiresAt.getTime() <= now) return outcome(row.id, 'expired', null, 'expired before it could be sent');
    const to = channel === 'push' ? row.push : row.recipient;
    if (!to) return outcome(row.id, 'failed', null, 'push subscription no longer exists');
    // a retry goes to another provider when there is one: failover per message, not only by weight
    const others = row.lastError && row.providerId ? providers.filter((p) => p.id !== row.providerId) : providers;
    await opts.beforeSend?.();
    const provider = rt.choose(others.length ? others : providers);
    await rt.acquire(provider, 1);
    const msg: OutgoingMessage = composeOutgoing(deps, tenant, content, channel, row.id, to);
    const started = performance.now();
    let res: SendResult;
    try {
      const sender = await rt.sender(provider);
      if (sender.receipts) receiptProviders.add(provider.id);
      res = await sender.send(msg);
    } catch (err) {
      res = {
        ok: false,
        permanent: false,
        error: err instanceof Error ? err.message : String(err),
        retryAfterMs: err instanceof NoFreeConnection ? 5_000 : undefined,
      };
    }
    if (!res.ok && res.permanent && PROVIDER_FAULT.test(res.error)) {
      // the provider's own configuration is wrong (credentials, URL): not the recipient's fault; try another provider later
      res = { ok: false, permanent: false, error: res.error, retryAfterMs: 60_000 };
    }
    const seconds = (performance.now() - started) / 1000;
    rt.observe(provider, res, seconds * 1000);
    metrics.handoff.observe({ channel, provider: provider.id }, seconds);
    if (res.ok) {
      return {
        ...outcome(row.id, 'sent', provider.id, null),
        sentAt: new Date(),
        providerMessageId: res.providerMessageId,
        parts: res.parts ?? null,
        costCents: provider.centsPerMessage * (res.parts ?? 1),
      };
    }
    if (res.gone) gone.push(row.recipient);
    if (res.permanent) return outcome(row.id, 'failed', provider.id, res.error);
    const wait = Math.max(backoffMs(row.attempts), res.retryAfterMs ?? 0);
    const retryAt = new Date(Date.now() + wait);
    const tooOld =
      retryAt.getTime() > row.expiresAt.getTime() ||
      retryAt.getTime() - Math.max(row.createdAt.getTime(), row.heldUntil?.getTime() ?? 0) > config.delivery.maxAgeMs;
    if (tooOld) return outcome(row.id, 'failed', provider.id, `gave up after ${row.attempts} attempt(s): ${res.error}`);
    return { ...outcome(row.id, 'queued', provider.id, res.error), nextAttemptAt: retryAt };
  }

  function count(o: repo.Outcome) {
    const status = o.status === 'queued' ? 'retry' : o.status;
    const providerId = o.providerId ?? 'none';
    const k = `${providerId} ${status}`;
    const t = tally.get(k);
    if (t) t.n++;
    else tally.set(k, { providerId, status, n: 1 });
    if (o.status === 'sent') result.sent++;
    else if (o.status === 'failed') result.failed++;
    else if (o.status === 'expired') result.expired++;
    else result.retry++;
  }

  const applied = await applyPendingReceipts(db, [...receiptProviders]);
  for (const a of applied) metrics.transitions.inc({ tenant: a.tenantId, channel: a.channel, provider: a.providerId, status: a.status });
  await repo.deletePushSubscriptions(db, key.tenantId, gone);
  await rt.flushHealth(providers);
  for (const t of tally.values()) metrics.transitions.inc({ tenant: key.tenantId, channel, provider: t.providerId, status: t.status }, t.n);
  return result;
}

/** How many sends a batch keeps in flight: the first provider this process can open tells. */
async function senderConcurrency(rt: DeliveryRuntime, providers: Awaited<ReturnType<DeliveryRuntime['providersFor']>>): Promise<number> {
  for (const p of providers) {
    try {
      return (await rt.sender(p)).concurrency;
    } catch {}
  }
  return 10;
}

function outcome(id: string, status: repo.Outcome['status'], providerId: string | null, error: string | null): repo.Outcome {
  return { id, status, providerId, providerMessageId: null, error, parts: null, costCents: null, nextAttemptAt: null };
}
