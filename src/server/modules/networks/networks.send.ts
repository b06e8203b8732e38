// A network sends a message or a warning to the residents of all or chosen member municipalities. Each member gets
// its own message (or warning) in its own tenant transactions, marked with the network as its origin, so its portal,
// console and audit log show where it came from; one member's failure (a topic it lacks, nobody reachable) stops
// no other member. What happened in each member is kept as the network's send record.
//
// Approval: a network message is approved at network level. The network composes it (author: the network, no
// person), submits it, and the network staff member who sends it (holding `network.send`: owner, admin, approver)
// approves it in each member and sends it at once. A member's own approval policy (second person, thresholds) is
// thereby met by the network's approval: a municipality that joins a network accepts its messages.
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { NetworkSendOutcome } from '../../platform/db/schema.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { type NetworkAccess, networkMembers } from '../../platform/network-scope.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { approveMessage, createMessage, sendMessage, submitMessage } from '../messages/index.ts';
import { issueWarning } from '../warnings/index.ts';
import * as repo from './networks.repository.ts';
import type { NetworkMessageInput, NetworkWarningInput } from './networks.schemas.ts';

/** The chosen members (all when none are named); a slug that names no member is refused before anything is sent. */
async function chosenMembers(deps: AppDeps, access: NetworkAccess, slugs: string[] | undefined): Promise<TenantRow[]> {
  const members = await networkMembers(deps.db, access.network.id);
  if (!slugs) {
    if (!members.length) throw invalid('/body/tenants', 'the network has no members yet');
    return members;
  }
  const bySlug = new Map(members.map((m) => [m.slug, m]));
  slugs.forEach((slug, i) => {
    if (!bySlug.has(slug)) throw invalid(`/body/tenants/${i}`, `"${slug}" is no member of this network`);
  });
  return slugs.map((slug) => bySlug.get(slug)!);
}

/** Runs `send` in each member, one after the other; records the outcomes as the network's send. */
async function sendToEach(
  deps: AppDeps,
  actor: Actor,
  access: NetworkAccess,
  kind: 'message' | 'warning',
  title: string,
  members: TenantRow[],
  send: (tenant: TenantRow) => Promise<string>,
) {
  const results: NetworkSendOutcome[] = [];
  const failures: unknown[] = [];
  for (const tenant of members) {
    const where = { tenantId: tenant.id, slug: tenant.slug, name: tenant.name };
    try {
      results.push({ ...where, outcome: 'sent', id: await send(tenant), error: null });
    } catch (err) {
      if (!(err instanceof AppError)) deps.log.error({ err, tenantId: tenant.id, networkId: access.network.id }, 'network send failed in a member');
      failures.push(err);
      const error = err instanceof AppError ? err : null;
      const detail = error ? [error.detail, ...error.errors.map((e) => `${e.pointer}: ${e.detail}`)].join(' ') : 'An internal error stopped the send here.';
      results.push({
        ...where,
        outcome: 'failed',
        id: (err as { campaignId?: string }).campaignId ?? null,
        error: { code: error?.code ?? 'internal', detail },
      });
    }
  }
  // the same invalid input everywhere: say what to fix, as a form expects, instead of a record of failures
  const first = failures[0];
  if (failures.length === members.length && first instanceof AppError && first.code === 'validation_failed') {
    if (failures.every((f) => f instanceof AppError && f.code === 'validation_failed' && f.errors[0]?.pointer === first.errors[0]?.pointer)) throw first;
  }
  const row = await repo.withNetwork(deps.db, access.network.id, (tx) =>
    repo.insertSend(tx, { networkId: access.network.id, kind, title, createdBy: actor.userId, results }),
  );
  return presentSend(row);
}

export function presentSend(row: Awaited<ReturnType<typeof repo.insertSend>>) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    createdAt: row.createdAt.toISOString(),
    results: row.results.map((r) => ({ tenant: { id: r.tenantId, slug: r.slug, name: r.name }, outcome: r.outcome, id: r.id, error: r.error })),
  };
}

export async function listSends(deps: AppDeps, access: NetworkAccess) {
  const rows = await repo.withNetwork(deps.db, access.network.id, (tx) => repo.listSends(tx, access.network.id, 50));
  return { items: rows.map(presentSend) };
}

/** A message to everyone who follows each chosen member (on the channels they consented to), approved by the sender. */
export async function sendNetworkMessage(deps: AppDeps, actor: Actor & { name?: string | null }, access: NetworkAccess, input: NetworkMessageInput) {
  const members = await chosenMembers(deps, access, input.tenants);
  const { tenants: _chosen, ...content } = input;
  // composed by the network (no person: the sender's approval is then no approval of their own message)
  const composer = { ...actor, userId: null, name: access.network.name };
  const viewer = { userId: actor.userId, role: null };
  return sendToEach(deps, actor, access, 'message', input.title, members, async (tenant) => {
    const draft = await createMessage(deps, composer, tenant, { ...content, audience: {} }, { originNetworkId: access.network.id });
    try {
      await submitMessage(deps, composer, tenant, draft.id, viewer);
      await approveMessage(deps, actor, tenant, draft.id, viewer);
      await sendMessage(deps, actor, tenant, draft.id, viewer);
    } catch (err) {
      throw Object.assign(err as object, { campaignId: draft.id });
    }
    return draft.id;
  });
}

/** A warning to everyone in each chosen member (the whole municipality), as its own warning with the network as origin. */
export async function sendNetworkWarning(deps: AppDeps, actor: Actor, access: NetworkAccess, input: NetworkWarningInput) {
  const members = await chosenMembers(deps, access, input.tenants);
  const { tenants: _chosen, ...content } = input;
  return sendToEach(deps, actor, access, 'warning', input.headline, members, async (tenant) => {
    const warning = await issueWarning(deps, actor, tenant, { ...content, area: { kind: 'tenant' } }, { originNetworkId: access.network.id });
    return warning.id;
  });
}
