// Retention (Löschfrist): once a day, per municipality, conversations resolved or closed longer ago than
// inbox_settings.retentionDays are deleted with their entries, attachments, notifications and the inbound messages
// they came from. Counts are logged, never contents or contacts.
import { sql } from 'drizzle-orm';
import { listTenants } from '../tenants/index.ts';
import { DEFAULT_INBOX_SETTINGS } from '../../../common/opening-hours.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantTx } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import { scheduledJob } from '../../platform/scheduled-job.ts';

/** Conversations per statement: keeps each transaction (and its locks) short on a large inbox. */
const BATCH = 2000;

export interface RetentionCounts {
  conversations: number;
  items: number;
  attachments: number;
  notifications: number;
  inboundMessages: number;
}

const zero = (): RetentionCounts => ({ conversations: 0, items: 0, attachments: 0, notifications: 0, inboundMessages: 0 });

/** Deletes one batch of expired conversations of the tenant whose wall `tx` stands in; returns what went. */
async function deleteBatch(tx: TenantTx, tenantId: string, retentionDays: number): Promise<RetentionCounts> {
  const [row] = await queryRows<RetentionCounts>(
    tx,
    sql`
    with old as (
      select id from conversations
      where tenant_id = ${tenantId} and status in ('resolved', 'closed')
        and coalesce(resolved_at, updated_at) < now() - make_interval(days => ${retentionDays}::int)
      limit ${BATCH}
    ),
    it as (select id, inbound_message_id from conversation_items where tenant_id = ${tenantId} and conversation_id in (select id from old)),
    inb as (
      select id from inbound_messages where tenant_id = ${tenantId} and id in (select inbound_message_id from it where inbound_message_id is not null)
      union select id from inbound_messages where tenant_id = ${tenantId} and conversation_id in (select id from old)
    ),
    da as (
      delete from conversation_attachments
      where tenant_id = ${tenantId}
        and (conversation_id in (select id from old) or item_id in (select id from it) or inbound_message_id in (select id from inb))
      returning 1
    ),
    dn as (delete from staff_notifications where tenant_id = ${tenantId} and conversation_id in (select id from old) returning 1),
    di as (delete from conversation_items where tenant_id = ${tenantId} and id in (select id from it) returning 1),
    dm as (delete from inbound_messages where tenant_id = ${tenantId} and id in (select id from inb) returning 1),
    dc as (delete from conversations where tenant_id = ${tenantId} and id in (select id from old) returning 1)
    select (select count(*) from dc)::int as conversations, (select count(*) from di)::int as items,
           (select count(*) from da)::int as attachments, (select count(*) from dn)::int as notifications,
           (select count(*) from dm)::int as "inboundMessages"`,
  );
  return row ?? zero();
}

/** Applies the retention of every municipality (or of one); returns the totals. */
export async function applyInboxRetention(deps: Pick<AppDeps, 'db' | 'log'>, onlyTenantId?: string): Promise<RetentionCounts> {
  // the tenant list is the tenants module's (it reads over the owner connection); the deletes run per tenant
  const tenants = (await listTenants(deps.db))
    .filter((t) => !onlyTenantId || t.id === onlyTenantId)
    .map((t) => ({ id: t.id, days: (t.inboxSettings as { retentionDays?: number } | null)?.retentionDays ?? null }));
  const total = zero();
  for (const tenant of tenants) {
    const days = tenant.days && tenant.days > 0 ? tenant.days : DEFAULT_INBOX_SETTINGS.retentionDays;
    const counts = zero();
    for (;;) {
      const batch = await deps.db.withTenant(tenant.id, (tx) => deleteBatch(tx, tenant.id, days));
      for (const k of Object.keys(counts) as (keyof RetentionCounts)[]) counts[k] += batch[k];
      if (batch.conversations < BATCH) break;
    }
    if (counts.conversations > 0) deps.log.info({ tenantId: tenant.id, retentionDays: days, ...counts }, 'inbox retention: old conversations deleted');
    for (const k of Object.keys(total) as (keyof RetentionCounts)[]) total[k] += counts[k];
  }
  return total;
}

export const inboxRetentionJob = scheduledJob('inbox.retention', '41 2 * * *', { retryLimit: 2, expireInSeconds: 3600 }, async (ctx) => {
  const total = await applyInboxRetention(ctx);
  ctx.log.info({ ...total }, 'inbox retention done');
});
