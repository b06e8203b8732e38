// One poll of one feed: fetch (conditional GET), read the index or the CAP document, and decide each alert once:
// relay, propose, drop with a reason, or apply an Update/Cancel to the warning it refers to. A feed that fails sets
// its last_error and is logged by code (never its content); nothing else is affected.
import type { CapPollResult } from '../../../../common/contracts/cap-feeds.ts';
import type { Actor } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { type CapAlert, FeedError, type IndexEntry, parseCapAlert, parseIndex, parsePolygon } from './cap-parse.ts';
import * as repo from './cap-feeds.repository.ts';
import { presentFeed } from './cap-feeds.service.ts';
import { cancelFromAlert, issueFromAlert, updateFromAlert } from './cap-relay.ts';
import { type Boundary, boundaryOf, entryProblem, ruleProblem } from './cap-rules.ts';
import { DEFAULT_FETCH_LIMITS, type FetchLimits, fetchFeed } from './fetch-feed.ts';

const RAW_LIMIT = 64 * 1024;

type Counts = Omit<CapPollResult, 'feed' | 'notModified'>;

interface PollContext {
  deps: AppDeps;
  tenant: TenantRow;
  feed: repo.FeedRow;
  boundary: Boundary | null;
  actor: Actor;
  counts: Counts;
}

/** Who the audit log names for what a feed did on its own. */
const feedActor = (feedId: string): Actor => ({ userId: null, email: null, ip: null, userAgent: 'cap-feed', requestId: `cap-feed:${feedId}` });

const why = (err: unknown) =>
  err instanceof FeedError
    ? `${err.code}: ${err.message}`
    : err instanceof AppError
      ? `${err.code}: ${err.detail}`
      : 'internal: the alert could not be processed';

function itemValues(ctx: PollContext, alert: CapAlert, raw: string, entry: IndexEntry | null) {
  return {
    tenantId: ctx.tenant.id,
    feedId: ctx.feed.id,
    identifier: alert.identifier,
    sender: alert.sender,
    sent: alert.sent,
    msgType: alert.msgType,
    event: alert.info?.event.slice(0, 200) ?? '',
    severity: alert.info?.severity ?? null,
    headline: (alert.info?.headline || alert.info?.event || '').slice(0, 300),
    alert: alert as unknown as Record<string, unknown>,
    raw: raw.slice(0, RAW_LIMIT).replaceAll('\u0000', ''),
    sourceUrl: entry?.url ?? null,
    entryUpdated: entry?.updated ?? null,
  };
}

/** Records the alert in a state; false when the same sender and identifier were read before (a duplicate). */
async function record(ctx: PollContext, values: ReturnType<typeof itemValues>, state: repo.ItemRow['state'], extra: Partial<repo.NewItem> = {}) {
  const row = await ctx.deps.db.withTenant(ctx.tenant.id, (tx) => repo.insertItem(tx, { ...values, state, ...extra }));
  if (!row) ctx.counts.duplicates++;
  return row;
}

async function drop(ctx: PollContext, values: ReturnType<typeof itemValues>, reason: string) {
  if (await record(ctx, values, 'dropped', { reason })) ctx.counts.dropped++;
}

/** Update or Cancel of a relayed warning; returns false when the alert refers to nothing relayed. */
async function applyToRelayed(ctx: PollContext, alert: CapAlert, values: ReturnType<typeof itemValues>): Promise<boolean> {
  const referred = await ctx.deps.db.withTenant(ctx.tenant.id, async (tx) => {
    for (const ref of [...alert.references].reverse()) {
      const item = await repo.findItemByIdentifier(tx, ref.sender, ref.identifier);
      if (item) return item;
    }
    return undefined;
  });
  if (!referred) return false;
  if (referred.state === 'proposed') {
    // the proposal is superseded by what its sender says now
    await ctx.deps.db.withTenant(ctx.tenant.id, (tx) =>
      repo.updateItem(tx, referred.id, { state: 'dismissed', reason: 'superseded by a later message of its sender', decidedAt: new Date() }),
    );
    if (alert.msgType === 'cancel') {
      await drop(ctx, values, 'cancels a proposal, which was withdrawn');
      return true;
    }
    return false;
  }
  if (referred.state !== 'relayed' || !referred.warningId) return false;
  const row = await record(ctx, values, 'relayed', { warningId: referred.warningId });
  if (!row) return true;
  try {
    const apply = alert.msgType === 'cancel' ? cancelFromAlert : updateFromAlert;
    const warningId = await apply(ctx.deps, ctx.actor, ctx.tenant, referred.warningId, alert);
    await ctx.deps.db.withTenant(ctx.tenant.id, (tx) => repo.updateItem(tx, row.id, { warningId }));
    ctx.counts.applied++;
  } catch (err) {
    await ctx.deps.db.withTenant(ctx.tenant.id, (tx) => repo.updateItem(tx, row.id, { state: 'dropped', reason: `not applied: ${why(err)}`.slice(0, 500) }));
    ctx.counts.dropped++;
  }
  return true;
}

