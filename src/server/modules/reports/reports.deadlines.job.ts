// The reports' deadline watch, the inbox's one (inbox deadline-watch.ts) on the reports table: every minute, per
// municipality, whoever works a report is reminded `reminderMinutes` business minutes before its deadline (once per
// deadline), and an overdue report is escalated to its department's lead, else the owners and admins (once, with an
// entry in its history). New deadlines (reopened, another department) clear both marks, so they come again.
import { sql } from 'drizzle-orm';
import { t } from '../../i18n/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { everyMinuteJob } from '../tenants/index.ts';
import {
  checkAllTenants,
  checkTenantWatch,
  type DeadlineRun,
  type DeadlineWatch,
  deadlineNeedsAction,
  type ReminderHorizons,
  sqlTime,
  type WatchCandidate,
} from '../inbox/index.ts';
import * as repo from './reports.repository.ts';

/** Per run and municipality: a backlog is worked off over the next minutes instead of in one long transaction. */
const PER_RUN = 500;

export type ReportDeadlineRun = DeadlineRun;

interface Candidate extends WatchCandidate {
  number: number;
  categoryName: string;
}

const NO_DEPARTMENT = '00000000-0000-0000-0000-000000000000';

async function findCandidates(tx: Tx, _tenantId: string, now: Date, since: Date, horizons: ReminderHorizons): Promise<Candidate[]> {
  const ids = horizons.map((h) => h.departmentId ?? NO_DEPARTMENT);
  const limits = horizons.map((h) => h.horizon.toISOString());
  const rows = await queryRows<Omit<Candidate, 'nextDueAt'> & { nextDueAt: string | Date; number: string | number }>(
    tx,
    sql`select c.id, c.number, cat.name as "categoryName", c.department_id as "departmentId", c.assignee_id as "assigneeId",
               c.next_due_at as "nextDueAt", c.next_due_at <= ${sqlTime(now)} as overdue
          from reports c
          join unnest(${sql.param(ids)}::uuid[], ${sql.param(limits)}::timestamptz[]) as h(department_id, horizon)
            on h.department_id = coalesce(c.department_id, ${NO_DEPARTMENT}::uuid)
          left join report_categories cat on cat.tenant_id = c.tenant_id and cat.id = c.category_id
         where c.status in (${repo.OPEN_SQL}) and c.next_due_at > ${sqlTime(since)} and c.next_due_at <= h.horizon and ${deadlineNeedsAction(now)}
         order by c.next_due_at limit ${PER_RUN}`,
  );
  return rows.map((r) => ({ ...r, number: Number(r.number), categoryName: r.categoryName ?? '', nextDueAt: new Date(r.nextDueAt) }));
}

const reportWatch: DeadlineWatch<Candidate, void> = {
  table: { name: 'reports', open: repo.OPEN_SQL },
  label: 'report',
  findCandidates,
  notice: (locale, kind, c, facts) => ({
    conversationId: null,
    reportId: c.id,
    text: t(locale, kind === 'reminder' ? 'report.notice.reminder' : 'report.notice.escalation', {
      number: String(c.number),
      category: c.categoryName,
      ...facts,
    }),
  }),
  async recordEscalation(tx, tenantId, c, event) {
    await repo.insertEvent(tx, tenantId, c.id, null, event);
  },
  published(tenantId, touched) {
    for (const c of touched) emit('reports.changed', { tenantId, reportId: c.id });
  },
};

/** Checks one municipality's report deadlines at `now`; returns how many reminders and escalations went out. */
export function checkTenantReportDeadlines(deps: AppDeps, tenant: TenantRow, now: Date = new Date()): Promise<ReportDeadlineRun> {
  return checkTenantWatch(deps, tenant, reportWatch, now);
}

/** Runs the check for every municipality (one failing municipality does not stop the others). */
export function checkAllReportDeadlines(deps: AppDeps, now: Date = new Date()): Promise<ReportDeadlineRun> {
  return checkAllTenants(deps, 'report', checkTenantReportDeadlines, now);
}

export const reportDeadlinesJob = everyMinuteJob('reports.deadlines', (ctx) => checkAllReportDeadlines(ctx));
