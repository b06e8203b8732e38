// The sweeper: one pass over all tenants every CIVICAST_DELIVERY_SWEEP_SECONDS (one process at a time on
// PostgreSQL) releases claims of dead workers, re-enqueues batches whose job was lost, expires old rows, sends the
// fallback channel once, and applies parked receipts. It works across tenants by design, so it runs on the owner
// connection (one of the files test/owner-connection.test.ts allows); so does the queue depth metric.
import { sql } from 'drizzle-orm';
import type { PoolClient } from 'pg';
import type { AppDeps } from '../../platform/context.ts';
import { type Database, queryRows } from '../../platform/db/client.ts';
import { type BatchPayload, enqueueBatches, isUrgent } from './delivery.jobs.ts';
import { applyPendingReceipts } from './delivery.events.ts';

const FALLBACK_BATCH_BASE = 1_000_000;

/** One sweep over all tenants (operations by design); run by worker processes every few seconds. */
export async function sweepDeliveries(deps: AppDeps): Promise<{ released: number; requeued: number; expired: number; fallbacks: number }> {
  const { db, config, jobs } = deps;
  const released = (
    await queryRows<{ n: number }>(
      db.system,
      sql`with r as (update deliveries set status = 'queued', updated_at = now()
      where status = 'sending' and claimed_at < now() - make_interval(secs => ${config.delivery.claimTimeoutSeconds}) returning 1)
      select count(*)::int as n from r`,
    )
  )[0].n;
  const expired = (
    await queryRows<{ n: number }>(
      db.system,
      sql`with r as (update deliveries set status = 'expired', last_error = coalesce(last_error, 'expired before it could be sent'), updated_at = now()
      where status = 'queued' and expires_at < now() returning 1) select count(*)::int as n from r`,
    )
  )[0].n;
  // batches whose job was lost (crash between commit and enqueue, a retry job that vanished)
  const due = await queryRows<BatchPayload & { priority: number }>(
    db.system,
    sql`select tenant_id as "tenantId", message_id as "messageId", channel, batch, max(priority) as priority
      from deliveries where status = 'queued' and next_attempt_at < now() - make_interval(secs => ${config.delivery.claimTimeoutSeconds})
      group by 1, 2, 3, 4 limit 500`,
  );
  const fallbacks = await queryRows<{ tenantId: string; messageId: string; channel: 'sms' | 'email' | 'push'; batch: number; priority: number }>(
    db.system,
    sql`
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
      select distinct tenant_id as "tenantId", message_id as "messageId", channel, batch, priority from inserted`,
  );
  // safety net: receipts still parked although their delivery is known by now
  const parked = await queryRows<{ providerId: string }>(db.system, sql`select distinct provider_id as "providerId" from pending_receipts limit 100`);
  if (parked.length)
    await applyPendingReceipts(
      db,
      parked.map((p) => p.providerId),
    );
  const afterQuietHours = await dueAfterQuietHours(db);
  const toEnqueue = [...due, ...fallbacks, ...afterQuietHours];
  if (toEnqueue.length && jobs) {
    await enqueueBatches(jobs, toEnqueue.map(toLane));
  }
  return { released: Number(released), requeued: due.length, expired: Number(expired), fallbacks: fallbacks.length };
}

/** A batch found in the deliveries table, back in the lane its message was written for. */
function toLane(b: BatchPayload & { priority: number }) {
  return { tenantId: b.tenantId, messageId: b.messageId, channel: b.channel, batch: Number(b.batch), urgent: isUrgent(Number(b.priority)) };
}

/** Batches with rows held for quiet hours that are due now and were never tried (their delayed job may be late or lost). */
function dueAfterQuietHours(db: Database) {
  return queryRows<BatchPayload & { priority: number }>(
    db.system,
    sql`select tenant_id as "tenantId", message_id as "messageId", channel, batch, max(priority) as priority
      from deliveries where held_until is not null and status = 'queued' and held_until <= now() and next_attempt_at <= now() and attempts = 0
      group by 1, 2, 3, 4 limit 500`,
  );
}

/**
 * Enqueues the batches whose quiet-hours hold has ended (the sweeper does this on every pass; tests call it after
 * moving a hold into the past). Returns how many batches were enqueued.
 */
export async function quietHoursRelease(deps: AppDeps): Promise<number> {
  const due = await dueAfterQuietHours(deps.db);
  if (due.length && deps.jobs) await enqueueBatches(deps.jobs, due.map(toLane));
  return due.length;
}

/** Runs the sweeper in this process until stopped; on PostgreSQL one process at a time sweeps (advisory lock). */
export function startSweeper(deps: AppDeps): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        // session-level advisory locks need one connection for lock and unlock
        const lock = deps.db.kind === 'pglite' ? null : await tryLock(deps);
        if (deps.db.kind !== 'pglite' && !lock) return;
        try {
          const r = await sweepDeliveries(deps);
          if (r.released || r.requeued || r.expired || r.fallbacks) deps.log.info(r, 'delivery sweep');
        } finally {
          if (lock) await unlock(lock);
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
/** The connection holding the sweep lock, or null when another process sweeps. */
async function tryLock(deps: AppDeps): Promise<PoolClient | null> {
  const client = await deps.db.pool!.connect();
  const res = await client.query('select pg_try_advisory_lock($1) as ok', [SWEEP_LOCK]);
  if (res.rows[0]?.ok) return client;
  client.release();
  return null;
}
async function unlock(client: PoolClient) {
  await client.query('select pg_advisory_unlock($1)', [SWEEP_LOCK]).catch(() => {});
  client.release();
}

/** Deliveries waiting to be sent, per channel, over all tenants (the civicast_delivery_queue_depth gauge). */
export function queueDepth(db: Database) {
  return queryRows<{ channel: string; n: number }>(
    db.system,
    sql`select channel, count(*)::int as n from deliveries where status in ('queued', 'sending') group by channel`,
  );
}
