// The inbox's deadline watch (the watch itself, shared with the reports, is deadline-watch.ts): every minute, per
// municipality, the owner of a conversation is reminded `reminderMinutes` business minutes before its deadline
// (once), and an overdue conversation is escalated to the department lead (once, with an entry in the conversation).
// A new deadline brings both again: whoever sets one clears reminded_at and escalated_at (and the checks also see a
// deadline newer than the last escalation or first reply).
import { sql } from 'drizzle-orm';
import { t } from '../../i18n/index.ts';
import type { AppDeps } from '../../platform/context.ts';
import { everyMinuteJob } from '../tenants/index.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { checkAllTenants, checkTenantWatch, type DeadlineRun, type DeadlineWatch } from './deadline-watch.ts';
import * as repo from './deadlines.repository.ts';
import { publishInbox } from './inbox.events.ts';

export type { DeadlineRun } from './deadline-watch.ts';

const conversationWatch: DeadlineWatch<repo.Candidate, { conversationId: string; itemId: string }> = {
  table: { name: 'conversations', open: sql`'open', 'waiting'` },
  label: 'inbox',
  findCandidates: repo.findCandidates,
  notice: (locale, kind, c, facts) => ({
    conversationId: c.id,
    text: t(locale, kind === 'reminder' ? 'inbox.notice.reminder' : 'inbox.notice.escalation', facts),
  }),
  recordEscalation: async (tx, tenantId, c, event) => ({ conversationId: c.id, itemId: await repo.insertEscalationItem(tx, tenantId, c.id, event) }),
  published(tenantId, touched, items) {
    for (const i of items) publishInbox(tenantId, { type: 'item', conversationId: i.conversationId, itemId: i.itemId, kind: 'event' });
    for (const c of touched)
      publishInbox(tenantId, { type: 'conversation', id: c.id, status: c.status, assigneeId: c.assigneeId, departmentId: c.departmentId });
  },
};

/** Checks one municipality's deadlines at `now`; returns how many reminders and escalations went out. */
export function checkTenantDeadlines(deps: AppDeps, tenant: TenantRow, now: Date = new Date()): Promise<DeadlineRun> {
  return checkTenantWatch(deps, tenant, conversationWatch, now);
}

/** Runs the check for every municipality (one failing municipality does not stop the others). */
export function checkAllDeadlines(deps: AppDeps, now: Date = new Date()): Promise<DeadlineRun> {
  return checkAllTenants(deps, 'inbox', checkTenantDeadlines, now);
}

export const inboxDeadlinesJob = everyMinuteJob('inbox.deadlines', (ctx) => checkAllDeadlines(ctx));
