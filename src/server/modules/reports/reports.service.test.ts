// The reports' write side on a real database with the real job queue: filing from every kind of contact (messages
// reach the dev outbox through the delivery engine; anonymous reports get none), the checks with their pointers, the
// municipality's boundary and nearest address, "already reported?", status transitions with their messages, duplicates
// taking over followers, the reporter's reopening, audit rows and the erasure of a resident.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { categoryInput, choiceField } from '../../../../test/helpers/reports.ts';
import { rejectionOf } from '../../../../test/helpers/rejection.ts';
import { waitFor } from '../../../../test/helpers/delivery.ts';
import { area, newTenant, resident, testActor } from '../../../../test/helpers/factories.ts';
import { queryRows } from '../../platform/db/client.ts';
import {
  auditLog,
  departments,
  devOutbox,
  reportFollowers,
  reportItems,
  reports,
  staffNotifications,
  streetPoints,
  streets,
} from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { eraseResident, exportResident } from '../residents/index.ts';
import { createCategory } from './categories.service.ts';
import {
  addComment,
  assignReport,
  changeStatus,
  fileReport,
  findNearbyOpen,
  followReport,
  getReportsSettings,
  patchReport,
  reopenReport,
  type ReportWho,
  reviewPhoto,
  updateReportsSettings,
} from './reports.service.ts';

let t: TestApp;
let tenant: TenantRow;
let who: ReportWho;
let categoryId: string;
let lampsId: string;
let inactiveId: string;
// Musterstadt lies around 51.50 N, 7.40 E (an area drawn there); Mühlgasse 3 is a street point in it
const HERE = { lat: 51.5, lng: 7.4 };
const near = (dNorthM: number) => ({ lat: HERE.lat + dNorthM / 111_320, lng: HERE.lng });

