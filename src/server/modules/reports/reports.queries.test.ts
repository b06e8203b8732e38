// The read side of reports on a real database: list pages and filters, the map's points and clusters (and that the
// map index answers under row-level security), one report with and without the reporter's contact, the public view
// without personal data, and Open311 key checks. Rows are written directly, so these tests need no write service.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { tinyPhotoRow } from '../../../../test/helpers/reports.ts';
import { testActor } from '../../../../test/helpers/factories.ts';
import { REPORT_MAP_POINT_CAP, REPORT_TOTAL_CAP } from '../../../common/contracts/reports.ts';
import type { ReportStatus } from '../../../common/states.ts';
import { seal } from '../../platform/auth/crypto.ts';
import { queryRows } from '../../platform/db/client.ts';
import { auditLog, open311Keys, reportCategories, reportItems, reportPhotos, reports } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { createOpen311Key, revokeOpen311Key, verifyOpen311Key } from './open311-keys.service.ts';
import { getReport, listReports, mapWhere, publicReport, publicReports, reportMapQuery } from './reports.queries.ts';
import type { ReportWho } from './reports.service.ts';

let t: TestApp;
let other: TenantRow;
let categoryId: string;
let ownerId: string;
let who: ReportWho;

interface Seed {
  status?: ReportStatus;
  description?: string;
  address?: string;
  lat?: number;
  lng?: number;
  assigneeId?: string | null;
  nextDueAt?: Date | null;
  createdAt?: Date;
  contact?: { kind: 'email'; email: string; name: string } | { kind: 'anonymous' };
}

async function seedReport(s: Seed = {}, tenant: TenantRow = t.tenant, category = categoryId) {
  const key = t.deps.config.secretKey;
  const contact = s.contact ?? { kind: 'anonymous' as const };
  const [row] = await t.deps.db.withTenant(tenant.id, (tx) =>
    tx
      .insert(reports)
      .values({
        tenantId: tenant.id,
        categoryId: category,
        status: s.status ?? 'received',
        description: s.description ?? 'Schlagloch',
        lat: s.lat ?? 50.05,
        lng: s.lng ?? 10.05,
        address: s.address ?? 'Am Markt 1',
        source: 'staff',
        contactKind: contact.kind,
        contactEnc: contact.kind === 'email' ? seal(key, contact.email) : null,
        contactNameEnc: contact.kind === 'email' ? seal(key, contact.name) : null,
        assigneeId: s.assigneeId ?? null,
        nextDueAt: s.nextDueAt ?? null,
        ...(s.createdAt ? { createdAt: s.createdAt } : {}),
      })
      .returning({ id: reports.id, number: reports.number }),
  );
  return row;
}

async function clearReports() {
  await t.deps.db.withTenant(t.tenant.id, (tx) => tx.delete(reports).where(eq(reports.tenantId, t.tenant.id)));
}

