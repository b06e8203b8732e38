// Which department a new conversation goes to, and who in it takes it: the municipality's ordered rules (channel,
// first word, topic of the message answered, language), and round-robin among the available members.
import { sql } from 'drizzle-orm';
import { POLICY } from '../../../common/permissions.ts';
import type { InboundChannel } from '../../../common/states.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';

export interface RoutingFacts {
  channel: InboundChannel;
  text: string;
  /** The topic of the staff message this one answers, when it answers one. */
  topic: string | null;
  language: string | null;
}

/** The name of the department made when a municipality has none yet, so nothing lands without an owner. */
export const DEFAULT_DEPARTMENT = 'Bürgerbüro';

/** The first word, lower case, without punctuation around it: what a keyword rule compares. */
export function firstWord(text: string): string {
  const word = text.trim().split(/\s+/, 1)[0] ?? '';
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
}

interface RuleRow {
  channel: string | null;
  keyword: string | null;
  topic: string | null;
  language: string | null;
  departmentId: string;
}

const isCatchAll = (r: RuleRow) => r.channel === null && r.keyword === null && r.topic === null && r.language === null;

function matches(r: RuleRow, facts: RoutingFacts, word: string): boolean {
  if (r.channel !== null && r.channel !== facts.channel) return false;
  if (r.keyword !== null && r.keyword.trim().toLowerCase() !== word) return false;
  if (r.topic !== null && r.topic !== facts.topic) return false;
  if (r.language !== null && r.language.toLowerCase() !== (facts.language ?? '').toLowerCase()) return false;
  return true;
}

/**
 * Always a department id of the tenant of `tx`: the first matching rule by position, else the catch-all rule (all
 * conditions empty, wherever it stands), else the oldest department, else a new "Bürgerbüro".
 */
export async function routeDepartment(tx: Tx, facts: RoutingFacts): Promise<string> {
  // rules whose department was deleted route nowhere: the join drops them
  const rules = await queryRows<RuleRow>(
    tx,
    sql`select r.channel, r.keyword, r.topic, r.language, r.department_id as "departmentId"
          from inbox_rules r join departments d on d.tenant_id = r.tenant_id and d.id = r.department_id
         order by r.position, r.created_at`,
  );
  const word = firstWord(facts.text);
  const hit = rules.find((r) => !isCatchAll(r) && matches(r, facts, word)) ?? rules.find(isCatchAll);
  if (hit) return hit.departmentId;
  const [oldest] = await queryRows<{ id: string }>(tx, sql`select id from departments order by created_at, id limit 1`);
  if (oldest) return oldest.id;
  await tx.execute(sql`insert into departments (tenant_id, name) values (civicast_current_tenant(), ${DEFAULT_DEPARTMENT}) on conflict do nothing`);
  const [made] = await queryRows<{ id: string }>(tx, sql`select id from departments where name = ${DEFAULT_DEPARTMENT}`);
  if (!made) throw new Error('the default department could not be created');
  return made.id;
}

/**
 * Round-robin: the available member of the department who waited longest since their last assignment (never first)
 * gets it, and their turn is recorded. Null when the department is worked by claiming, or nobody is available.
 * Only roles that may work the inbox take part. The row lock makes two threaders pick two different people.
 */
export async function pickAssignee(tx: Tx, departmentId: string): Promise<string | null> {
  const [dept] = await queryRows<{ assignment: string }>(tx, sql`select assignment from departments where id = ${departmentId}`);
  if (dept?.assignment !== 'round-robin') return null;
  const roles = sql.param([...POLICY['inbox.work']]);
  const [picked] = await queryRows<{ userId: string }>(
    tx,
    sql`with next as (
          select m.tenant_id, m.user_id from memberships m join staff_users u on u.id = m.user_id
           where m.department_id = ${departmentId} and m.available and m.role = any(${roles}::text[])
           order by m.last_assigned_at asc nulls first, m.created_at, m.user_id
           limit 1 for update of m skip locked)
        update memberships m set last_assigned_at = clock_timestamp()
          from next where m.tenant_id = next.tenant_id and m.user_id = next.user_id
        returning m.user_id as "userId"`,
  );
  return picked?.userId ?? null;
}
