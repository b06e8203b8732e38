// The deadline watch, built once for the inbox's conversations and the reports (issue 11): every minute, per
// municipality, whoever works an item is reminded `reminderMinutes` business minutes before its deadline (once per
// deadline), and an overdue item is escalated to its department's lead, else the owners and admins (once, with an
// entry in its history). A new deadline clears both marks, so they come again. What differs between the two (which
// table, which texts, what the consoles hear) comes in as a DeadlineWatch.
import { type SQL, sql } from 'drizzle-orm';
import { DEFAULT_INBOX_SETTINGS, type OpeningHours } from '../../../common/opening-hours.ts';
import { type Locale, t } from '../../i18n/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { forEachTenant } from '../tenants/index.ts';
import { calendarFor, reminderHorizon } from './deadlines.ts';
import { notifyStaff, type StaffNotice, staffRecipients } from './notifications.service.ts';
import { dateFormat } from '../../../common/date-format.ts';

/** Deadlines that passed longer ago than this are not escalated any more (a backlog from before, a long outage). */
const ESCALATION_LOOKBACK_MS = 7 * 24 * 3_600_000;

export interface DeadlineRun {
  reminded: number;
  escalated: number;
}

export interface WatchDepartment {
  id: string;
  name: string;
  openingHours: OpeningHours | null;
  firstResponseHours: number | null;
  resolutionHours: number | null;
  leadUserId: string | null;
}

/** What the watch needs of a conversation or report; each table's query adds what its texts and events use. */
export interface WatchCandidate {
  id: string;
  departmentId: string | null;
  assigneeId: string | null;
  nextDueAt: Date;
  overdue: boolean;
}

export type ReminderHorizons = Array<{ departmentId: string | null; horizon: Date }>;

export interface DeadlineWatch<C extends WatchCandidate, E> {
  /** The table holding next_due_at, reminded_at, escalated_at and first_responded_at, with its open statuses. */
  table: { name: 'conversations' | 'reports'; open: SQL };
  /** For the log lines: "<label> deadlines checked", "<label> deadline check failed". */
  label: string;
  /**
   * Open items (alias `c`, see deadlineNeedsAction) whose deadline passed after `since` and whose reminder horizon
   * has come, per department up to its own horizon (departmentId null: items without a department).
   */
  findCandidates(tx: Tx, tenantId: string, now: Date, since: Date, horizons: ReminderHorizons): Promise<C[]>;
  /** One recipient's notice: its text in the recipient's language and what it links to. */
  notice(locale: Locale, kind: 'reminder' | 'escalation', c: C, facts: { department: string; due: string }): Omit<StaffNotice, 'userId' | 'kind'>;
  /** Writes the escalation into the item's history, in the check's transaction. */
  recordEscalation(tx: Tx, tenantId: string, c: C, event: { type: 'escalated'; dueAt: string; notified: string[] }): Promise<E>;
  /** After commit: tell the open consoles what changed (every claimed item, and the escalation entries written). */
  published(tenantId: string, touched: C[], escalations: E[]): void;
}

/** An SQL time literal (the driver would otherwise send a Date in the connection's time zone). */
export const sqlTime = (d: Date) => sql`${d.toISOString()}::timestamptz`;

// An item (alias `c`) needs an escalation when its deadline passed and none was sent since that deadline; a reminder
// when none was sent for this deadline (a reminder before the first response does not count for the resolution one).
export const deadlineNeedsAction = (now: Date) => sql`case when c.next_due_at <= ${sqlTime(now)} then (c.escalated_at is null or c.escalated_at < c.next_due_at)
  else (c.reminded_at is null or c.reminded_at < c.first_responded_at) end`;

async function listDepartments(tx: Tx, tenantId: string): Promise<WatchDepartment[]> {
  return queryRows<WatchDepartment>(
    tx,
    sql`select id, name, opening_hours as "openingHours", first_response_hours as "firstResponseHours",
               resolution_hours as "resolutionHours", lead_user_id as "leadUserId"
        from departments where tenant_id = ${tenantId}`,
  );
}

/**
 * Marks the reminder or escalation as sent, re-checking the condition under the row lock: of two overlapping runs
 * only one claims an item. Returns the ids claimed.
 */
async function claim(
  tx: Tx,
  table: DeadlineWatch<WatchCandidate, unknown>['table'],
  tenantId: string,
  ids: string[],
  kind: 'reminded' | 'escalated',
  now: Date,
) {
  if (!ids.length) return [];
  const name = sql.raw(table.name);
  const rows =
    kind === 'escalated'
      ? await queryRows<{ id: string }>(
          tx,
          sql`update ${name} c set escalated_at = ${sqlTime(now)}, reminded_at = coalesce(c.reminded_at, ${sqlTime(now)})
              where c.tenant_id = ${tenantId} and c.id = any(${sql.param(ids)}::uuid[]) and c.status in (${table.open})
                and c.next_due_at <= ${sqlTime(now)} and (c.escalated_at is null or c.escalated_at < c.next_due_at)
              returning c.id`,
        )
      : await queryRows<{ id: string }>(
          tx,
          sql`update ${name} c set reminded_at = ${sqlTime(now)}
              where c.tenant_id = ${tenantId} and c.id = any(${sql.param(ids)}::uuid[]) and c.status in (${table.open})
                and c.next_due_at > ${sqlTime(now)} and (c.reminded_at is null or c.reminded_at < c.first_responded_at)
              returning c.id`,
        );
  return rows.map((r) => r.id);
}

