// CAP feeds a municipality subscribes to: create, change, delete (each audited), the list with the last poll, the
// alerts read, and the staff decision on a proposed alert (approve issues the warning, dismiss records the no).
import net from 'node:net';
import type { CapFeedInput, CapFeedPatch } from '../../../../common/contracts/cap-feeds.ts';
import type { CapItemState } from '../../../../common/states.ts';
import { type Actor, recordAudit } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import type { CapAlert } from './cap-parse.ts';
import * as repo from './cap-feeds.repository.ts';
import { isPrivateAddress } from '../../../platform/outbound.ts';
import { feedUrlProblem } from './fetch-feed.ts';
import { issueFromAlert } from './cap-relay.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentFeed = ({ feed, proposals }: { feed: repo.FeedRow; proposals: number }) => ({
  id: feed.id,
  name: feed.name,
  url: feed.url,
  kind: feed.kind,
  mode: feed.mode,
  minSeverity: feed.minSeverity,
  eventTypes: feed.eventTypes,
  requireAreaIntersection: feed.requireAreaIntersection,
  intervalMinutes: feed.intervalMinutes,
  enabled: feed.enabled,
  lastPolledAt: iso(feed.lastPolledAt),
  lastSuccessAt: iso(feed.lastSuccessAt),
  lastError: feed.lastError,
  proposals,
  createdAt: feed.createdAt.toISOString(),
});

export const presentItem = (item: repo.ItemRow) => ({
  id: item.id,
  feedId: item.feedId,
  identifier: item.identifier,
  sender: item.sender,
  sent: item.sent,
  msgType: item.msgType,
  state: item.state,
  reason: item.reason,
  warningId: item.warningId,
  event: item.event,
  severity: item.severity,
  headline: item.headline,
  areaDesc: ((item.alert as unknown as CapAlert).info?.areas ?? [])
    .map((a) => a.desc)
    .filter(Boolean)
    .join(', ')
    .slice(0, 500),
  createdAt: item.createdAt.toISOString(),
  decidedAt: iso(item.decidedAt),
});

/** Refuses URLs that are not http(s), and private or loopback hosts unless the operator allows them. */
function checkUrl(deps: AppDeps, url: string) {
  const problem = feedUrlProblem(url);
  if (problem) throw invalid('/body/url', problem, 'invalid_url');
  if (deps.config.capFeeds.allowPrivateTargets) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || (net.isIP(host) && isPrivateAddress(host)))
    throw invalid('/body/url', 'must not point at a private or loopback address', 'private_address');
}

export async function listFeeds(deps: AppDeps, tenant: TenantRow) {
  const rows = await deps.db.withTenant(tenant.id, repo.listFeeds);
  return { items: rows.map(presentFeed) };
}

export async function getFeed(deps: AppDeps, tenant: TenantRow, id: string) {
  const row = await deps.db.withTenant(tenant.id, (tx) => repo.findFeed(tx, id));
  if (!row) throw notFound('This CAP feed');
  return presentFeed(row);
}

export async function createFeed(deps: AppDeps, actor: Actor, tenant: TenantRow, input: Required<CapFeedInput>) {
  checkUrl(deps, input.url);
  return deps.db.withTenant(tenant.id, async (tx) => {
    const feed = await repo.insertFeed(tx, { tenantId: tenant.id, ...input, createdBy: actor.userId });
    await recordAudit(tx, tenant.id, actor, {
      action: 'cap_feed.created',
      objectType: 'cap_feed',
      objectId: feed.id,
      details: { name: feed.name, mode: feed.mode },
    });
    return presentFeed({ feed, proposals: 0 });
  });
}

export async function updateFeed(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: CapFeedPatch) {
  if (patch.url !== undefined) checkUrl(deps, patch.url);
  return deps.db.withTenant(tenant.id, async (tx) => {
    const existing = await repo.findFeed(tx, id);
    if (!existing) throw notFound('This CAP feed');
    // a new address starts without the old one's validators
    const reset = patch.url !== undefined && patch.url !== existing.feed.url ? { etag: null, lastModified: null } : {};
    const feed = await repo.updateFeed(tx, id, { ...patch, ...reset });
    await recordAudit(tx, tenant.id, actor, { action: 'cap_feed.updated', objectType: 'cap_feed', objectId: id, details: { fields: Object.keys(patch) } });
    return presentFeed({ feed, proposals: existing.proposals });
  });
}

export async function deleteFeed(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const existing = await repo.findFeed(tx, id);
    if (!existing) throw notFound('This CAP feed');
    await repo.deleteFeed(tx, id);
    await recordAudit(tx, tenant.id, actor, { action: 'cap_feed.deleted', objectType: 'cap_feed', objectId: id, details: { name: existing.feed.name } });
  });
}

export async function listItems(deps: AppDeps, tenant: TenantRow, filter: { feedId?: string; state?: CapItemState; limit: number }) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    if (filter.feedId && !(await repo.findFeed(tx, filter.feedId))) throw notFound('This CAP feed');
    return { items: (await repo.listItems(tx, filter, filter.limit)).map(presentItem) };
  });
}

/** Takes a proposal for this decision, so two clicks cannot issue it twice. */
async function claimProposal(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, to: 'relayed' | 'dismissed') {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const item = await repo.findItem(tx, id);
    if (!item) throw notFound('This proposal');
    if (item.state !== 'proposed') throw new AppError('conflict', `This alert is ${item.state}, not waiting for a decision.`, [], { state: item.state });
    const claimed = await repo.updateItem(tx, id, { state: to, decidedBy: actor.userId, decidedAt: new Date() });
    await recordAudit(tx, tenant.id, actor, {
      action: to === 'relayed' ? 'cap_feed.proposal_approved' : 'cap_feed.proposal_dismissed',
      objectType: 'cap_feed_item',
      objectId: id,
      details: { identifier: item.identifier.slice(0, 200) },
    });
    return claimed;
  });
}

export async function approveProposal(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  const item = await claimProposal(deps, actor, tenant, id, 'relayed');
  try {
    const warningId = await issueFromAlert(deps, actor, tenant, item.alert as unknown as CapAlert, item.feedId);
    const done = await deps.db.withTenant(tenant.id, (tx) => repo.updateItem(tx, id, { warningId }));
    return presentItem(done);
  } catch (err) {
    // the warning was not issued: the proposal waits again
    await deps.db.withTenant(tenant.id, (tx) => repo.updateItem(tx, id, { state: 'proposed', decidedBy: null, decidedAt: null }));
    // the alert's fields are not this request's: say what is wrong with the alert (e.g. expired since it was proposed)
    if (err instanceof AppError && err.code === 'validation_failed')
      throw new AppError('conflict', `This alert cannot be issued: ${err.errors.map((e) => e.detail).join('; ') || err.detail}`);
    throw err;
  }
}

export async function dismissProposal(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string) {
  return presentItem(await claimProposal(deps, actor, tenant, id, 'dismissed'));
}
