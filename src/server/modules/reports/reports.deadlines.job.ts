// The reports' deadline watch, as the inbox's: every minute, per municipality, whoever works a report is reminded
// `reminderMinutes` business minutes before its deadline (once per deadline), and an overdue report is escalated to
// its department's lead, else the owners and admins (once, with an entry in its history). New deadlines (reopened,
// another department) clear both marks, so they come again.
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { DEFAULT_INBOX_SETTINGS } from '../../../common/opening-hours.ts';
import { type Locale, t } from '../../i18n/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { emit } from '../../platform/events.ts';
import { defineJob } from '../../platform/jobs.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { calendarFor, notifyStaff, reminderHorizon, type StaffNotice, staffRecipients } from '../inbox/index.ts';
import { listTenants } from '../tenants/index.ts';
import * as repo from './reports.repository.ts';

/** Deadlines that passed longer ago than this are not escalated any more (a backlog from before, a long outage). */
const ESCALATION_LOOKBACK_MS = 7 * 24 * 3_600_000;
/** Per run and municipality: a backlog is worked off over the next minutes instead of in one long transaction. */
const PER_RUN = 500;

export interface ReportDeadlineRun {
  reminded: number;
  escalated: number;
}

interface Candidate {
  id: string;
  number: number;
  categoryName: string;
  departmentId: string | null;
  assigneeId: string | null;
  nextDueAt: Date;
  overdue: boolean;
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

// an escalation when the deadline passed and none was sent since it; a reminder when none was sent for this deadline
// (one sent before the first response does not count for the resolution deadline)
const needsAction = (now: SQL) => sql`case when r.next_due_at <= ${now} then (r.escalated_at is null or r.escalated_at < r.next_due_at)
  else (r.reminded_at is null or r.reminded_at < r.first_responded_at) end`;

async function findCandidates(tx: Tx, now: Date, since: Date, horizons: Array<{ departmentId: string | null; horizon: Date }>): Promise<Candidate[]> {
  const ids = horizons.map((h) => h.departmentId ?? '00000000-0000-0000-0000-000000000000');
  const limits = horizons.map((h) => h.horizon.toISOString());
  const rows = await queryRows<Omit<Candidate, 'nextDueAt'> & { nextDueAt: string | Date; number: string | number }>(
    tx,
    sql`select r.id, r.number, c.name as "categoryName", r.department_id as "departmentId", r.assignee_id as "assigneeId",
               r.next_due_at as "nextDueAt", r.next_due_at <= ${at(now)} as overdue
          from reports r
          join unnest(${sql.param(ids)}::uuid[], ${sql.param(limits)}::timestamptz[]) as h(department_id, horizon)
            on h.department_id = coalesce(r.department_id, '00000000-0000-0000-0000-000000000000'::uuid)
          left join report_categories c on c.tenant_id = r.tenant_id and c.id = r.category_id
         where r.status in (${repo.OPEN_SQL}) and r.next_due_at > ${at(since)} and r.next_due_at <= h.horizon and ${needsAction(at(now))}
         order by r.next_due_at limit ${PER_RUN}`,
  );
  return rows.map((r) => ({ ...r, number: Number(r.number), categoryName: r.categoryName ?? '', nextDueAt: new Date(r.nextDueAt) }));
}

/** Marks reminders or escalations as sent, re-checking under the row lock: of two overlapping runs only one claims. */
async function claim(tx: Tx, ids: string[], kind: 'reminded' | 'escalated', now: Date): Promise<string[]> {
  if (!ids.length) return [];
  const rows =
    kind === 'escalated'
      ? await queryRows<{ id: string }>(
          tx,
          sql`update reports r set escalated_at = ${at(now)}, reminded_at = coalesce(r.reminded_at, ${at(now)})
              where r.id = any(${sql.param(ids)}::uuid[]) and r.status in (${repo.OPEN_SQL})
                and r.next_due_at <= ${at(now)} and (r.escalated_at is null or r.escalated_at < r.next_due_at)
              returning r.id`,
        )
      : await queryRows<{ id: string }>(
          tx,
          sql`update reports r set reminded_at = ${at(now)}
              where r.id = any(${sql.param(ids)}::uuid[]) and r.status in (${repo.OPEN_SQL})
                and r.next_due_at > ${at(now)} and (r.reminded_at is null or r.reminded_at < r.first_responded_at)
              returning r.id`,
        );
  return rows.map((r) => r.id);
}

interface Department {
  id: string;
  name: string;
  openingHours: import('../../../common/opening-hours.ts').OpeningHours | null;
  leadUserId: string | null;
}

async function people(tx: Tx) {
  const rows = await queryRows<{ userId: string; departmentId: string | null; role: string }>(
    tx,
    sql`select user_id as "userId", department_id as "departmentId", role from memberships`,
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
function formatDue(locale: Locale, when: Date, timeZone: string): string {
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const date = new Intl.DateTimeFormat(tag, {
    timeZone,
    day: locale === 'de' ? '2-digit' : 'numeric',
    month: locale === 'de' ? '2-digit' : 'short',
    year: 'numeric',
  }).format(when);
  const time = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(when);
  return t(locale, 'inbox.notice.dueAt', { date, time });
}

/** Checks one municipality's report deadlines at `now`; returns how many reminders and escalations went out. */
export async function checkTenantReportDeadlines(deps: AppDeps, tenant: TenantRow, now: Date = new Date()): Promise<ReportDeadlineRun> {
  const settings = { ...DEFAULT_INBOX_SETTINGS, ...tenant.inboxSettings };
  const result = await deps.db.withTenant(tenant.id, async (tx) => {
    const departments = await queryRows<Department>(tx, sql`select id, name, opening_hours as "openingHours", lead_user_id as "leadUserId" from departments`);
    const horizons = [...departments, null].map((d) => ({
      departmentId: d?.id ?? null,
      horizon: reminderHorizon(calendarFor({ ...tenant, inboxSettings: settings }, d), settings.reminderMinutes, now),
    }));
    const candidates = await findCandidates(tx, now, new Date(now.getTime() - ESCALATION_LOOKBACK_MS), horizons);
    if (!candidates.length) return null;
    const reminded = await claim(
      tx,
      candidates.filter((c) => !c.overdue).map((c) => c.id),
      'reminded',
      now,
    );
    const escalated = await claim(
      tx,
      candidates.filter((c) => c.overdue).map((c) => c.id),
      'escalated',
      now,
    );
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const staff = await people(tx);
    const deptById = new Map(departments.map((d) => [d.id, d]));
    const member = (id: string | null | undefined): id is string => !!id && staff.members.has(id);
    // a reminder to the assignee, else the department's members (else its lead, else owners and admins);
    // an escalation to the department's lead, else the owners and admins
    const reminderTo = (c: Candidate): string[] => {
      if (member(c.assigneeId)) return [c.assigneeId];
      const inDept = (c.departmentId && staff.byDepartment.get(c.departmentId)) || [];
      if (inDept.length) return inDept;
      const lead = c.departmentId ? deptById.get(c.departmentId)?.leadUserId : null;
      return member(lead) ? [lead] : staff.managers;
    };
    const escalationTo = (c: Candidate): string[] => {
      const lead = c.departmentId ? deptById.get(c.departmentId)?.leadUserId : null;
      return member(lead) ? [lead] : staff.managers;
    };
    const targets = [
      ...reminded.map((id) => ({ c: byId.get(id)!, kind: 'reminder' as const, to: reminderTo(byId.get(id)!) })),
      ...escalated.map((id) => ({ c: byId.get(id)!, kind: 'escalation' as const, to: escalationTo(byId.get(id)!) })),
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
        notices.push({
          userId,
          kind,
          conversationId: null,
          reportId: c.id,
          text: t(locale, kind === 'reminder' ? 'report.notice.reminder' : 'report.notice.escalation', {
            number: String(c.number),
            category: c.categoryName,
            department,
            due: formatDue(locale, c.nextDueAt, tenant.timeZone),
          }),
        });
      }
    for (const x of targets.filter((x) => x.kind === 'escalation'))
      await repo.insertItem(tx, {
        tenantId: tenant.id,
        reportId: x.c.id,
        kind: 'event',
        authorId: null,
        event: { type: 'escalated', dueAt: x.c.nextDueAt.toISOString(), notified: x.to },
      });
    const enqueue = await notifyStaff(deps, tx, tenant.id, notices);
    return { enqueue, touched: [...reminded, ...escalated], counts: { reminded: reminded.length, escalated: escalated.length } };
  });
  if (!result) return { reminded: 0, escalated: 0 };
  await result.enqueue();
  for (const id of result.touched) emit('reports.changed', { tenantId: tenant.id, reportId: id });
  if (result.counts.reminded || result.counts.escalated) deps.log.info({ tenant: tenant.slug, ...result.counts }, 'report deadlines checked');
  return result.counts;
}

/** Runs the check for every municipality (one failing municipality does not stop the others). */
export async function checkAllReportDeadlines(deps: AppDeps, now: Date = new Date()): Promise<ReportDeadlineRun> {
  const total = { reminded: 0, escalated: 0 };
  for (const tenant of await listTenants(deps.db)) {
    try {
      const r = await checkTenantReportDeadlines(deps, tenant, now);
      total.reminded += r.reminded;
      total.escalated += r.escalated;
    } catch (err) {
      deps.log.error({ err, tenant: tenant.slug }, 'report deadline check failed');
    }
  }
  return total;
}

export const reportDeadlinesJob = defineJob({
  name: 'reports.deadlines',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  // the next minute's run is the retry
  retryLimit: 0,
  async handle(_payload, ctx) {
    await checkAllReportDeadlines(ctx);
  },
});
