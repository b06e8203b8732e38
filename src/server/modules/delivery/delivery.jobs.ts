// Jobs of the delivery pipeline: one job per batch of recipients on one channel, plus a sweeper that keeps
// the pipeline honest (released claims, lost enqueues, expiry, fallback to the next channel).
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../platform/context.ts';
import { tenants } from '../../platform/db/schema.ts';
import { defineJob, type Jobs } from '../../platform/jobs.ts';
import type { TenantBrand } from './delivery.compose.ts';
import { processBatch } from './delivery.engine.ts';
import { applyPendingReceipts } from './delivery.repository.ts';
import { createChannelEvents } from './delivery.events.ts';
import { deliveryRuntime } from './delivery.runtime.ts';

const batchPayload = z.object({ tenantId: z.uuid(), messageId: z.uuid(), channel: z.enum(['sms', 'email', 'push']), batch: z.number().int() });
export type BatchPayload = z.infer<typeof batchPayload>;

export const runtimeFor = (deps: AppDeps) => deliveryRuntime(deps, (rt) => createChannelEvents(deps, rt));

const brands = new Map<string, { at: number; brand: Promise<TenantBrand> }>();
function tenantBrand(deps: AppDeps, tenantId: string): Promise<TenantBrand> {
  const hit = brands.get(tenantId);
  if (hit && Date.now() - hit.at < 10_000) return hit.brand;
  const brand = deps.db.system
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, smsSenderId: tenants.smsSenderId, emailFromName: tenants.emailFromName })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .then((rows) => rows[0]);
  brands.set(tenantId, { at: Date.now(), brand });
  return brand;
}

/** Warnings jump the queue; within a class, batch n of every message goes before batch n+1 of any (fairness). */
export const batchPriority = (warning: boolean, batch: number) => (warning ? 1_000_000 : 0) + Math.max(0, 100_000 - batch);

export const sendBatchJob = defineJob({
  name: 'delivery.send-batch',
  payload: batchPayload,
  retryLimit: 5,
  retryDelaySeconds: 5,
  expireInSeconds: 300,
  localConcurrency: 4,
  async handle(payload, deps) {
    const rt = runtimeFor(deps);
    const result = await processBatch(deps, rt, payload, await tenantBrand(deps, payload.tenantId));
    if (result.retryAt && deps.jobs) {
      await deps.jobs.send(sendBatchJob, payload, { startAfter: result.retryAt, priority: batchPriority(false, payload.batch) });
    }
    if (result.claimed) deps.log.debug({ ...payload, ...result }, 'batch worked');
  },
});

export async function enqueueBatches(jobs: Jobs, items: Array<BatchPayload & { warning: boolean }>) {
  await jobs.insert(
    sendBatchJob,
    items.map(({ warning, ...data }) => ({ data, priority: batchPriority(warning, data.batch) })),
  );
}

const FALLBACK_BATCH_BASE = 1_000_000;

