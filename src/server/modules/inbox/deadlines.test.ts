// Deadlines in business hours on real conversations, reminders before due and escalation when overdue, on a real
// database with the real job queue: notifications land as rows and as e-mails in the dev outbox. Time is driven by
// the rows' due times and the `now` handed to the check, never by sleeping.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { waitFor } from '../../../../test/helpers/delivery.ts';
import { queryRows } from '../../platform/db/client.ts';
import { conversationItems, conversations, departments, devOutbox, memberships, staffNotifications } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { checkTenantDeadlines, inboxDeadlinesJob } from './deadlines.job.ts';
import { computeDeadlines } from './deadlines.ts';
import { notifyStaff } from './notifications.service.ts';
import { threadAll, threadedConversation } from '../../../../test/helpers/inbox.ts';

let t: TestApp;
let tenant: TenantRow;
let leadId: string;
let agentId: string;
let colleagueId: string;
let adminId: string;
let departmentId: string;
let leaderless: string;
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

beforeAll(async () => {
  t = await createTestApp({ work: true });
  tenant = t.tenant;
  leadId = await t.createStaff(tenant, 'leitung@musterstadt.test', 'editor');
  agentId = await t.createStaff(tenant, 'anna@musterstadt.test', 'agent');
  colleagueId = await t.createStaff(tenant, 'ben@musterstadt.test', 'agent');
  adminId = await t.createStaff(tenant, 'verwaltung@musterstadt.test', 'admin');
  await t.deps.db.withTenant(tenant.id, async (tx) => {
    [{ id: departmentId }] = await tx.insert(departments).values({ tenantId: tenant.id, name: 'Ordnungsamt', leadUserId: leadId }).returning();
    [{ id: leaderless }] = await tx.insert(departments).values({ tenantId: tenant.id, name: 'Bauhof' }).returning();
    await tx.update(memberships).set({ departmentId }).where(sql`${memberships.userId} in (${agentId}, ${colleagueId})`);
  });
});
afterAll(async () => {
  await t?.close();
});

/** An open conversation of the department, due at `due`, as the threader leaves it. */
async function seed(due: Date, opts: { department?: string; assigneeId?: string | null; status?: 'open' | 'waiting' } = {}): Promise<string> {
  const at = new Date(due.getTime() - 8 * 3_600_000);
  const [c] = await t.deps.db.withTenant(tenant.id, (tx) =>
    tx
      .insert(conversations)
      .values({
        ...threadedConversation(tenant.id, at, due, new Date(due.getTime() + 32 * 3_600_000)),
        contactKind: 'email',
        channel: 'portal',
        subject: 'Laterne defekt',
        departmentId: opts.department ?? departmentId,
        assigneeId: opts.assigneeId ?? null,
        status: opts.status ?? 'open',
      })
      .returning({ id: conversations.id }),
  );
  return c.id;
}

const notificationsOf = (conversationId: string) =>
  t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(staffNotifications).where(eq(staffNotifications.conversationId, conversationId)));
const mailsTo = (email: string) => t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(devOutbox).where(eq(devOutbox.recipient, email)));
const row = async (id: string) => (await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(conversations).where(eq(conversations.id, id))))[0];

