// Reading warnings: the list (latest version of each chain), one chain with its delivery counts, and the current
// warnings the portal shows as a banner (a warning is current until cancelled, all-clear or its expiry).
import type { WarningDetail, WarningList, WarningState, WarningVersion } from '../../../common/contracts/warnings.ts';
import type { AppDeps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import type { PortalWarning } from '../portal/index.ts';
import * as repo from './warnings.repository.ts';

/** What the portal shows on every page while a warning is current. */
export type WarningBanner = PortalWarning;

export const capPath = (slug: string, id: string) => `/m/${slug}/alerts/${id}.cap.xml`;

export function presentVersion(deps: AppDeps, slug: string, w: repo.WarningRow): WarningVersion {
  return {
    id: w.id,
    chainId: w.chainId,
    version: w.version,
    capIdentifier: w.capIdentifier,
    capUrl: `${deps.config.publicUrl}${capPath(slug, w.id)}`,
    status: w.status,
    msgType: w.msgType,
    allClear: w.allClear,
    severity: w.severity,
    urgency: w.urgency,
    certainty: w.certainty,
    event: w.event,
    headline: w.headline,
    description: w.description,
    instruction: w.instruction,
    area: { kind: w.areaKind, streetIds: w.streetIds, polygon: w.polygon ?? null, description: w.areaDesc },
    onset: w.onset?.toISOString() ?? null,
    expiresAt: w.expiresAt?.toISOString() ?? null,
    languages: w.languages,
    source: w.sourceFeedId ? { feedId: w.sourceFeedId, capIdentifier: w.sourceCapIdentifier ?? '', capSender: w.sourceCapSender ?? '' } : null,
    originNetworkId: w.originNetworkId,
    messageIds: w.messageIds,
    recipients: w.recipients,
    sentAt: w.sentAt.toISOString(),
    createdBy: w.createdBy,
  };
}

export function stateOf(latest: repo.WarningRow, now: Date): WarningState {
  if (latest.msgType === 'cancel' || latest.allClear) return 'ended';
  if (latest.expiresAt && latest.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'current';
}

export async function listWarnings(deps: AppDeps, tenant: TenantRow, filter: { state?: 'current' | 'past' } = {}): Promise<WarningList> {
  const now = new Date();
  const rows = await deps.db.withTenant(tenant.id, (tx) => repo.latestVersions(tx));
  const items = rows
    .map((r) => ({ ...presentVersion(deps, tenant.slug, r), state: stateOf(r, now), versions: r.versions }))
    .filter((w) => !filter.state || (filter.state === 'current' ? w.state === 'current' : w.state !== 'current'));
  return { items };
}

export async function getWarning(deps: AppDeps, tenant: TenantRow, id: string): Promise<WarningDetail> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const found = await repo.findWarning(tx, id);
    if (!found) throw notFound('This warning');
    const versions = await repo.chainVersions(tx, found.chainId);
    const latest = versions[versions.length - 1];
    const withProgress = [];
    for (const v of versions) {
      const counts = await repo.deliveryCounts(tx, v.messageIds);
      const byStatus: Record<string, number> = {};
      const byChannel: Record<string, Record<string, number>> = {};
      let total = 0;
      for (const c of counts) {
        total += c.n;
        byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n;
        byChannel[c.channel] = { ...(byChannel[c.channel] ?? {}), [c.status]: c.n };
      }
      withProgress.push({ ...presentVersion(deps, tenant.slug, v), progress: { messageIds: v.messageIds, total, byStatus, byChannel } });
    }
    return {
      warning: { ...presentVersion(deps, tenant.slug, latest), state: stateOf(latest, new Date()), versions: versions.length },
      versions: withProgress,
    };
  });
}

/** The current warnings of a municipality, most recent first (for the portal's banner). */
export async function currentWarnings(deps: AppDeps, tenantId: string, now: Date = new Date()): Promise<WarningBanner[]> {
  return deps.db.withTenant(tenantId, async (tx) => {
    const tenant = await repo.tenantSlug(tx, tenantId);
    if (!tenant) return [];
    const rows = await repo.currentLatest(tx, now);
    return rows.map((w) => ({
      id: w.id,
      severity: w.severity,
      status: w.status,
      event: w.event,
      headline: w.headline,
      instruction: w.instruction,
      onset: w.onset,
      expiresAt: w.expiresAt,
      capUrl: `${deps.config.publicUrl}${capPath(tenant.slug, w.id)}`,
    }));
  });
}