beforeAll(async () => {
  t = await createTestApp();
  ownerId = (await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = 'owner@musterstadt.test'`))[0].id;
  who = { tenant: t.tenant, userId: ownerId, role: 'owner' };
  other = await t.createTenant('andere-stadt', 'Andere Stadt');
  const category = (tenant: TenantRow, code: string) =>
    t.deps.db.withTenant(tenant.id, (tx) =>
      tx.insert(reportCategories).values({ tenantId: tenant.id, code, name: 'Straßenschaden' }).returning({ id: reportCategories.id }),
    );
  [{ id: categoryId }] = await category(t.tenant, 'strassenschaden');
  const [{ id: otherCategory }] = await category(other, 'strassenschaden');
  await seedReport({ description: 'Fremde Meldung' }, other, otherCategory);
});
afterAll(async () => {
  await t.close();
});

describe('the staff list', () => {
  beforeAll(clearReports);

  it('pages newest first with a cursor, every report exactly once, and counts the total', async () => {
    const base = Date.parse('2026-06-01T08:00:00Z');
    const seeded = [];
    for (let i = 0; i < 7; i++) seeded.push(await seedReport({ description: `Meldung ${i}`, createdAt: new Date(base + (i % 3) * 60_000) }));
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await listReports(t.deps, who, { view: 'all', limit: 3, cursor });
      expect(res.total).toBe(7);
      seen.push(...res.items.map((r) => r.number));
      const times = res.items.map((r) => Date.parse(r.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      if (!res.next) break;
      cursor = res.next;
    }
    expect(seen.sort()).toEqual(seeded.map((s) => s.number).sort());
  });

  it('never shows another municipality’s reports', async () => {
    const res = await listReports(t.deps, who, { view: 'all', limit: 200, q: 'Fremde' });
    expect(res.items).toEqual([]);
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(listReports(t.deps, who, { view: 'all', limit: 3, cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('filters by view, number, text (wildcards typed as text) and date', async () => {
    await clearReports();
    const past = new Date(Date.now() - 3600_000);
    const mine = await seedReport({ assigneeId: ownerId, description: 'Laterne defekt' });
    const overdue = await seedReport({ nextDueAt: past, description: 'Ast auf dem Weg 100%' });
    const done = await seedReport({ status: 'resolved', description: 'Müll abgeholt', createdAt: new Date('2025-01-01T00:00:00Z') });
    const numbers = async (q: Parameters<typeof listReports>[2]) => (await listReports(t.deps, who, q)).items.map((r) => r.number).sort();
    expect(await numbers({ view: 'mine', limit: 50 })).toEqual([mine.number]);
    expect(await numbers({ view: 'unassigned', limit: 50 })).toEqual([overdue.number]);
    expect(await numbers({ view: 'overdue', limit: 50 })).toEqual([overdue.number]);
    expect(await numbers({ view: 'open', limit: 50 })).toEqual([mine.number, overdue.number].sort());
    expect(await numbers({ view: 'all', status: 'resolved', limit: 50 })).toEqual([done.number]);
    expect(await numbers({ view: 'all', q: String(mine.number), limit: 50 })).toEqual([mine.number]);
    expect(await numbers({ view: 'all', q: 'laterne', limit: 50 })).toEqual([mine.number]);
    expect(await numbers({ view: 'all', q: '0%', limit: 50 })).toEqual([overdue.number]);
    expect(await numbers({ view: 'all', q: '%', limit: 50 })).toEqual([overdue.number]);
    expect(await numbers({ view: 'all', to: '2025-06-01T00:00:00Z', limit: 50 })).toEqual([done.number]);
    const [item] = (await listReports(t.deps, who, { view: 'overdue', limit: 50 })).items;
    expect(item).toMatchObject({ overdue: true, categoryName: 'Straßenschaden', assigneeName: null, photoCount: 0 });
  });

  it(`counts at most ${REPORT_TOTAL_CAP}`, async () => {
    await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.execute(sql`insert into reports (tenant_id, category_id, description, lat, lng, source, contact_kind)
        select ${t.tenant.id}, ${categoryId}, 'Masse', 50.05, 10.05, 'staff', 'anonymous' from generate_series(1, ${REPORT_TOTAL_CAP + 5})`),
    );
    const res = await listReports(t.deps, who, { view: 'all', limit: 1 });
    expect(res.total).toBe(REPORT_TOTAL_CAP);
    await clearReports();
  });
});

describe('the map', () => {
  beforeAll(clearReports);

  it('answers points of the asked statuses inside the box only', async () => {
    const open = await seedReport({ lat: 50.02, lng: 10.02 });
    await seedReport({ lat: 50.02, lng: 10.03, status: 'resolved' });
    await seedReport({ lat: 51.5, lng: 10.02 }); // outside the box
    const map = await reportMapQuery(t.deps, t.tenant, { bbox: '10,50,10.1,50.1', status: 'open' });
    expect(map).toMatchObject({ clusters: [], total: 1 });
    expect(map.points).toEqual([expect.objectContaining({ id: open.id, number: open.number, status: 'received', overdue: false })]);
    const all = await reportMapQuery(t.deps, t.tenant, { bbox: '10,50,10.1,50.1' });
    expect(all.total).toBe(2);
  });

  it(`answers grid clusters past ${REPORT_MAP_POINT_CAP} points, with the total`, async () => {
    await clearReports();
    // two corners of the box, more than the cap in all
    await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.execute(sql`insert into reports (tenant_id, category_id, description, lat, lng, source, contact_kind)
        select ${t.tenant.id}, ${categoryId}, 'Masse', case when i % 2 = 0 then 50.001 else 50.099 end,
          case when i % 2 = 0 then 10.001 else 10.099 end, 'staff', 'anonymous' from generate_series(1, ${REPORT_MAP_POINT_CAP + 100}) i`),
    );
    const map = await reportMapQuery(t.deps, t.tenant, { bbox: '10,50,10.1,50.1', status: ['open'] });
    expect(map.points).toEqual([]);
    expect(map.total).toBe(REPORT_MAP_POINT_CAP + 100);
    expect(map.clusters).toHaveLength(2);
    expect(map.clusters.map((c) => c.count).sort()).toEqual([(REPORT_MAP_POINT_CAP + 100) / 2, (REPORT_MAP_POINT_CAP + 100) / 2]);
    expect(map.clusters.find((c) => c.lat < 50.05)).toMatchObject({ lat: expect.closeTo(50.001, 6), lng: expect.closeTo(10.001, 6) });
  });

  it('is answered by an index on the box under row-level security', async () => {
    await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.execute(sql`insert into reports (tenant_id, category_id, status, description, lat, lng, source, contact_kind)
        select ${t.tenant.id}, ${categoryId}, (array['received','confirmed','in_progress','resolved','rejected'])[1 + i % 5], 'Masse',
          49 + (i % 97) / 30.0, 8 + (i % 89) / 20.0, 'staff', 'anonymous' from generate_series(1, 4000) i`),
    );
    await t.deps.db.system.execute(sql`analyze reports`);
    const plan = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`explain select id, lat, lng from reports where ${mapWhere(t.tenant.id, { bbox: '10,50,10.1,50.1', status: 'open' })}`,
      ),
    );
    // reports_map_idx, or the partial reports_nearby_idx (tenant, category, lat) when one category holds all: either way
    // the box's latitude is an index condition, which row-level security would forbid for a leaky comparison
    const text = plan.map((p) => p['QUERY PLAN']).join('\n');
    expect(text).not.toContain('Seq Scan');
    expect(text).toMatch(/Index Cond: \(\(tenant_id = [^\n]*lat >= '50'/);
  });
});

describe('one report', () => {
  it('shows the contact only when asked for, and audits that view', async () => {
    const r = await seedReport({ contact: { kind: 'email', email: 'erika@example.org', name: 'Erika Muster' } });
    await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.insert(reportItems).values({ tenantId: t.tenant.id, reportId: r.id, kind: 'internal', authorId: ownerId, body: 'Bauhof informiert' }),
    );
    const audits = () =>
      t.deps.db.withTenant(t.tenant.id, (tx) =>
        tx
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'report.contact_viewed'), eq(auditLog.objectId, r.id))),
      );
    const without = await getReport(t.deps, testActor, who, r.id, { withContact: false });
    expect(without.contact).toBeNull();
    expect(JSON.stringify(without)).not.toContain('erika');
    expect(await audits()).toHaveLength(0);
    const full = await getReport(t.deps, testActor, who, r.id, { withContact: true });
    expect(full.contact).toEqual({ kind: 'email', residentId: null, name: 'Erika Muster', address: 'erika@example.org' });
    expect(full.items).toEqual([expect.objectContaining({ kind: 'internal', authorId: ownerId, authorName: 'owner', body: 'Bauhof informiert' })]);
    expect(await audits()).toHaveLength(1);
  });

  it('names the report a duplicate points to, and answers 404 for another municipality’s id', async () => {
    const original = await seedReport();
    const dup = await seedReport({ status: 'duplicate' });
    await t.deps.db.withTenant(t.tenant.id, (tx) => tx.update(reports).set({ duplicateOf: original.id }).where(eq(reports.id, dup.id)));
    expect((await getReport(t.deps, testActor, who, dup.id, { withContact: true })).duplicateOf).toEqual(original);
    const [foreign] = await t.deps.db.withTenant(other.id, (tx) => tx.select({ id: reports.id }).from(reports));
    await expect(getReport(t.deps, testActor, who, foreign.id, { withContact: true })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the public view', () => {
  it('holds no personal data, only approved photos and public comments', async () => {
    await clearReports();
    const r = await seedReport({ contact: { kind: 'email', email: 'erika@example.org', name: 'Erika Muster' }, status: 'in_progress' });
    await seedReport({ status: 'resolved' });
    const [approved] = await t.deps.db.withTenant(t.tenant.id, async (tx) => {
      const photo = tinyPhotoRow(t.tenant.id, r.id);
      await tx.insert(reportPhotos).values({ ...photo, status: 'pending' });
      await tx.insert(reportItems).values([
        { tenantId: t.tenant.id, reportId: r.id, kind: 'internal', body: 'Nur intern' },
        { tenantId: t.tenant.id, reportId: r.id, kind: 'public', body: 'Die Lampe wurde ersetzt' },
      ]);
      return tx
        .insert(reportPhotos)
        .values({ ...photo, status: 'approved' })
        .returning({ id: reportPhotos.id });
    });
    const one = await publicReport(t.deps, t.tenant, r.number);
    expect(one).toMatchObject({ number: r.number, status: 'in_progress', photos: [approved.id], publicComments: [{ body: 'Die Lampe wurde ersetzt' }] });
    const text = JSON.stringify(one);
    for (const secret of ['erika', 'Erika', 'Nur intern']) expect(text).not.toContain(secret);
    expect(await publicReport(t.deps, other, r.number)).toBeNull();
    const open = await publicReports(t.deps, t.tenant, { status: 'open' });
    expect(open.items.map((i) => i.number)).toEqual([r.number]);
    const closed = await publicReports(t.deps, t.tenant, { status: 'closed', bbox: '10,50,10.1,50.1' });
    expect(closed.items.map((i) => i.status)).toEqual(['resolved']);
    const first = await publicReports(t.deps, t.tenant, { limit: 1 });
    const second = await publicReports(t.deps, t.tenant, { limit: 1, cursor: first.next! });
    expect([...first.items, ...second.items].map((i) => i.number).sort()).toHaveLength(2);
    expect(second.next).toBeNull();
  });
});

describe('Open311 keys', () => {
  it('a key works for its municipality until revoked, and never for another', async () => {
    const created = await createOpen311Key(t.deps, testActor, t.tenant, { name: 'Stadtwerke' });
    expect(created.key).toHaveLength(43);
    expect(created.prefix).toBe(created.key.slice(0, 8));
    const stored = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(open311Keys).where(eq(open311Keys.id, created.id)));
    expect(stored[0].keyHash).not.toContain(created.key);
    expect(await verifyOpen311Key(t.deps, t.tenant, created.key)).toEqual({ id: created.id });
    expect(await verifyOpen311Key(t.deps, other, created.key)).toBeNull();
    expect(await verifyOpen311Key(t.deps, t.tenant, `${created.key}x`)).toBeNull();
    expect(await verifyOpen311Key(t.deps, t.tenant, '')).toBeNull();
    const [used] = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(open311Keys).where(eq(open311Keys.id, created.id)));
    expect(used.lastUsedAt).not.toBeNull();
    await revokeOpen311Key(t.deps, testActor, t.tenant, created.id);
    expect(await verifyOpen311Key(t.deps, t.tenant, created.key)).toBeNull();
  });
});
