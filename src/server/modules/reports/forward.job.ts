// Forwarding new reports of a category with a forward URL to the back office's Open311 endpoint: woken when a report
// is filed, and swept every minute for due retries. Each try claims one report (so two workers never send the same
// one), posts it, and settles the outcome: sent (the remote id or token kept), retried later with exponential backoff
// (1, 2, 4 … at most 60 minutes), or failed (a 4xx, an answer that is not Open311, or the 10th failed try) with an
// event in the report's history and a notice to the responsible department. A lost answer to a POST that did reach the
// back office is retried like any timeout, which can file it twice there: Open311 has no idempotency key.
import { z } from 'zod';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { staffNotifications } from '../../platform/db/schema.ts';
import { emit, on } from '../../platform/events.ts';
import { defineJob } from '../../platform/jobs.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { t } from '../../i18n/index.ts';
import { enqueueSend, type PreparedSend, writeTransactional } from '../delivery/index.ts';
import { staffRecipients } from '../inbox/index.ts';
import { findTenantById } from '../tenants/index.ts';
import { forwardSecret } from './categories.service.ts';
import { DEFAULT_FORWARD_LIMITS, ForwardError, type ForwardLimits, type ForwardReceipt, postRequest } from './forward.client.ts';
import * as repo from './forward.repository.ts';

export const FORWARD_POLICY = {
  maxAttempts: 10,
  firstDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  /** A claimed report is left alone this long; a worker that died mid-try hands it to the next sweep after it. */
  leaseMs: 5 * 60_000,
  /** Per tenant and run, so one municipality's backlog does not hold up the others for long. */
  perRun: 100,
} as const;

export const SYSTEM_ACTOR: Actor = { userId: null, email: 'system', ip: null, userAgent: null, requestId: null };

/** 1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failed try, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(FORWARD_POLICY.firstDelayMs * 2 ** Math.max(0, attempts - 1), FORWARD_POLICY.maxDelayMs);
}

/** The address guard follows the operator's switch for outbound fetches to private addresses (tests, an intranet). */
export function forwardLimits(deps: AppDeps): ForwardLimits {
  return { ...DEFAULT_FORWARD_LIMITS, allowPrivate: deps.config.open311Forward.allowPrivateTargets };
}

export const forwardReportsJob = defineJob({
  name: 'reports.forward',
  payload: z.strictObject({ tenantId: z.uuid().optional() }),
  cron: '* * * * *',
  // the rows carry their own retry schedule; a failed run is simply the next minute's sweep
  retryLimit: 0,
  expireInSeconds: 1800,
  async handle({ tenantId }, ctx) {
    const run = tenantId ? await forwardTenantDue(ctx, tenantId) : await forwardDue(ctx);
    if (run.sent || run.failed || run.retried) ctx.log.info(run, 'reports forwarded');
  },
});

export interface ForwardRun {
  sent: number;
  retried: number;
  failed: number;
}

/** Forwards every report due at `now`, tenant by tenant. */
export async function forwardDue(deps: AppDeps, now: Date = new Date()): Promise<ForwardRun> {
  const total: ForwardRun = { sent: 0, retried: 0, failed: 0 };
  for (const tenantId of await repo.tenantsWithDueForwards(deps.db, now)) {
    const run = await forwardTenantDue(deps, tenantId, now);
    total.sent += run.sent;
    total.retried += run.retried;
    total.failed += run.failed;
  }
  return total;
}

export async function forwardTenantDue(deps: AppDeps, tenantId: string, now: Date = new Date()): Promise<ForwardRun> {
  const run: ForwardRun = { sent: 0, retried: 0, failed: 0 };
  const tenant = await findTenantById(deps.db, tenantId);
  if (!tenant) return run;
  for (let i = 0; i < FORWARD_POLICY.perRun; i++) {
    const claim = await deps.db.withTenant(tenant.id, (tx) => repo.claimDue(tx, now, FORWARD_POLICY.leaseMs));
    if (!claim) break;
    run[await forwardOne(deps, tenant, claim, now)]++;
  }
  return run;
}