async function handleAlert(ctx: PollContext, alert: CapAlert, raw: string, entry: IndexEntry | null) {
  ctx.counts.read++;
  const values = itemValues(ctx, alert, raw, entry);
  if (alert.msgType === 'ack' || alert.msgType === 'error') return drop(ctx, values, `msgType ${alert.msgType} is not passed on`);
  if ((alert.msgType === 'update' || alert.msgType === 'cancel') && (await applyToRelayed(ctx, alert, values))) return;
  if (alert.msgType === 'cancel') return drop(ctx, values, 'cancels no relayed warning');
  const problem = ruleProblem(alert, ctx.feed, ctx.boundary);
  if (problem) return drop(ctx, values, problem);
  if (ctx.feed.mode === 'propose') {
    if (await record(ctx, values, 'proposed')) ctx.counts.proposed++;
    return;
  }
  const row = await record(ctx, values, 'relayed');
  if (!row) return;
  try {
    const warningId = await issueFromAlert(ctx.deps, ctx.actor, ctx.tenant, alert, ctx.feed.id);
    await ctx.deps.db.withTenant(ctx.tenant.id, (tx) => repo.updateItem(tx, row.id, { warningId }));
    ctx.counts.relayed++;
  } catch (err) {
    await ctx.deps.db.withTenant(ctx.tenant.id, (tx) => repo.updateItem(tx, row.id, { state: 'dropped', reason: `not issued: ${why(err)}`.slice(0, 500) }));
    ctx.counts.dropped++;
  }
}

function entryPolygon(entry: IndexEntry) {
  try {
    return entry.polygon ? parsePolygon(entry.polygon) : null;
  } catch {
    return null;
  }
}

/** Each linked document with the same limits; one that fails is counted and the rest are read. */
async function readIndex(ctx: PollContext, body: string, limits: FetchLimits): Promise<string | null> {
  let firstError: string | null = null;
  for (const entry of parseIndex(body)) {
    let url: string;
    try {
      url = new URL(entry.url, ctx.feed.url).toString();
    } catch {
      continue;
    }
    const seen = await ctx.deps.db.withTenant(ctx.tenant.id, (tx) => repo.entrySeen(tx, ctx.feed.id, url, entry.updated));
    if (seen || entryProblem({ ...entry, polygon: entryPolygon(entry), noArea: entry.polygon === '' }, ctx.feed, ctx.boundary)) continue;
    try {
      const res = await fetchFeed(url, {}, limits);
      if (res.status !== 200) continue;
      await handleAlert(ctx, parseCapAlert(res.body), res.body, { ...entry, url });
    } catch (err) {
      ctx.counts.failed++;
      firstError ??= why(err);
    }
  }
  return firstError && `${ctx.counts.failed} linked alert(s) refused; first: ${firstError}`;
}

/** Polls one feed now. Never throws for what the feed sends: the outcome is in the feed's last error. */
export async function pollFeed(deps: AppDeps, tenant: TenantRow, feedId: string): Promise<CapPollResult> {
  const found = await deps.db.withTenant(tenant.id, (tx) => repo.findFeed(tx, feedId));
  if (!found) throw notFound('This CAP feed');
  const feed = found.feed;
  const boundary = boundaryOf(await deps.db.withTenant(tenant.id, repo.boundaryPoints));
  const counts: Counts = { read: 0, relayed: 0, proposed: 0, dropped: 0, duplicates: 0, applied: 0, failed: 0 };
  const ctx: PollContext = { deps, tenant, feed, boundary, actor: feedActor(feed.id), counts };
  const limits: FetchLimits = { ...DEFAULT_FETCH_LIMITS, timeoutMs: deps.config.capFeeds.timeoutMs, allowPrivate: deps.config.capFeeds.allowPrivateTargets };
  const polledAt = new Date();
  let notModified = false;
  let patch: Partial<repo.NewFeed> = {};
  try {
    const res = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, limits);
    if (res.status === 304) notModified = true;
    else {
      let error: string | null = null;
      if (feed.kind === 'cap') await handleAlert(ctx, parseCapAlert(res.body), res.body, null);
      else error = await readIndex(ctx, res.body, limits);
      // validators are kept only after a complete read, so refused entries are tried again next time
      patch = error ? { lastError: error } : { etag: res.etag, lastModified: res.lastModified };
    }
    if (!patch.lastError) patch.lastSuccessAt = polledAt;
    patch.lastError ??= null;
  } catch (err) {
    patch = { lastError: why(err).slice(0, 500) };
  }
  if (patch.lastError) deps.log.warn({ tenantId: tenant.id, feedId: feed.id, error: patch.lastError.split(':')[0] }, 'CAP feed refused');
  const updated = await deps.db.withTenant(tenant.id, async (tx) => {
    await repo.updateFeed(tx, feed.id, { ...patch, lastPolledAt: polledAt });
    return (await repo.findFeed(tx, feed.id))!;
  });
  return { feed: presentFeed(updated), notModified, ...counts };
}
