// Polling forwarded reports back: every 5 minutes, the status of each forwarded report still open here is asked from
// its back office (GET requests with up to 50 ids per call, one endpoint at a time). A token answer is first turned
// into the back office's id (tokens/{token}); `closed` there resolves the report here (the back office's notes become
// the public comment the reporter gets with the status message); changed notes on an open request become a public
// comment. A back office that does not answer is asked again next time; nothing here is retried within a run.
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { scheduledJob } from '../../platform/scheduled-job.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { findTenantById } from '../tenants/index.ts';
import { ForwardError, type ForwardEndpoint, getRequests, getTokenRequestId, type RemoteRequest } from './forward.client.ts';
import { forwardLimits, SYSTEM_ACTOR } from './forward.job.ts';
import * as repo from './forward.repository.ts';
import { changeStatus } from './reports.service.ts';

/** Reports polled per tenant and run (the longest unpolled first), ids per GET. */
const POLL_LIMITS = { perRun: 1000, perCall: 50 } as const;
/** The contract's limit of a public comment. */
const COMMENT_MAX = 2000;

export const forwardPollJob = scheduledJob('reports.forward-poll', '*/5 * * * *', { retryLimit: 0, expireInSeconds: 1800 }, async (ctx) => {
  const run = await pollForwarded(ctx);
  if (run.resolved || run.comments || run.ids) ctx.log.info(run, 'forwarded reports polled');
});

export interface PollRun {
  polled: number;
  resolved: number;
  comments: number;
  /** Token answers turned into the back office's id. */
  ids: number;
}

export async function pollForwarded(deps: AppDeps, now: Date = new Date()): Promise<PollRun> {
  const total: PollRun = { polled: 0, resolved: 0, comments: 0, ids: 0 };
  for (const tenantId of await repo.tenantsWithSentOpen(deps.db)) {
    const tenant = await findTenantById(deps.db, tenantId);
    if (!tenant) continue;
    const run = await pollTenantForwarded(deps, tenant, now);
    for (const k of Object.keys(total) as Array<keyof PollRun>) total[k] += run[k];
  }
  return total;
}

export async function pollTenantForwarded(deps: AppDeps, tenant: TenantRow, now: Date = new Date()): Promise<PollRun> {
  const run: PollRun = { polled: 0, resolved: 0, comments: 0, ids: 0 };
  const { sent, targets } = await deps.db.withTenant(tenant.id, async (tx) => {
    const sent = await repo.listSentOpen(tx, POLL_LIMITS.perRun);
    const targets = new Map<string, Awaited<ReturnType<typeof repo.forwardTarget>>>();
    for (const categoryId of new Set(sent.map((s) => s.categoryId))) targets.set(categoryId, await repo.forwardTarget(tx, categoryId));
    return { sent, targets };
  });
  // one group per back office: reports of several categories may go to the same endpoint
  const groups = new Map<string, { endpoint: ForwardEndpoint; reports: repo.SentReport[] }>();
  const orphans: string[] = [];
  for (const r of sent) {
    const target = targets.get(r.categoryId);
    if (!target?.url) {
      orphans.push(r.id);
      continue;
    }
    const key = `${target.url}\n${target.jurisdictionId ?? ''}`;
    const group = groups.get(key) ?? { endpoint: { url: target.url, jurisdictionId: target.jurisdictionId, apiKey: null }, reports: [] };
    group.reports.push(r);
    groups.set(key, group);
  }
  for (const { endpoint, reports } of groups.values()) {
    run.ids += await resolveTokens(deps, tenant, endpoint, reports);
    const known = reports.filter((r) => r.remoteId);
    for (let i = 0; i < known.length; i += POLL_LIMITS.perCall) {
      const chunk = known.slice(i, i + POLL_LIMITS.perCall);
      let remote: RemoteRequest[];
      try {
        remote = await getRequests(
          endpoint,
          chunk.map((r) => r.remoteId!),
          forwardLimits(deps),
        );
      } catch (err) {
        if (!(err instanceof ForwardError)) throw err;
        deps.log.warn({ tenant: tenant.slug, error: err.message }, 'polling a back office failed; asked again next run');
        break;
      }
      const byId = new Map(remote.map((x) => [x.serviceRequestId, x]));
      for (const r of chunk) {
        const x = byId.get(r.remoteId!);
        if (!x) continue;
        const outcome = await takeOver(deps, tenant, r, x);
        if (outcome === 'resolved') run.resolved++;
        if (outcome === 'comment') run.comments++;
      }
      await deps.db.withTenant(tenant.id, (tx) =>
        repo.markPolled(
          tx,
          chunk.map((r) => r.id),
          now,
        ),
      );
      run.polled += chunk.length;
    }
  }
  if (orphans.length) await deps.db.withTenant(tenant.id, (tx) => repo.markPolled(tx, orphans, now));
  return run;
}

/** Asks tokens/{token} for reports the back office answered with a token; returns how many now have an id. */
async function resolveTokens(deps: AppDeps, tenant: TenantRow, endpoint: ForwardEndpoint, reports: repo.SentReport[]): Promise<number> {
  let found = 0;
  for (const r of reports.filter((x) => !x.remoteId && x.token)) {
    let id: string | null;
    try {
      id = await getTokenRequestId(endpoint, r.token!, forwardLimits(deps));
    } catch (err) {
      if (!(err instanceof ForwardError)) throw err;
      deps.log.warn({ tenant: tenant.slug, report: r.number, error: err.message }, 'asking a back office for a token failed');
      continue;
    }
    if (!id) continue;
    const remoteId = id;
    const stored = await deps.db.withTenant(tenant.id, async (tx) => {
      if (!(await repo.setRemoteId(tx, r.id, remoteId))) return false;
      await repo.insertEvent(tx, tenant.id, r.id, { type: 'forward_remote_id', remoteId });
      return true;
    });
    if (stored) {
      r.remoteId = remoteId;
      found++;
      emit('reports.changed', { tenantId: tenant.id, reportId: r.id });
    }
  }
  return found;
}

/** Takes the back office's state over: closed there resolves it here; new notes become a public comment. */
async function takeOver(deps: AppDeps, tenant: TenantRow, r: repo.SentReport, x: RemoteRequest): Promise<'resolved' | 'comment' | null> {
  const notes = x.statusNotes?.slice(0, COMMENT_MAX) ?? null;
  const last = await deps.db.withTenant(tenant.id, (tx) => repo.lastRemoteNotes(tx, r.id));
  const fresh = notes && notes !== last ? notes : null;
  if (x.status === 'closed') {
    try {
      await changeStatus(deps, SYSTEM_ACTOR, { tenant, userId: null }, r.id, { status: 'resolved', ...(fresh ? { publicComment: fresh } : {}) });
      return 'resolved';
    } catch (err) {
      // staff changed it meanwhile (e.g. to a status that cannot become resolved): theirs wins
      if (!(err instanceof AppError)) throw err;
      deps.log.warn({ tenant: tenant.slug, report: r.number, code: err.code }, 'a report closed at the back office could not be resolved');
      return null;
    }
  }
  if (!fresh) return null;
  await deps.db.withTenant(tenant.id, (tx) => repo.insertPublicComment(tx, tenant.id, r.id, fresh, { source: 'forward', remoteId: r.remoteId }));
  emit('reports.changed', { tenantId: tenant.id, reportId: r.id });
  return 'comment';
}