/** One sweep over all tenants (operations by design); run by worker processes every few seconds. */
export async function sweepDeliveries(deps: AppDeps): Promise<{ released: number; requeued: number; expired: number; fallbacks: number }> {
  const { db, config, jobs } = deps;
  const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
  const released = rows<{ n: number }>(
    await db.system.execute(sql`with r as (update deliveries set status = 'queued', updated_at = now()
      where status = 'sending' and claimed_at < now() - make_interval(secs => ${config.delivery.claimTimeoutSeconds}) returning 1)
      select count(*)::int as n from r`),
  )[0].n;
  const expired = rows<{ n: number }>(
    await db.system.execute(sql`with r as (update deliveries set status = 'expired', last_error = coalesce(last_error, 'expired before it could be sent'), updated_at = now()
      where status = 'queued' and expires_at < now() returning 1) select count(*)::int as n from r`),
  )[0].n;
  // batches whose job was lost (crash between commit and enqueue, a retry job that vanished)
  const due = rows<BatchPayload & { priority: number }>(
    await db.system.execute(sql`select tenant_id as "tenantId", message_id as "messageId", channel, batch, max(priority) as priority
      from deliveries where status = 'queued' and next_attempt_at < now() - make_interval(secs => ${config.delivery.claimTimeoutSeconds})
      group by 1, 2, 3, 4 limit 500`),
  );
  const fallbacks = rows<{ tenantId: string; messageId: string; channel: 'sms' | 'email' | 'push'; batch: number; priority: number }>(
    await db.system.execute(sql`
      with candidates as (
        select d.tenant_id, d.id, d.message_id, d.priority, d.expires_at, d.fallback
          from deliveries d join messages m on m.tenant_id = d.tenant_id and m.id = d.message_id
         where d.fallback is not null and not d.fallback_done and d.status in ('sent', 'failed', 'expired')
           and coalesce(d.sent_at, d.updated_at) < now() - make_interval(secs => coalesce(m.fallback_after_seconds, ${config.delivery.fallbackSeconds}))
         limit 1000 for update of d skip locked
      ), marked as (
        update deliveries d set fallback_done = true from candidates c where d.tenant_id = c.tenant_id and d.id = c.id returning d.id
      ), inserted as (
        insert into deliveries (tenant_id, message_id, channel, recipient, batch, priority, expires_at, fallback_of)
        select c.tenant_id, c.message_id, c.fallback->>'channel', c.fallback->>'address',
               ${FALLBACK_BATCH_BASE} + (extract(epoch from now())::bigint % 1000000)::int, c.priority, c.expires_at, c.id
          from candidates c where c.id in (select id from marked) and c.expires_at > now()
        returning tenant_id, message_id, channel, batch, priority
      )
      select distinct tenant_id as "tenantId", message_id as "messageId", channel, batch, priority from inserted`),
  );
  // safety net: receipts still parked although their delivery is known by now
  const parked = rows<{ providerId: string }>(await db.system.execute(sql`select distinct provider_id as "providerId" from pending_receipts limit 100`));
  if (parked.length) await applyPendingReceipts(db, parked.map((p) => p.providerId));
  const toEnqueue = [...due, ...fallbacks];
  if (toEnqueue.length && jobs) {
    await jobs.insert(
      sendBatchJob,
      toEnqueue.map((b) => ({ data: { tenantId: b.tenantId, messageId: b.messageId, channel: b.channel, batch: Number(b.batch) }, priority: Number(b.priority) })),
    );
  }
  return { released: Number(released), requeued: due.length, expired: Number(expired), fallbacks: fallbacks.length };
}

/** Runs the sweeper in this process until stopped; on PostgreSQL one process at a time sweeps (advisory lock). */
export function startSweeper(deps: AppDeps): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        const locked = deps.db.kind === 'pglite' || (await tryLock(deps));
        if (!locked) return;
        try {
          const r = await sweepDeliveries(deps);
          if (r.released || r.requeued || r.expired || r.fallbacks) deps.log.info(r, 'delivery sweep');
        } finally {
          if (deps.db.kind !== 'pglite') await unlock(deps);
        }
      } catch (err) {
        deps.log.error({ err }, 'delivery sweep failed');
      }
    });
  }, deps.config.delivery.sweepMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

const SWEEP_LOCK = 4_211_977_002;
// session-level advisory locks need one connection for lock and unlock
let lockClient: import('pg').PoolClient | null = null;
async function tryLock(deps: AppDeps): Promise<boolean> {
  lockClient = await deps.db.pool!.connect();
  const res = await lockClient.query('select pg_try_advisory_lock($1) as ok', [SWEEP_LOCK]);
  if (!res.rows[0].ok) {
    lockClient.release();
    lockClient = null;
  }
  return Boolean(res.rows[0]?.ok);
}
async function unlock(_deps: AppDeps) {
  if (!lockClient) return;
  await lockClient.query('select pg_advisory_unlock($1)', [SWEEP_LOCK]).catch(() => {});
  lockClient.release();
  lockClient = null;
}

export const INBOUND_EMAIL_PROVIDER_ID = '00000000-0000-4000-8000-000000000002';

/** The inbound SMTP receiver for replies and bounces, when CIVICAST_INBOUND_SMTP_PORT is set. */
export async function startInboundEmail(deps: AppDeps): Promise<(() => Promise<void>) | null> {
  const port = deps.config.delivery.inboundSmtpPort;
  if (!port) return null;
  const { startInboundSmtp } = await import('../../channels/email/index.ts');
  const rt = runtimeFor(deps);
  const server = await startInboundSmtp({
    port,
    domains: [deps.config.delivery.replyAddress.split('@')[1]],
    events: rt.events,
    providerId: INBOUND_EMAIL_PROVIDER_ID,
    log: deps.log.child({ component: 'inbound-smtp' }),
  });
  deps.log.info({ port: server.port }, 'inbound SMTP receiver listening');
  return () => server.close();
}
