// SQL of the deadline watch: which conversations need a reminder or an escalation now, claiming them, and who is told.
// Every candidate query is a range scan of conversations_due_idx (tenant, department, next_due_at) per department, so
// a minute's check costs the same whether a municipality keeps a hundred conversations or a million.
import { type SQL, sql } from 'drizzle-orm';
import type { OpeningHours } from '../../../common/opening-hours.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';

export interface WatchDepartment {
  id: string;
  name: string;
  openingHours: OpeningHours | null;
  firstResponseHours: number | null;
  resolutionHours: number | null;
  leadUserId: string | null;
}

export interface Candidate {
  id: string;
  departmentId: string | null;
  assigneeId: string | null;
  status: string;
  nextDueAt: Date;
  overdue: boolean;
}

/** Per run and department: a backlog is worked off over the next minutes instead of in one long transaction. */
const PER_DEPARTMENT = 200;

export async function listDepartments(tx: Tx, tenantId: string): Promise<WatchDepartment[]> {
  return queryRows<WatchDepartment>(
    tx,
    sql`select id, name, opening_hours as "openingHours", first_response_hours as "firstResponseHours",
               resolution_hours as "resolutionHours", lead_user_id as "leadUserId"
        from departments where tenant_id = ${tenantId}`,
  );
}

// A conversation needs an escalation when its deadline passed and none was sent since that deadline; a reminder when
// none was sent for this deadline (a reminder before the first reply does not count for the resolution deadline).
const needsAction = (now: SQL) => sql`case when c.next_due_at <= ${now} then (c.escalated_at is null or c.escalated_at < c.next_due_at)
  else (c.reminded_at is null or c.reminded_at < c.first_responded_at) end`;

const COLUMNS = sql.raw(`c.id, c.department_id as "departmentId", c.assignee_id as "assigneeId", c.status, c.next_due_at as "nextDueAt"`);

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Conversations whose deadline passed after `since` (older ones were escalated long ago, or came in already overdue
 * when stored messages were migrated) and whose reminder horizon has come: per department up to its own horizon.
 */
export async function findCandidates(
  tx: Tx,
  tenantId: string,
  now: Date,
  since: Date,
  horizons: Array<{ departmentId: string | null; horizon: Date }>,
): Promise<Candidate[]> {
  const named = horizons.filter((h) => h.departmentId);
  const unnamed = horizons.find((h) => !h.departmentId);
  const parts: SQL[] = [];
  if (named.length)
    parts.push(sql`
      select ${COLUMNS}, c.next_due_at <= ${at(now)} as overdue
      from unnest(${sql.param(named.map((h) => h.departmentId))}::uuid[], ${sql.param(named.map((h) => h.horizon.toISOString()))}::timestamptz[]) as d(id, horizon)
      cross join lateral (
        select c.* from conversations c
        where c.tenant_id = ${tenantId} and c.department_id = d.id and c.status in ('open', 'waiting')
          and c.next_due_at > ${at(since)} and c.next_due_at <= d.horizon and ${needsAction(at(now))}
        order by c.next_due_at limit ${PER_DEPARTMENT}
      ) c`);
  if (unnamed)
    parts.push(sql`
      select * from (
        select ${COLUMNS}, c.next_due_at <= ${at(now)} as overdue
        from conversations c
        where c.tenant_id = ${tenantId} and c.department_id is null and c.status in ('open', 'waiting')
          and c.next_due_at > ${at(since)} and c.next_due_at <= ${at(unnamed.horizon)} and ${needsAction(at(now))}
        order by c.next_due_at limit ${PER_DEPARTMENT}
      ) u`);
  if (!parts.length) return [];
  const rows = await queryRows<Candidate>(tx, sql.join(parts, sql` union all `));
  return rows.map((r) => ({ ...r, nextDueAt: new Date(r.nextDueAt) }));
}

/**
 * Marks the reminder or escalation as sent, re-checking the condition under the row lock: of two overlapping runs
 * only one claims a conversation. Returns the ids claimed.
 */
export async function claim(tx: Tx, tenantId: string, ids: string[], kind: 'reminded' | 'escalated', now: Date): Promise<string[]> {
  if (!ids.length) return [];
  const rows =
    kind === 'escalated'
      ? await queryRows<{ id: string }>(
          tx,
          sql`update conversations c set escalated_at = ${at(now)}, reminded_at = coalesce(c.reminded_at, ${at(now)})
              where c.tenant_id = ${tenantId} and c.id = any(${sql.param(ids)}::uuid[]) and c.status in ('open', 'waiting')
                and c.next_due_at <= ${at(now)} and (c.escalated_at is null or c.escalated_at < c.next_due_at)
              returning c.id`,
        )
      : await queryRows<{ id: string }>(
          tx,
          sql`update conversations c set reminded_at = ${at(now)}
              where c.tenant_id = ${tenantId} and c.id = any(${sql.param(ids)}::uuid[]) and c.status in ('open', 'waiting')
                and c.next_due_at > ${at(now)} and (c.reminded_at is null or c.reminded_at < c.first_responded_at)
              returning c.id`,
        );
  return rows.map((r) => r.id);
}

/** Members of each department, owners and admins of the municipality: who is told when no one else is. */
export async function listPeople(tx: Tx, tenantId: string): Promise<{ byDepartment: Map<string, string[]>; managers: string[]; members: Set<string> }> {
  const rows = await queryRows<{ userId: string; departmentId: string | null; role: string }>(
    tx,
    sql`select user_id as "userId", department_id as "departmentId", role from memberships where tenant_id = ${tenantId}`,
  );
  const byDepartment = new Map<string, string[]>();
  for (const r of rows) if (r.departmentId) byDepartment.set(r.departmentId, [...(byDepartment.get(r.departmentId) ?? []), r.userId]);
  return {
    byDepartment,
    managers: rows.filter((r) => r.role === 'owner' || r.role === 'admin').map((r) => r.userId),
    members: new Set(rows.map((r) => r.userId)),
  };
}

export async function insertEscalationItem(tx: Tx, tenantId: string, conversationId: string, event: Record<string, unknown>): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into conversation_items (tenant_id, conversation_id, kind, event)
        values (${tenantId}, ${conversationId}, 'event', ${JSON.stringify(event)}::jsonb) returning id`,
  );
  return row.id;
}