/** Members of each department, owners and admins of the municipality: who is told when no one else is. */
async function listPeople(tx: Tx, tenantId: string): Promise<{ byDepartment: Map<string, string[]>; managers: string[]; members: Set<string> }> {
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

/** "01.12.2026 um 09:30 Uhr" / "1 Dec 2026 at 09:30", in the municipality's time zone. */
export function formatDue(locale: Locale, at: Date, timeZone: string): string {
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const date = dateFormat(tag, {
    timeZone,
    day: locale === 'de' ? '2-digit' : 'numeric',
    month: locale === 'de' ? '2-digit' : 'short',
    year: 'numeric',
  }).format(at);
  const time = dateFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return t(locale, 'inbox.notice.dueAt', { date, time });
}

/**
 * Who hears of what: a reminder goes to the assignee, else the department's members (else its lead, else the owners
 * and admins); an escalation to the department's lead, else the owners and admins. Texts in each person's language.
 */
async function planNotices<C extends WatchCandidate, E>(
  tx: Tx,
  tenant: TenantRow,
  watch: DeadlineWatch<C, E>,
  departments: WatchDepartment[],
  due: { reminded: C[]; escalated: C[] },
) {
  const people = await listPeople(tx, tenant.id);
  const deptById = new Map(departments.map((d) => [d.id, d]));
  const member = (id: string | null | undefined): id is string => !!id && people.members.has(id);
  const reminderTo = (c: C): string[] => {
    if (member(c.assigneeId)) return [c.assigneeId];
    const dept = c.departmentId ? deptById.get(c.departmentId) : undefined;
    const staff = (c.departmentId && people.byDepartment.get(c.departmentId)) || [];
    if (staff.length) return staff;
    return member(dept?.leadUserId) ? [dept.leadUserId] : people.managers;
  };
  const escalationTo = (c: C): string[] => {
    const lead = c.departmentId ? deptById.get(c.departmentId)?.leadUserId : null;
    return member(lead) ? [lead] : people.managers;
  };
  const targets = [
    ...due.reminded.map((c) => ({ c, kind: 'reminder' as const, to: reminderTo(c) })),
    ...due.escalated.map((c) => ({ c, kind: 'escalation' as const, to: escalationTo(c) })),
  ];
  const recipients = await staffRecipients(
    tx,
    tenant.id,
    targets.flatMap((x) => x.to),
  );
  const notices: StaffNotice[] = [];
  for (const { c, kind, to } of targets)
    for (const userId of to) {
      const locale = recipients.get(userId)?.locale ?? 'de';
      const department = (c.departmentId && deptById.get(c.departmentId)?.name) || tenant.name;
      notices.push({ userId, kind, ...watch.notice(locale, kind, c, { department, due: formatDue(locale, c.nextDueAt, tenant.timeZone) }) });
    }
  const escalations = targets.filter((x) => x.kind === 'escalation').map((x) => ({ c: x.c, notified: x.to }));
  return { notices, escalations };
}

/** Checks one municipality's deadlines of one kind at `now`; returns how many reminders and escalations went out. */
export async function checkTenantWatch<C extends WatchCandidate, E>(
  deps: AppDeps,
  tenant: TenantRow,
  watch: DeadlineWatch<C, E>,
  now: Date,
): Promise<DeadlineRun> {
  const settings = { ...DEFAULT_INBOX_SETTINGS, ...tenant.inboxSettings };
  const result = await deps.db.withTenant(tenant.id, async (tx) => {
    const departments = await listDepartments(tx, tenant.id);
    const horizons = [...departments, null].map((d) => ({
      departmentId: d?.id ?? null,
      horizon: reminderHorizon(calendarFor({ ...tenant, inboxSettings: settings }, d), settings.reminderMinutes, now),
    }));
    const candidates = await watch.findCandidates(tx, tenant.id, now, new Date(now.getTime() - ESCALATION_LOOKBACK_MS), horizons);
    if (!candidates.length) return null;
    const claimOf = (overdue: boolean, kind: 'reminded' | 'escalated') =>
      claim(
        tx,
        watch.table,
        tenant.id,
        candidates.filter((c) => c.overdue === overdue).map((c) => c.id),
        kind,
        now,
      );
    const reminded = await claimOf(false, 'reminded');
    const escalated = await claimOf(true, 'escalated');
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const plan = await planNotices(tx, tenant, watch, departments, {
      reminded: reminded.map((id) => byId.get(id)!),
      escalated: escalated.map((id) => byId.get(id)!),
    });
    const entries: E[] = [];
    for (const { c, notified } of plan.escalations)
      entries.push(await watch.recordEscalation(tx, tenant.id, c, { type: 'escalated', dueAt: c.nextDueAt.toISOString(), notified }));
    const enqueue = await notifyStaff(deps, tx, tenant.id, plan.notices);
    return {
      enqueue,
      entries,
      touched: [...reminded, ...escalated].map((id) => byId.get(id)!),
      counts: { reminded: reminded.length, escalated: escalated.length },
    };
  });
  if (!result) return { reminded: 0, escalated: 0 };
  await result.enqueue();
  watch.published(tenant.id, result.touched, result.entries);
  if (result.counts.reminded || result.counts.escalated) deps.log.info({ tenant: tenant.slug, ...result.counts }, `${watch.label} deadlines checked`);
  return result.counts;
}

/** Runs a check for every municipality (one failing municipality does not stop the others). */
export async function checkAllTenants(
  deps: AppDeps,
  label: string,
  check: (deps: AppDeps, tenant: TenantRow, now: Date) => Promise<DeadlineRun>,
  now: Date,
): Promise<DeadlineRun> {
  const total = { reminded: 0, escalated: 0 };
  await forEachTenant(deps, `${label} deadline check failed`, async (tenant) => {
    const r = await check(deps, tenant, now);
    total.reminded += r.reminded;
    total.escalated += r.escalated;
  });
  return total;
}