describe('deadlines of a conversation', () => {
  it('a message on the Thursday before Tag der Deutschen Einheit is due after the holiday and the weekend', async () => {
    // Thursday 2 Oct 2025, 15:00 in Musterstadt (NW); open until 16:00; Friday 3 Oct is a holiday
    const [msg] = await queryRows<{ id: string }>(
      t.deps.db.system,
      sql`insert into inbound_messages (tenant_id, channel, sender, recipient, subject, text, raw, received_at)
          values (${tenant.id}, 'portal', 'erna@example.org', 'portal', 'Sperrmüll', 'Wann wird abgeholt?', '{}'::jsonb, '2025-10-02T15:00:00+02:00')
          returning id`,
    );
    await threadAll(t.deps);
    const [c] = await queryRows<{ firstResponseDueAt: Date; resolutionDueAt: Date; nextDueAt: Date }>(
      t.deps.db.system,
      sql`select c.first_response_due_at as "firstResponseDueAt", c.resolution_due_at as "resolutionDueAt", c.next_due_at as "nextDueAt"
          from conversations c join inbound_messages m on m.conversation_id = c.id where m.id = ${msg.id}`,
    );
    // 8 business hours: 1 on Thursday, none on the holiday and the weekend, 7 on Monday 08:00–15:00
    expect(new Date(c.firstResponseDueAt).toISOString()).toBe(new Date('2025-10-06T15:00:00+02:00').toISOString());
    expect(new Date(c.nextDueAt).toISOString()).toBe(new Date(c.firstResponseDueAt).toISOString());
    // 40 business hours: 1 + 8 + 8 + 10 + 8 + 4, then Monday 08:00–09:00
    expect(new Date(c.resolutionDueAt).toISOString()).toBe(new Date('2025-10-13T09:00:00+02:00').toISOString());
  });

  it("a department's own hours and targets count, with Fronleichnam in Nordrhein-Westfalen but not in Berlin", async () => {
    const dept = {
      openingHours: { ...tenant.inboxSettings.openingHours, '3': [['08:00', '18:00']] as Array<[string, string]> },
      firstResponseHours: 2,
      resolutionHours: null,
    };
    const wednesdayEvening = new Date('2026-06-03T17:00:00+02:00');
    const nw = computeDeadlines({ ...tenant, federalState: 'NW' }, dept, wednesdayEvening);
    const be = computeDeadlines({ ...tenant, federalState: 'BE' }, dept, wednesdayEvening);
    expect(nw.firstResponseDueAt.toISOString()).toBe(new Date('2026-06-05T09:00:00+02:00').toISOString());
    expect(be.firstResponseDueAt.toISOString()).toBe(new Date('2026-06-04T09:00:00+02:00').toISOString());
    // no resolution target of its own: the municipality's 40 hours
    expect(be.resolutionDueAt.getTime()).toBeGreaterThan(be.firstResponseDueAt.getTime());
  });

  it("a department closed on every day falls back to the municipality's hours instead of never being due", () => {
    const closed = { '0': [], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] };
    const from = new Date('2026-11-27T11:30:00+01:00');
    const own = computeDeadlines(tenant, { openingHours: closed, firstResponseHours: 2, resolutionHours: 4 }, from);
    const municipality = computeDeadlines(tenant, { openingHours: null, firstResponseHours: 2, resolutionHours: 4 }, from);
    expect(own).toEqual(municipality);
    expect(own.firstResponseDueAt.toISOString()).toBe(new Date('2026-11-30T09:30:00+01:00').toISOString());
  });
});

describe('reminders before the deadline', () => {
  it('the assignee is reminded once, by a notification and an e-mail', async () => {
    const id = await seed(minutes(30), { assigneeId: agentId });
    const far = await seed(minutes(60 * 24 * 30), { assigneeId: agentId });
    await checkTenantDeadlines(t.deps, tenant);
    const notes = await notificationsOf(id);
    expect(notes.map((n) => [n.userId, n.kind])).toEqual([[agentId, 'reminder']]);
    expect(notes[0].text).toMatch(/^Erinnerung: Eine Unterhaltung in „Ordnungsamt“ ist am \d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr fällig\.$/);
    expect((await row(id)).remindedAt).not.toBeNull();
    expect(await notificationsOf(far)).toEqual([]);
    const mails = await waitFor(
      () => mailsTo('anna@musterstadt.test'),
      (m) => m.some((x) => x.bodyText.includes(`/admin/t/musterstadt/inbox/${id}`)),
    );
    const mail = mails.find((x) => x.bodyText.includes(`/inbox/${id}`))!;
    expect(mail.subject).toBe('Musterstadt: Eine Frist läuft bald ab');
    // a second run sends nothing more for the same deadline
    await checkTenantDeadlines(t.deps, tenant);
    expect(await notificationsOf(id)).toHaveLength(1);
  });

  it("without an assignee the department's members are reminded", async () => {
    const id = await seed(minutes(20));
    await checkTenantDeadlines(t.deps, tenant);
    expect((await notificationsOf(id)).map((n) => n.userId).sort()).toEqual([agentId, colleagueId].sort());
  });

  it('the resolution deadline after the first reply brings its own reminder', async () => {
    const id = await seed(minutes(30), { assigneeId: agentId });
    await checkTenantDeadlines(t.deps, tenant);
    expect(await notificationsOf(id)).toHaveLength(1);
    // the reply: first response given, the resolution deadline counts now
    await t.deps.db.withTenant(tenant.id, (tx) =>
      tx
        .update(conversations)
        .set({ status: 'waiting', firstRespondedAt: new Date(), nextDueAt: minutes(40) })
        .where(eq(conversations.id, id)),
    );
    await checkTenantDeadlines(t.deps, tenant);
    expect((await notificationsOf(id)).map((n) => n.kind)).toEqual(['reminder', 'reminder']);
  });
});