beforeAll(async () => {
  t = await createTestApp({ work: true });
  tenant = t.tenant;
  const ownerId = (await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = 'owner@musterstadt.test'`))[0].id;
  who = { tenant, userId: ownerId, role: 'owner' };
  await area(t.deps, tenant, 'Stadtgebiet', {
    type: 'Polygon',
    coordinates: [
      [
        [7.38, 51.49],
        [7.42, 51.49],
        [7.42, 51.51],
        [7.38, 51.51],
        [7.38, 51.49],
      ],
    ],
  });
  await t.deps.db.withTenant(tenant.id, async (tx) => {
    const [street] = await tx.insert(streets).values({ tenantId: tenant.id, name: 'Mühlgasse', postcode: '12345' }).returning({ id: streets.id });
    await tx.insert(streetPoints).values({ tenantId: tenant.id, streetId: street.id, houseNumber: '3', lat: HERE.lat + 0.0003, lng: HERE.lng });
    await tx.insert(departments).values({ tenantId: tenant.id, name: 'Bauhof', assignment: 'claim' });
  });
  const category = await createCategory(
    t.deps,
    testActor,
    tenant,
    categoryInput('schlagloch', 'Schlagloch', {
      groupName: 'Straße',
      autoReply: 'Danke! Ihre Meldung {{nummer}} ({{kategorie}}) ist da.',
      fields: [
        { code: 'tiefe', datatype: 'number', label: 'Tiefe in cm', required: true },
        { code: 'seit', datatype: 'datetime', label: 'Seit wann', required: false },
        choiceField('spur', 'Spur', false, { links: 'Links', rechts: 'Rechts' }),
      ],
    }),
  );
  categoryId = category.id;
  lampsId = (await createCategory(t.deps, testActor, tenant, categoryInput('laterne', 'Straßenlaterne', { position: 1 }))).id;
  inactiveId = (await createCategory(t.deps, testActor, tenant, categoryInput('alt', 'Alt', { position: 1, active: false }))).id;
});
afterAll(async () => {
  await t?.close();
});

type Input = Parameters<typeof fileReport>[3];
const input = (over: Partial<Input> = {}): Input => ({
  categoryId: lampsId,
  description: 'Die Laterne flackert.',
  location: HERE,
  attributes: {},
  contact: { kind: 'anonymous' },
  language: 'de',
  ...over,
});
const file = (over: Partial<Input> = {}, opts: Partial<Parameters<typeof fileReport>[4]> = {}) =>
  fileReport(t.deps, testActor, tenant, input(over), { source: 'portal', ...opts });

const rejection = (p: Promise<unknown>) => rejectionOf(p, AppError);
const outboxTo = (recipient: string) =>
  t.deps.db.system
    .select()
    .from(devOutbox)
    .where(and(eq(devOutbox.tenantId, tenant.id), eq(devOutbox.recipient, recipient)));
const waitOutbox = (recipient: string, n = 1) =>
  waitFor(
    () => outboxTo(recipient),
    (rows) => rows.length >= n,
  );
const reportRow = async (id: string) => (await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(reports).where(eq(reports.id, id))))[0];
const itemsOf = (id: string) =>
  t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(reportItems).where(eq(reportItems.reportId, id)).orderBy(reportItems.createdAt));

describe('filing a report', () => {
  it('by e-mail: contact sealed and hashed, department and deadlines set, the category’s auto reply in the outbox', async () => {
    const filed = await file({
      categoryId,
      attributes: { tiefe: '12', spur: 'links' },
      contact: { kind: 'email', email: 'Erna@Example.org', name: 'Erna Muster' },
    });
    expect(filed.number).toBeGreaterThan(1000);
    expect(filed.token).toBeNull();
    const row = await reportRow(filed.id);
    expect(row).toMatchObject({ status: 'received', contactKind: 'email', source: 'portal', attributes: { tiefe: 12, spur: 'links' } });
    expect(row.contactEnc).not.toContain('erna');
    expect(row.contactNameEnc).not.toContain('Erna');
    expect(row.contactHash).toMatch(/^[\w-]{20,}$/);
    expect(row.departmentId).not.toBeNull();
    expect(row.nextDueAt?.toISOString()).toBe(row.firstResponseDueAt?.toISOString());
    expect(row.expectedAt?.toISOString()).toBe(row.resolutionDueAt?.toISOString());
    expect(row.resolutionDueAt!.getTime()).toBeGreaterThan(row.firstResponseDueAt!.getTime());
    expect(row.address).toBe('Mühlgasse 3'); // the street point 33 m away
    const [mail] = await waitOutbox('erna@example.org');
    expect(mail.channel).toBe('email');
    expect(mail.bodyText).toBe(`Danke! Ihre Meldung ${filed.number} (Schlagloch) ist da.`);
    const [item] = await itemsOf(filed.id);
    expect(item).toMatchObject({ kind: 'event', event: { type: 'filed', source: 'portal' } });
    const audits = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.objectId, filed.id)));
    expect(audits.map((a) => a.action)).toEqual(['report.filed']);
    expect(JSON.stringify(audits[0].details)).not.toContain('erna');
  });

  it('by phone: the default text by SMS to the E.164 number; an Open311 token when asked', async () => {
    const filed = await file({ contact: { kind: 'phone', phone: '0170 1234567' } }, { source: 'open311', withToken: true });
    expect(filed.token).toMatch(/^[\w-]{20,}$/);
    const [sms] = await waitOutbox('+491701234567');
    expect(sms.channel).toBe('sms');
    expect(sms.bodyText).toContain(`Meldung Nr. ${filed.number} (Straßenlaterne) ist eingegangen`);
    expect(sms.bodyText).toContain(`/m/musterstadt/reports/${filed.number}`);
  });

  it('by a signed-in resident: to their verified number; anonymous: no message at all', async () => {
    const residentId = await resident(t.deps, tenant, { phone: '+491709876543' });
    const filed = await file({ contact: { kind: 'resident', residentId }, address: 'Am Markt 1' });
    expect((await reportRow(filed.id)).address).toBe('Am Markt 1');
    const [sms] = await waitOutbox('+491709876543');
    expect(sms.bodyText).toContain(`Nr. ${filed.number}`);

    const before = await t.deps.db.system.select().from(devOutbox).where(eq(devOutbox.tenantId, tenant.id));
    const anon = await file({ location: near(1400) });
    const row = await reportRow(anon.id);
    expect(row).toMatchObject({ contactKind: 'anonymous', contactHash: null, contactEnc: null, residentId: null, address: '' });
    // the queue is worked in this process: a message to nobody would have been written with the report
    const messages = await queryRows<{ n: number }>(
      t.deps.db.system,
      sql`select count(*)::int as n from messages where tenant_id = ${tenant.id} and created_at >= ${row.createdAt.toISOString()}::timestamptz`,
    );
    expect(messages[0].n).toBe(0);
    const after = await t.deps.db.system.select().from(devOutbox).where(eq(devOutbox.tenantId, tenant.id));
    expect(after.length).toBe(before.length);
  });

  it('names every wrong attribute by its pointer', async () => {
    const err = await rejection(file({ categoryId, attributes: { seit: 'gestern', spur: 'mitte', farbe: 'rot' } }));
    expect(err.code).toBe('validation_failed');
    expect(err.errors.map((e) => [e.pointer, e.code]).sort()).toEqual([
      ['/attributes/farbe', 'unknown_field'],
      ['/attributes/seit', 'not_a_date'],
      ['/attributes/spur', 'not_a_choice'],
      ['/attributes/tiefe', 'required'],
    ]);
    const wrongType = await rejection(file({ categoryId, attributes: { tiefe: 'tief' } }));
    expect(wrongType.errors).toEqual([expect.objectContaining({ pointer: '/attributes/tiefe', code: 'not_a_number' })]);
  });

  it('refuses an unknown or inactive category, a pin outside the town, and more than five photos', async () => {
    const inactive = await rejection(file({ categoryId: inactiveId }));
    expect(inactive.errors.map((e) => e.pointer)).toEqual(['/categoryId']);
    const unknown = await rejection(file({ categoryId: '00000000-0000-4000-8000-000000000001' }));
    expect(unknown.errors.map((e) => e.pointer)).toEqual(['/categoryId']);
    // 600 m north of the drawn area (500 m margin)
    const outside = await rejection(file({ location: { lat: 51.51 + 600 / 111_320, lng: 7.4 } }));
    expect(outside.errors).toEqual([expect.objectContaining({ pointer: '/location', code: 'outside_municipality' })]);
    // 400 m north of it is still accepted
    await file({ location: { lat: 51.51 + 400 / 111_320, lng: 7.4 } });
    const photo = { contentType: 'image/jpeg' as const, width: 1, height: 1, size: 3, data: Buffer.from('abc'), thumb: Buffer.from('a') };
    const photos = await rejection(file({}, { photos: Array(6).fill(photo) }));
    expect(photos.errors.map((e) => e.pointer)).toEqual(['/photos']);
    const stored = await file({}, { photos: [photo, { ...photo, width: 2 }] });
    const rows = await queryRows<{ position: number; status: string; width: number }>(
      t.deps.db.system,
      sql`select position, status, width from report_photos where report_id = ${stored.id} order by position`,
    );
    expect(rows).toEqual([
      { position: 0, status: 'pending', width: 1 },
      { position: 1, status: 'pending', width: 2 },
    ]);
  });

  it('a town without areas or streets accepts points in Germany only', async () => {
    const other = await newTenant(t.deps);
    const [cat] = await Promise.all([createCategory(t.deps, testActor, other, categoryInput('muell', 'Müll'))]);
    const base = { ...input(), categoryId: cat.id };
    await fileReport(t.deps, testActor, other, { ...base, location: { lat: 53.55, lng: 9.99 } }, { source: 'staff' });
    const paris = await rejection(fileReport(t.deps, testActor, other, { ...base, location: { lat: 48.85, lng: 2.35 } }, { source: 'staff' }));
    expect(paris.errors.map((e) => e.pointer)).toEqual(['/location']);
    // and another municipality's category is unknown here
    const foreign = await rejection(file({ categoryId: cat.id }));
    expect(foreign.errors.map((e) => e.pointer)).toEqual(['/categoryId']);
  });
});

describe('already reported?', () => {
  it('offers open reports of the category within the radius, nearest first, not beyond and not closed ones', async () => {
    const spot = near(-1400);
    const at = (m: number) => ({ lat: spot.lat + m / 111_320, lng: spot.lng });
    const a = await file({ location: at(10) });
    const b = await file({ location: at(40) });
    await file({ location: at(80) }); // beyond 50 m
    await file({ categoryId, attributes: { tiefe: 3 }, location: at(5) }); // another category
    const closed = await file({ location: at(1) });
    await changeStatus(t.deps, testActor, who, closed.id, { status: 'resolved' });
    const found = await findNearbyOpen(t.deps, tenant, { categoryId: lampsId, ...spot });
    expect(found.map((f) => f.id)).toEqual([a.id, b.id]);
    expect(found[0].distanceM).toBe(10);
    expect(found[1].distanceM).toBe(40);
    await updateReportsSettings(t.deps, testActor, tenant, { duplicateRadiusM: 100 });
    expect((await getReportsSettings(t.deps, tenant)).duplicateRadiusM).toBe(100);
    expect(await findNearbyOpen(t.deps, tenant, { categoryId: lampsId, ...spot })).toHaveLength(3);
    await updateReportsSettings(t.deps, testActor, tenant, { duplicateRadiusM: 50 });
  });
});

describe('status', () => {
  it('allows the listed transitions and refuses the others with 409', async () => {
    const r = await file({ location: near(-100) });
    await changeStatus(t.deps, testActor, who, r.id, { status: 'confirmed' });
    let row = await reportRow(r.id);
    expect(row.firstRespondedAt).not.toBeNull();
    expect(row.nextDueAt?.toISOString()).toBe(row.resolutionDueAt?.toISOString());
    const back = await rejection(changeStatus(t.deps, testActor, who, r.id, { status: 'received' }));
    expect(back.code).toBe('conflict');
    await changeStatus(t.deps, testActor, who, r.id, { status: 'in_progress' });
    await changeStatus(t.deps, testActor, who, r.id, { status: 'resolved' });
    row = await reportRow(r.id);
    expect(row.closedAt).not.toBeNull();
    expect(row.nextDueAt).toBeNull();
    expect((await rejection(changeStatus(t.deps, testActor, who, r.id, { status: 'rejected', reason: 'x' }))).code).toBe('conflict');
    await changeStatus(t.deps, testActor, who, r.id, { status: 'in_progress' }); // staff reopen
    row = await reportRow(r.id);
    expect(row.closedAt).toBeNull();
    expect(row.nextDueAt).not.toBeNull();
    await changeStatus(t.deps, testActor, who, r.id, { status: 'rejected', reason: 'Privatgrund' });
    expect((await reportRow(r.id)).rejectReason).toBe('Privatgrund');
    // the system (a back office, through the forwarder) acts as no staff member
    await changeStatus(t.deps, testActor, { tenant: t.tenant, userId: null }, r.id, { status: 'received' });
    row = await reportRow(r.id);
    expect(row).toMatchObject({ status: 'received', rejectReason: null, closedAt: null, firstRespondedAt: null });
    expect(row.nextDueAt?.toISOString()).toBe(row.firstResponseDueAt?.toISOString());
    const events = (await itemsOf(r.id)).filter((i) => i.event?.type === 'status').map((i) => `${i.event?.from}>${i.event?.to}`);
    expect(events).toEqual([
      'received>confirmed',
      'confirmed>in_progress',
      'in_progress>resolved',
      'resolved>in_progress',
      'in_progress>rejected',
      'rejected>received',
    ]);
    const audits = await t.deps.db.withTenant(tenant.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectId, r.id), eq(auditLog.action, 'report.status_changed'))),
    );
    expect(audits).toHaveLength(6);
  });

  it('tells the reporter and a follower, in their language, with the public comment', async () => {
    const r = await file({ location: near(-200), contact: { kind: 'email', email: 'melder@example.org' }, language: 'en' });
    await followReport(t.deps, testActor, tenant, r.id, { kind: 'email', email: 'nachbar@example.org' });
    await followReport(t.deps, testActor, tenant, r.id, { kind: 'email', email: 'NACHBAR@example.org' }); // once only
    const own = await rejection(followReport(t.deps, testActor, tenant, r.id, { kind: 'email', email: 'melder@example.org' }));
    expect(own.code).toBe('conflict');
    await changeStatus(t.deps, testActor, who, r.id, { status: 'resolved', publicComment: 'Die Lampe wurde ersetzt.' });
    const toReporter = await waitOutbox('melder@example.org', 2);
    const status = toReporter.find((m) => m.subject?.includes('Resolved'))!;
    expect(status.bodyText).toContain(`report no. ${r.number} (Straßenlaterne) has a new status: Resolved.`);
    expect(status.bodyText).toContain('Note: Die Lampe wurde ersetzt.');
    const [toFollower] = await waitOutbox('nachbar@example.org');
    expect(toFollower.subject).toBe(`Musterstadt: Meldung Nr. ${r.number} – Erledigt`);
    expect(toFollower.bodyText).toContain('Hinweis: Die Lampe wurde ersetzt.');
    const items = await itemsOf(r.id);
    expect(items.filter((i) => i.kind === 'public').map((i) => i.body)).toEqual(['Die Lampe wurde ersetzt.']);
  });

  it('a duplicate hands its reporter and followers to the original; a duplicate of a duplicate is refused', async () => {
    const original = await file({ location: near(-300), contact: { kind: 'email', email: 'erste@example.org' } });
    const dup = await file({ location: near(-305), contact: { kind: 'email', email: 'zweite@example.org' } });
    await followReport(t.deps, testActor, tenant, dup.id, { kind: 'phone', phone: '+49 171 5550000' });
    await followReport(t.deps, testActor, tenant, dup.id, { kind: 'email', email: 'erste@example.org' }); // reported the original
    const self = await rejection(changeStatus(t.deps, testActor, who, dup.id, { status: 'duplicate', duplicateOf: dup.id }));
    expect(self.errors.map((e) => e.pointer)).toEqual(['/duplicateOf']);
    await changeStatus(t.deps, testActor, who, dup.id, { status: 'duplicate', duplicateOf: original.id });
    expect((await reportRow(dup.id)).duplicateOf).toBe(original.id);
    const followers = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(reportFollowers).where(eq(reportFollowers.reportId, original.id)));
    expect(followers.map((f) => f.contactKind).sort()).toEqual(['email', 'phone']);
    const onDup = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(reportFollowers).where(eq(reportFollowers.reportId, dup.id)));
    expect(onDup).toHaveLength(0);
    const [notice] = (await waitOutbox('zweite@example.org', 2)).filter((m) => m.subject?.includes('Duplikat'));
    expect(notice.bodyText).toContain(`Dasselbe beschreibt die Meldung Nr. ${original.number}`);
    // the original resolved: the second reporter hears of it
    await changeStatus(t.deps, testActor, who, original.id, { status: 'resolved' });
    await waitFor(
      () => outboxTo('zweite@example.org'),
      (rows) => rows.some((m) => m.subject === `Musterstadt: Meldung Nr. ${original.number} – Erledigt`),
    );
    const third = await file({ location: near(-310) });
    const chained = await rejection(changeStatus(t.deps, testActor, who, third.id, { status: 'duplicate', duplicateOf: dup.id }));
    expect(chained.errors.map((e) => e.pointer)).toEqual(['/duplicateOf']);
  });
});

describe('the reporter reopens', () => {
  it('within the reopen period, only the reporter, only a resolved report', async () => {
    const r = await file({ location: near(-400), contact: { kind: 'phone', phone: '0171 4443322' } });
    const early = await rejection(reopenReport(t.deps, testActor, tenant, r.number, { reason: 'Noch kaputt' }, { phone: '+491714443322' }));
    expect(early.code).toBe('conflict');
    await changeStatus(t.deps, testActor, who, r.id, { status: 'resolved' });
    const stranger = await rejection(reopenReport(t.deps, testActor, tenant, r.number, { reason: 'x' }, { phone: '+491719999999' }));
    expect(stranger.code).toBe('forbidden');
    const byMail = await rejection(reopenReport(t.deps, testActor, tenant, r.number, { reason: 'x' }, { email: 'someone@example.org' }));
    expect(byMail.code).toBe('forbidden');
    await reopenReport(t.deps, testActor, tenant, r.number, { reason: 'Flackert wieder' }, { phone: '0171 4443322' });
    const row = await reportRow(r.id);
    expect(row).toMatchObject({ status: 'received', reopenCount: 1, closedAt: null, firstRespondedAt: null });
    expect(row.nextDueAt?.toISOString()).toBe(row.firstResponseDueAt?.toISOString());
    const reopened = (await itemsOf(r.id)).find((i) => i.event?.type === 'reopened');
    expect(reopened?.body).toBe('Flackert wieder');

    // resolved 15 days ago: too late (14 days)
    await changeStatus(t.deps, testActor, who, r.id, { status: 'resolved' });
    await t.deps.db.withTenant(tenant.id, (tx) =>
      tx
        .update(reports)
        .set({ closedAt: new Date(Date.now() - 15 * 86_400_000) })
        .where(eq(reports.id, r.id)),
    );
    const late = await rejection(reopenReport(t.deps, testActor, tenant, r.number, { reason: 'x' }, { phone: '+491714443322' }));
    expect(late.code).toBe('conflict');
    // 13 days ago: still allowed
    await t.deps.db.withTenant(tenant.id, (tx) =>
      tx
        .update(reports)
        .set({ closedAt: new Date(Date.now() - 13 * 86_400_000) })
        .where(eq(reports.id, r.id)),
    );
    await reopenReport(t.deps, testActor, tenant, r.number, { reason: 'Immer noch' }, { phone: '+491714443322' });
    expect((await reportRow(r.id)).reopenCount).toBe(2);
  });
});

describe('erasure of a resident', () => {
  it('leaves their reports anonymous and removes their follows; the export lists them first', async () => {
    const residentId = await resident(t.deps, tenant, { phone: '+491705556666' });
    const mine = await file({ location: near(-500), contact: { kind: 'resident', residentId }, description: 'Bank kaputt' });
    const other = await file({ location: near(-510) });
    await followReport(t.deps, testActor, tenant, other.id, { kind: 'resident', residentId });
    const exported = await exportResident(t.deps, residentId);
    const listed = (exported.follows[0] as { reports: Array<{ number: number; description: string; status: string; category: string }> }).reports;
    expect(listed).toEqual([expect.objectContaining({ number: mine.number, description: 'Bank kaputt', status: 'received', category: 'Straßenlaterne' })]);
    await eraseResident(t.deps, residentId);
    const row = await reportRow(mine.id);
    expect(row).toMatchObject({ contactKind: 'anonymous', residentId: null, contactHash: null, contactEnc: null, description: 'Bank kaputt' });
    const follows = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(reportFollowers).where(eq(reportFollowers.reportId, other.id)));
    expect(follows).toHaveLength(0);
  });
});

describe('working a report', () => {
  it('assigns to a person of the municipality (notified), claims, refuses a stranger', async () => {
    const agentId = await t.createStaff(tenant, 'agent-reports@musterstadt.test', 'agent');
    const r = await file({ location: near(-600) });
    await assignReport(t.deps, testActor, who, r.id, { assigneeId: agentId });
    expect((await reportRow(r.id)).assigneeId).toBe(agentId);
    const notices = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(staffNotifications).where(eq(staffNotifications.reportId, r.id)));
    expect(notices.map((n) => [n.userId, n.kind])).toEqual([[agentId, 'assigned']]);
    expect(notices[0].text).toContain(`Meldung Nr. ${r.number} (Straßenlaterne)`);
    await assignReport(t.deps, testActor, who, r.id, { claim: true });
    expect((await reportRow(r.id)).assigneeId).toBe(who.userId);
    const other = await newTenant(t.deps);
    const strangerId = await t.createStaff(other, 'fremd@example.org', 'agent');
    const refused = await rejection(assignReport(t.deps, testActor, who, r.id, { assigneeId: strangerId }));
    expect(refused.errors.map((e) => e.pointer)).toEqual(['/body/assigneeId']);
    const events = (await itemsOf(r.id)).map((i) => i.event?.type);
    expect(events).toEqual(['filed', 'assigned', 'claimed']);
  });

  it('a public comment is the first response; an internal one is not', async () => {
    const r = await file({ location: near(-700) });
    const note = await addComment(t.deps, testActor, who, r.id, { kind: 'internal', body: 'Bauhof fragen' });
    expect(note).toMatchObject({ kind: 'internal', body: 'Bauhof fragen', authorId: who.userId });
    expect((await reportRow(r.id)).firstRespondedAt).toBeNull();
    await addComment(t.deps, testActor, who, r.id, { kind: 'public', body: 'Wir schauen es uns an.' });
    const row = await reportRow(r.id);
    expect(row.firstRespondedAt).not.toBeNull();
    expect(row.nextDueAt?.toISOString()).toBe(row.resolutionDueAt?.toISOString());
  });

  it('corrects the expected date and the pin (inside the town only; the nearest address follows)', async () => {
    const r = await file({ location: near(-800) });
    await patchReport(t.deps, testActor, who, r.id, { expectedAt: '2030-01-15T12:00:00+01:00', location: { lat: HERE.lat + 0.0002, lng: HERE.lng } });
    const row = await reportRow(r.id);
    expect(row.expectedAt?.toISOString()).toBe('2030-01-15T11:00:00.000Z');
    expect(row.address).toBe('Mühlgasse 3');
    const outside = await rejection(patchReport(t.deps, testActor, who, r.id, { location: { lat: 48.1, lng: 11.5 } }));
    expect(outside.errors.map((e) => e.pointer)).toEqual(['/body/location']);
  });

  it('approves and withdraws a photo, each once', async () => {
    const photo = { contentType: 'image/jpeg' as const, width: 4, height: 3, size: 3, data: Buffer.from('abc'), thumb: Buffer.from('a') };
    const r = await file({ location: near(-900) }, { photos: [photo] });
    const [{ id: photoId }] = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from report_photos where report_id = ${r.id}`);
    await reviewPhoto(t.deps, testActor, who, r.id, photoId, 'approved');
    expect((await rejection(reviewPhoto(t.deps, testActor, who, r.id, photoId, 'approved'))).code).toBe('conflict');
    await reviewPhoto(t.deps, testActor, who, r.id, photoId, 'rejected');
    const [p] = await queryRows<{ status: string; reviewedBy: string }>(
      t.deps.db.system,
      sql`select status, reviewed_by as "reviewedBy" from report_photos where id = ${photoId}`,
    );
    expect(p).toEqual({ status: 'rejected', reviewedBy: who.userId });
    const audits = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.objectId, r.id)));
    expect(audits.map((a) => a.action)).toEqual(['report.filed', 'report.photo_approved', 'report.photo_rejected']);
  });
});
