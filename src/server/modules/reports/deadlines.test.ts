// Deadlines of reports in business hours (the category's hours, the department's calendar, holidays skipped), and the
// watch: a reminder before the deadline to whoever works the report, an escalation to the department lead (else the
// owners) when overdue, each once per deadline. Clocks are fixed by the arguments, never by sleeping.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { department } from '../../../../test/helpers/departments.ts';
import { categoryInput } from '../../../../test/helpers/reports.ts';
import { waitFor } from '../../../../test/helpers/delivery.ts';
import { testActor } from '../../../../test/helpers/factories.ts';
import { queryRows } from '../../platform/db/client.ts';
import { devOutbox, reportItems, reports, staffNotifications } from '../../platform/db/schema.ts';
import { createCategory } from './categories.service.ts';
import { checkTenantReportDeadlines, reportDeadlinesJob } from './reports.deadlines.job.ts';
import { changeStatus, fileReport } from './reports.service.ts';

let t: TestApp;
let leadId: string;
let agentId: string;
let ownerId: string;
let departmentId: string;
let leaderless: string;
let categoryId: string;
let bauhofCategory: string;
// Wednesday 2 December 2026, 10:00 in Musterstadt: open hours, no holiday
const NOW = new Date('2026-12-02T10:00:00+01:00');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

