// The deadline watch: every minute, per municipality, the owner of a conversation is reminded `reminderMinutes`
// business minutes before its deadline (once), and an overdue conversation is escalated to the department lead (once,
// with an entry in the conversation). A new deadline brings both again: whoever sets one clears reminded_at and
// escalated_at (and the checks below also see a deadline newer than the last escalation or first reply).
import { z } from 'zod';
import { DEFAULT_INBOX_SETTINGS } from '../../../common/opening-hours.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { defineJob } from '../../platform/jobs.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type Locale, t } from '../../i18n/index.ts';
import { listTenants } from '../tenants/index.ts';
import { calendarFor, reminderHorizon } from './deadlines.ts';
import * as repo from './deadlines.repository.ts';
import { publishInbox } from './inbox.events.ts';
import { notifyStaff, type StaffNotice, staffRecipients } from './notifications.service.ts';

/** Deadlines that passed longer ago than this are not escalated any more (a backlog from before, a long outage). */
const ESCALATION_LOOKBACK_MS = 7 * 24 * 3_600_000;

export interface DeadlineRun {
  reminded: number;
  escalated: number;
}

/** "01.12.2026 um 09:30 Uhr" / "1 Dec 2026 at 09:30", in the municipality's time zone. */
export function formatDue(locale: Locale, at: Date, timeZone: string): string {
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const date = new Intl.DateTimeFormat(tag, {
    timeZone,
    day: locale === 'de' ? '2-digit' : 'numeric',
    month: locale === 'de' ? '2-digit' : 'short',
    year: 'numeric',
  }).format(at);
  const time = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return t(locale, 'inbox.notice.dueAt', { date, time });
}

/** Checks one municipality's deadlines at `now`; returns how many reminders and escalations went out. */
export async function checkTenantDeadlines(deps: AppDeps, tenant: TenantRow, now: Date = new Date()): Promise<DeadlineRun> {
  const settings = { ...DEFAULT_INBOX_SETTINGS, ...tenant.inboxSettings };
  const result = await deps.db.withTenant(tenant.id, async (tx) => {
    const departments = await repo.listDepartments(tx, tenant.id);
    const horizons = [...departments, null].map((d) => ({
      departmentId: d?.id ?? null,
      horizon: reminderHorizon(calendarFor({ ...tenant, inboxSettings: settings }, d), settings.reminderMinutes, now),
    }));
    const candidates = await repo.findCandidates(tx, tenant.id, now, new Date(now.getTime() - ESCALATION_LOOKBACK_MS), horizons);
    if (!candidates.length) return null;
    const reminded = await repo.claim(
      tx,
      tenant.id,
      candidates.filter((c) => !c.overdue).map((c) => c.id),
      'reminded',
      now,
    );
    const escalated = await repo.claim(
      tx,
      tenant.id,
      candidates.filter((c) => c.overdue).map((c) => c.id),
      'escalated',
      now,
    );
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const plan = await planNotices(tx, tenant, departments, { reminded: reminded.map((id) => byId.get(id)!), escalated: escalated.map((id) => byId.get(id)!) });
    const items: Array<{ conversationId: string; itemId: string }> = [];
    for (const c of plan.escalations)
      items.push({
        conversationId: c.id,
        itemId: await repo.insertEscalationItem(tx, tenant.id, c.id, { type: 'escalated', dueAt: c.nextDueAt.toISOString(), notified: c.notified }),
      });
    const enqueue = await notifyStaff(deps, tx, tenant.id, plan.notices);
    return {
      enqueue,
      items,
      touched: [...reminded, ...escalated].map((id) => byId.get(id)!),
      counts: { reminded: reminded.length, escalated: escalated.length },
    };
  });
  if (!result) return { reminded: 0, escalated: 0 };
  await result.enqueue();
  for (const i of result.items) publishInbox(tenant.id, { type: 'item', conversationId: i.conversationId, itemId: i.itemId, kind: 'event' });
  for (const c of result.touched)
    publishInbox(tenant.id, { type: 'conversation', id: c.id, status: c.status, assigneeId: c.assigneeId, departmentId: c.departmentId });
  if (result.counts.reminded || result.counts.escalated) deps.log.info({ tenant: tenant.slug, ...result.counts }, 'inbox deadlines checked');
  return result.counts;
}

/**
 * Who hears of what: a reminder goes to the assignee, else the department's members (else its lead, else the owners
 * and admins); an escalation to the department's lead, else the owners and admins. Texts in each person's language.
 */
async function planNotices(tx: Tx, tenant: TenantRow, departments: repo.WatchDepartment[], due: { reminded: repo.Candidate[]; escalated: repo.Candidate[] }) {
  const people = await repo.listPeople(tx, tenant.id);
  const deptById = new Map(departments.map((d) => [d.id, d]));
  const member = (id: string | null | undefined): id is string => !!id && people.members.has(id);
  const reminderTo = (c: repo.Candidate): string[] => {
    if (member(c.assigneeId)) return [c.assigneeId];
    const dept = c.departmentId ? deptById.get(c.departmentId) : undefined;
    const staff = (c.departmentId && people.byDepartment.get(c.departmentId)) || [];
    if (staff.length) return staff;
    return member(dept?.leadUserId) ? [dept.leadUserId] : people.managers;
  };
  const escalationTo = (c: repo.Candidate): string[] => {
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
      const text = t(locale, kind === 'reminder' ? 'inbox.notice.reminder' : 'inbox.notice.escalation', {
        department,
        due: formatDue(locale, c.nextDueAt, tenant.timeZone),
      });
      notices.push({ userId, kind, conversationId: c.id, text });
    }
  const escalations = targets.filter((x) => x.kind === 'escalation').map((x) => ({ ...x.c, notified: x.to }));
  return { notices, escalations };
}

/** Runs the check for every municipality (one failing municipality does not stop the others). */
export async function checkAllDeadlines(deps: AppDeps, now: Date = new Date()): Promise<DeadlineRun> {
  const total = { reminded: 0, escalated: 0 };
  for (const tenant of await listTenants(deps.db)) {
    try {
      const r = await checkTenantDeadlines(deps, tenant, now);
      total.reminded += r.reminded;
      total.escalated += r.escalated;
    } catch (err) {
      deps.log.error({ err, tenant: tenant.slug }, 'inbox deadline check failed');
    }
  }
  return total;
}

export const inboxDeadlinesJob = defineJob({
  name: 'inbox.deadlines',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  // the next minute's run is the retry
  retryLimit: 0,
  async handle(_payload, ctx) {
    await checkAllDeadlines(ctx);
  },
});