describe('escalation when overdue', () => {
  it('goes to the department lead once, as a notification, an e-mail and an entry in the conversation', async () => {
    const id = await seed(minutes(-10), { assigneeId: agentId });
    const run = await checkTenantDeadlines(t.deps, tenant);
    expect(run.escalated).toBeGreaterThanOrEqual(1);
    const notes = await notificationsOf(id);
    expect(notes.map((n) => [n.userId, n.kind])).toEqual([[leadId, 'escalation']]);
    expect(notes[0].text).toMatch(/^Überfällig: Eine Unterhaltung in „Ordnungsamt“ war am .+ fällig/);
    const c = await row(id);
    expect(c.escalatedAt).not.toBeNull();
    const items = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(conversationItems).where(eq(conversationItems.conversationId, id)));
    expect(items.map((i) => [i.kind, i.event])).toEqual([['event', { type: 'escalated', dueAt: c.nextDueAt!.toISOString(), notified: [leadId] }]]);
    const mails = await waitFor(
      () => mailsTo('leitung@musterstadt.test'),
      (m) => m.some((x) => x.bodyText.includes(`/inbox/${id}`)),
    );
    expect(mails.find((x) => x.bodyText.includes(`/inbox/${id}`))!.subject).toBe('Musterstadt: Frist überschritten');
    await checkTenantDeadlines(t.deps, tenant);
    expect(await notificationsOf(id)).toHaveLength(1);
  });

  it('goes to the owners and admins when the department has no lead', async () => {
    const id = await seed(minutes(-5), { department: leaderless });
    await checkTenantDeadlines(t.deps, tenant);
    const ownerId = (await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = 'owner@musterstadt.test'`))[0].id;
    expect((await notificationsOf(id)).map((n) => [n.userId, n.kind]).sort()).toEqual(
      [
        [adminId, 'escalation'],
        [ownerId, 'escalation'],
      ].sort(),
    );
  });

  it('comes again for a new deadline after a reopen, and not for a backlog overdue for weeks', async () => {
    const id = await seed(minutes(-3));
    const old = await seed(minutes(-60 * 24 * 30));
    await checkTenantDeadlines(t.deps, tenant);
    expect(await notificationsOf(id)).toHaveLength(1);
    expect(await notificationsOf(old)).toEqual([]);
    // reopened: a new first-response deadline in half an hour (even with escalated_at left set), checked once it passed
    await t.deps.db.withTenant(tenant.id, (tx) =>
      tx
        .update(conversations)
        .set({ nextDueAt: minutes(30) })
        .where(eq(conversations.id, id)),
    );
    await checkTenantDeadlines(t.deps, tenant, minutes(31));
    expect((await notificationsOf(id)).map((n) => n.kind)).toEqual(['escalation', 'escalation']);
  });

  it('resolved conversations are never escalated', async () => {
    const id = await seed(minutes(-5));
    await t.deps.db.withTenant(tenant.id, (tx) => tx.update(conversations).set({ status: 'resolved', nextDueAt: null }).where(eq(conversations.id, id)));
    await checkTenantDeadlines(t.deps, tenant);
    expect(await notificationsOf(id)).toEqual([]);
  });

  it('the recurring job does the same through the queue', async () => {
    const id = await seed(minutes(-2));
    await t.deps.jobs!.send(inboxDeadlinesJob, {});
    const notes = await waitFor(
      () => notificationsOf(id),
      (n) => n.length > 0,
    );
    expect(notes.map((n) => [n.userId, n.kind])).toEqual([[leadId, 'escalation']]);
  });
});

describe('staff notifications', () => {
  it('are not written for someone who is not a member of the municipality', async () => {
    const other = await t.createTenant('nachbarort', 'Nachbarort');
    const strangerId = await t.createStaff(other, 'fremd@nachbarort.test', 'agent');
    const after = await t.deps.db.withTenant(tenant.id, (tx) =>
      notifyStaff(t.deps, tx, tenant.id, [
        { userId: strangerId, kind: 'mention', conversationId: null, text: 'x' },
        { userId: adminId, kind: 'mention', conversationId: null, text: 'Sie wurden erwähnt.' },
      ]),
    );
    await after();
    const rows = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(staffNotifications).where(eq(staffNotifications.kind, 'mention')));
    expect(rows.map((r) => r.userId)).toEqual([adminId]);
    const mails = await waitFor(
      () => mailsTo('verwaltung@musterstadt.test'),
      (m) => m.some((x) => x.bodyText.includes('Sie wurden erwähnt.')),
    );
    expect(mails.find((x) => x.bodyText.includes('Sie wurden erwähnt.'))!.bodyText).toContain('/admin/t/musterstadt/inbox');
    expect(await mailsTo('fremd@nachbarort.test')).toEqual([]);
  });
});