beforeAll(async () => {
  t = await createTestApp({ work: true });
  leadId = await t.createStaff(t.tenant, 'leitung@musterstadt.test', 'editor');
  agentId = await t.createStaff(t.tenant, 'anna@musterstadt.test', 'agent');
  [{ id: ownerId }] = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = 'owner@musterstadt.test'`);
  departmentId = await department(t.deps, t.tenant, { name: 'Tiefbauamt', leadUserId: leadId, assignment: 'claim' });
  leaderless = await department(t.deps, t.tenant, { name: 'Bauhof', assignment: 'claim' });
  categoryId = (await createCategory(t.deps, testActor, t.tenant, categoryInput('ampel', 'Ampel', { departmentId, resolutionHours: 2, firstResponseHours: 1 })))
    .id;
  bauhofCategory = (await createCategory(t.deps, testActor, t.tenant, categoryInput('gruen', 'Grünpflege', { departmentId: leaderless }))).id;
});
afterAll(async () => {
  await t?.close();
});

const file = (at: Date, category = categoryId) =>
  fileReport(
    t.deps,
    testActor,
    t.tenant,
    { categoryId: category, description: 'Ampel aus', location: { lat: 51.5, lng: 7.4 }, attributes: {}, contact: { kind: 'anonymous' }, language: 'de' },
    { source: 'staff', now: at },
  );
const row = async (id: string) => (await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(reports).where(eq(reports.id, id))))[0];
const setDue = (id: string, due: Date, assigneeId: string | null = null) =>
  t.deps.db.withTenant(t.tenant.id, (tx) => tx.update(reports).set({ nextDueAt: due, assigneeId }).where(eq(reports.id, id)));
const noticesOf = (reportId: string) =>
  t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(staffNotifications).where(eq(staffNotifications.reportId, reportId)));

describe('deadlines of a report', () => {
  it('count the category’s hours in opening hours, skipping Tag der Deutschen Einheit and the weekend', async () => {
    // Thursday 2 Oct 2025, 15:00 (NW); open until 16:00; Friday 3 Oct is a holiday
    const r = await file(new Date('2025-10-02T15:00:00+02:00'));
    const report = await row(r.id);
    expect(report.firstResponseDueAt?.toISOString()).toBe(new Date('2025-10-02T16:00:00+02:00').toISOString());
    // 2 hours: 1 on Thursday, none on the holiday and the weekend, 1 on Monday 08:00–09:00
    expect(report.resolutionDueAt?.toISOString()).toBe(new Date('2025-10-06T09:00:00+02:00').toISOString());
    expect(report.expectedAt?.toISOString()).toBe(report.resolutionDueAt?.toISOString());
    expect(report.nextDueAt?.toISOString()).toBe(report.firstResponseDueAt?.toISOString());
  });

  it('no first-response hours of its own: the municipality’s inbox target counts', async () => {
    const r = await file(NOW, bauhofCategory);
    const report = await row(r.id);
    expect(report.firstResponseDueAt!.getTime()).toBeGreaterThan(NOW.getTime());
    expect(report.resolutionDueAt!.getTime()).toBeGreaterThan(report.firstResponseDueAt!.getTime());
  });
});

describe('the deadline watch', () => {
  it('reminds the assignee once, by a notification and an e-mail linking the report', async () => {
    const r = await file(NOW);
    await setDue(r.id, minutes(30), agentId);
    const far = await file(NOW);
    await setDue(far.id, minutes(60 * 24 * 20), agentId);
    const run = await checkTenantReportDeadlines(t.deps, t.tenant, NOW);
    expect(run.reminded).toBeGreaterThanOrEqual(1);
    const notes = await noticesOf(r.id);
    expect(notes.map((n) => [n.userId, n.kind])).toEqual([[agentId, 'reminder']]);
    expect(notes[0].text).toMatch(/^Erinnerung: Die Meldung Nr\. \d+ \(Ampel\) in „Tiefbauamt“ ist am 02\.12\.2026 um 10:30 Uhr fällig\.$/);
    expect(await noticesOf(far.id)).toHaveLength(0);
    expect((await row(r.id)).remindedAt).not.toBeNull();
    await checkTenantReportDeadlines(t.deps, t.tenant, minutes(5));
    expect(await noticesOf(r.id)).toHaveLength(1);
    const mails = await waitFor(
      () =>
        t.deps.db.system
          .select()
          .from(devOutbox)
          .where(and(eq(devOutbox.recipient, 'anna@musterstadt.test'))),
      (rows) => rows.some((m) => m.bodyText.includes(`/admin/t/musterstadt/reports/${r.id}`)),
    );
    expect(mails.find((m) => m.bodyText.includes(r.id))?.subject).toBe('Musterstadt: Eine Meldung ist bald fällig');
  });

  it('without an assignee the department’s members are reminded, else its lead', async () => {
    const r = await file(NOW);
    await setDue(r.id, minutes(20));
    await checkTenantReportDeadlines(t.deps, t.tenant, NOW);
    expect((await noticesOf(r.id)).map((n) => n.userId)).toEqual([leadId]);
  });

  it('escalates an overdue report to the department lead once, with a history entry; without a lead to the owners', async () => {
    const r = await file(NOW);
    await setDue(r.id, minutes(-10), agentId);
    const orphan = await file(NOW, bauhofCategory);
    await setDue(orphan.id, minutes(-10));
    const run = await checkTenantReportDeadlines(t.deps, t.tenant, NOW);
    expect(run.escalated).toBeGreaterThanOrEqual(2);
    const notes = await noticesOf(r.id);
    expect(notes.map((n) => [n.userId, n.kind])).toEqual([[leadId, 'escalation']]);
    expect(notes[0].text).toContain('Überfällig: Die Meldung Nr.');
    expect((await noticesOf(orphan.id)).map((n) => [n.userId, n.kind])).toEqual([[ownerId, 'escalation']]);
    const items = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(reportItems).where(eq(reportItems.reportId, r.id)));
    expect(items.filter((i) => i.event?.type === 'escalated')).toHaveLength(1);
    await checkTenantReportDeadlines(t.deps, t.tenant, minutes(1));
    expect(await noticesOf(r.id)).toHaveLength(1);
  });

  it('a closed report is left alone; new deadlines bring the reminder again', async () => {
    const [owner] = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = 'owner@musterstadt.test'`);
    const who = { tenant: t.tenant, userId: owner.id, role: 'owner' as const };
    const r = await file(NOW);
    await setDue(r.id, minutes(-5), agentId);
    await changeStatus(t.deps, testActor, who, r.id, { status: 'resolved' });
    await checkTenantReportDeadlines(t.deps, t.tenant, NOW);
    expect(await noticesOf(r.id)).toHaveLength(0);
    await changeStatus(t.deps, testActor, who, r.id, { status: 'in_progress' });
    const reopened = await row(r.id);
    expect(reopened).toMatchObject({ remindedAt: null, escalatedAt: null, closedAt: null });
    expect(reopened.nextDueAt?.toISOString()).toBe(reopened.resolutionDueAt?.toISOString());
  });

  it('is a cron job every minute', () => {
    expect(reportDeadlinesJob.name).toBe('reports.deadlines');
    expect(reportDeadlinesJob.cron).toBe('* * * * *');
  });
});