async function forwardOne(deps: AppDeps, tenant: TenantRow, claim: repo.ClaimedForward, now: Date): Promise<keyof ForwardRun> {
  const target = await deps.db.withTenant(tenant.id, (tx) => repo.forwardTarget(tx, claim.categoryId));
  if (!target?.url) return fail(deps, tenant, claim, 'forwarding was switched off for this category before the report was sent', false);
  let receipt: ForwardReceipt;
  try {
    const apiKey = await forwardSecret(deps, tenant, claim.categoryId);
    receipt = await postRequest(
      { url: target.url, jurisdictionId: target.jurisdictionId, apiKey },
      {
        serviceCode: target.serviceCode || target.code,
        lat: claim.lat,
        lng: claim.lng,
        address: claim.address,
        description: claim.description,
        attributes: claim.attributes,
      },
      forwardLimits(deps),
    );
  } catch (caught) {
    // our own fault (the sealed key) is retried like a network error, and given up after as many tries
    if (!(caught instanceof ForwardError)) deps.log.error({ err: caught, report: claim.number }, 'forwarding a report failed here');
    const err = caught instanceof ForwardError ? caught : new ForwardError('internal', 'an internal error stopped the forwarding', true);
    if (!err.retryable || claim.attempts >= FORWARD_POLICY.maxAttempts) return fail(deps, tenant, claim, err.message, true);
    await deps.db.withTenant(tenant.id, (tx) =>
      repo.settle(tx, claim, { forwardNextAt: new Date(now.getTime() + backoffMs(claim.attempts)), forwardError: err.message }),
    );
    deps.log.warn({ report: claim.number, attempts: claim.attempts, error: err.message }, 'forwarding a report will be retried');
    return 'retried';
  }
  // outside the try: the back office has the report now; a database error here is not its failure to be retried at once
  const settled = await deps.db.withTenant(tenant.id, async (tx) => {
    const ok = await repo.settle(tx, claim, {
      forwardState: 'sent',
      forwardRemoteId: receipt.serviceRequestId,
      forwardToken: receipt.token,
      forwardError: null,
      forwardNextAt: null,
      forwardPolledAt: null,
    });
    if (!ok) return false;
    const event = { type: 'forwarded', remoteId: receipt.serviceRequestId, token: receipt.token, attempts: claim.attempts };
    await repo.insertEvent(tx, tenant.id, claim.id, event);
    await recordAudit(tx, tenant.id, SYSTEM_ACTOR, { action: 'report.forwarded', objectType: 'report', objectId: claim.id, details: event });
    return true;
  });
  if (settled) emit('reports.changed', { tenantId: tenant.id, reportId: claim.id });
  return 'sent';
}

/** Gives up on a report: state failed, the error kept, an event in its history, and (unless staff switched it off) a notice. */
async function fail(deps: AppDeps, tenant: TenantRow, claim: repo.ClaimedForward, error: string, notify: boolean): Promise<'failed'> {
  const enqueue = await deps.db.withTenant(tenant.id, async (tx) => {
    const ok = await repo.settle(tx, claim, { forwardState: 'failed', forwardError: error, forwardNextAt: null });
    if (!ok) return null;
    const event = { type: 'forward_failed', attempts: claim.attempts, error };
    await repo.insertEvent(tx, tenant.id, claim.id, event);
    await recordAudit(tx, tenant.id, SYSTEM_ACTOR, { action: 'report.forward_failed', objectType: 'report', objectId: claim.id, details: event });
    return notify ? notifyFailure(deps, tx, tenant, claim, error) : async () => {};
  });
  if (enqueue) {
    await enqueue();
    emit('reports.changed', { tenantId: tenant.id, reportId: claim.id });
  }
  deps.log.warn({ report: claim.number, attempts: claim.attempts, error }, 'forwarding a report failed for good');
  return 'failed';
}

/** A console notification and an e-mail to the responsible staff, each in their language; no personal data of the reporter. */
async function notifyFailure(deps: AppDeps, tx: Tx, tenant: TenantRow, claim: repo.ClaimedForward, error: string): Promise<() => Promise<void>> {
  const recipients = await staffRecipients(tx, tenant.id, await repo.failureRecipients(tx, tenant.id, claim.departmentId));
  if (!recipients.size) return async () => {};
  const link = `${deps.config.publicUrl}/admin/t/${tenant.slug}/reports/${claim.id}`;
  const mails: PreparedSend[] = [];
  for (const [userId, to] of recipients) {
    const text = t(to.locale, 'reports.forward.failedNotice', { number: String(claim.number), attempts: String(claim.attempts), error });
    await tx.insert(staffNotifications).values({ tenantId: tenant.id, userId, kind: 'escalation', reportId: claim.id, text });
    const vars = { tenant: tenant.name, text, link };
    const mail = await writeTransactional(deps, tx, tenant.id, SYSTEM_ACTOR, {
      channel: 'email',
      to: to.email,
      subject: t(to.locale, 'mail.reportForwardFailed.subject', vars),
      text: t(to.locale, 'mail.reportForwardFailed.body', vars),
    });
    if (mail) mails.push(mail);
  }
  return async () => {
    for (const mail of mails) await enqueueSend(deps, mail);
  };
}

/** A burst of filed reports wakes the forwarder once per tenant. */
const WAKE_DELAY_MS = 20;

/**
 * On 'reports.filed' sends the forward job for the report's tenant (fileReport marked the report pending in its own
 * transaction when the category forwards); returns the function that stops listening. Without a job queue the
 * worker's minute sweep picks it up. No query here: a burst of filings costs one job per tenant.
 */
export function wakeForwarderOnFiled(deps: AppDeps): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  const off = on('reports.filed', ({ tenantId }) => {
    if (!deps.jobs || timers.has(tenantId)) return;
    timers.set(
      tenantId,
      setTimeout(() => {
        timers.delete(tenantId);
        deps.jobs?.send(forwardReportsJob, { tenantId }).catch((err) => deps.log.error({ err }, 'waking the forwarder failed'));
      }, WAKE_DELAY_MS),
    );
  });
  return () => {
    off();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
