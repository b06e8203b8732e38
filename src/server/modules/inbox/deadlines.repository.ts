// SQL of the inbox's deadline watch (the watch itself is deadline-watch.ts): which conversations need a reminder or an
// escalation now, and the escalation's entry in the conversation. Every candidate query is a range scan of
// conversations_due_idx (tenant, department, next_due_at) per department, so a minute's check costs the same whether a
// municipality keeps a hundred conversations or a million.
import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { deadlineNeedsAction, type ReminderHorizons, sqlTime, type WatchCandidate } from './deadline-watch.ts';

export interface Candidate extends WatchCandidate {
  status: string;
}

/** Per run and department: a backlog is worked off over the next minutes instead of in one long transaction. */
const PER_DEPARTMENT = 200;

const COLUMNS = sql.raw(`c.id, c.department_id as "departmentId", c.assignee_id as "assigneeId", c.status, c.next_due_at as "nextDueAt"`);

/**
 * Conversations whose deadline passed after `since` (older ones were escalated long ago, or came in already overdue
 * when stored messages were migrated) and whose reminder horizon has come: per department up to its own horizon.
 */
export async function findCandidates(tx: Tx, tenantId: string, now: Date, since: Date, horizons: ReminderHorizons): Promise<Candidate[]> {
  const named = horizons.filter((h) => h.departmentId);
  const unnamed = horizons.find((h) => !h.departmentId);
  const parts: SQL[] = [];
  if (named.length)
    parts.push(sql`
      select ${COLUMNS}, c.next_due_at <= ${sqlTime(now)} as overdue
      from unnest(${sql.param(named.map((h) => h.departmentId))}::uuid[], ${sql.param(named.map((h) => h.horizon.toISOString()))}::timestamptz[]) as d(id, horizon)
      cross join lateral (
        select c.* from conversations c
        where c.tenant_id = ${tenantId} and c.department_id = d.id and c.status in ('open', 'waiting')
          and c.next_due_at > ${sqlTime(since)} and c.next_due_at <= d.horizon and ${deadlineNeedsAction(now)}
        order by c.next_due_at limit ${PER_DEPARTMENT}
      ) c`);
  if (unnamed)
    parts.push(sql`
      select * from (
        select ${COLUMNS}, c.next_due_at <= ${sqlTime(now)} as overdue
        from conversations c
        where c.tenant_id = ${tenantId} and c.department_id is null and c.status in ('open', 'waiting')
          and c.next_due_at > ${sqlTime(since)} and c.next_due_at <= ${sqlTime(unnamed.horizon)} and ${deadlineNeedsAction(now)}
        order by c.next_due_at limit ${PER_DEPARTMENT}
      ) u`);
  if (!parts.length) return [];
  const rows = await queryRows<Candidate>(tx, sql.join(parts, sql` union all `));
  return rows.map((r) => ({ ...r, nextDueAt: new Date(r.nextDueAt) }));
}

export async function insertEscalationItem(tx: Tx, tenantId: string, conversationId: string, event: Record<string, unknown>): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into conversation_items (tenant_id, conversation_id, kind, event)
        values (${tenantId}, ${conversationId}, 'event', ${JSON.stringify(event)}::jsonb) returning id`,
  );
  return row.id;
}
