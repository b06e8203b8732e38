// The staff API of reports through HTTP on a real database: every route, who may use it, strict input, 404s, the map's
// clusters, the CSV export, and the reporter's contact shown only to those who work reports (and audited).
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { tinyPhotoRow } from '../../../../test/helpers/reports.ts';
import { UNKNOWN_ID } from '../../../../test/helpers/unknown-id.ts';
import { REPORT_MAP_POINT_CAP, reportMap } from '../../../common/contracts/reports.ts';
import { queryRows } from '../../platform/db/client.ts';
import { auditLog, conversations, reportPhotos, reports } from '../../platform/db/schema.ts';

let t: TestApp;
let owner: Session;
let agent: Session;
let viewer: Session;
let agentId: string;
let categoryId: string;
const api = '/api/v1/tenants/musterstadt';

const problem = (res: LightMyRequestResponse) => res.json() as { code: string; errors?: Array<{ pointer: string; detail: string; code?: string }> };
const pointers = (res: LightMyRequestResponse) => (problem(res).errors ?? []).map((e) => e.pointer);
const REPORT = {
  description: 'Schlagloch vor dem Rathaus',
  location: { lat: 50.05, lng: 10.05 },
  contact: { kind: 'email', email: 'erika@example.org', name: 'Erika Muster' },
};

async function file(session: Session = agent, body: Record<string, unknown> = {}) {
  const res = await t.as(session, { method: 'POST', url: `${api}/reports`, payload: { categoryId, ...REPORT, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number };
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
  agentId = await t.createStaff(t.tenant, 'anna@musterstadt.test', 'agent');
  agent = await t.login('anna@musterstadt.test');
  await t.createStaff(t.tenant, 'lea@musterstadt.test', 'viewer');
  viewer = await t.login('lea@musterstadt.test');
  const res = await t.as(owner, { method: 'POST', url: `${api}/report-categories`, payload: { code: 'strassenschaden', name: 'Straßenschaden' } });
  expect(res.statusCode, res.body).toBe(201);
  categoryId = res.json().id;
});
afterAll(async () => {
  await t.close();
});

describe('categories', () => {
  it('managers add, change and delete; everyone reads; an agent cannot change them', async () => {
    const created = await t.as(owner, { method: 'POST', url: `${api}/report-categories`, payload: { code: 'beleuchtung', name: 'Beleuchtung' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await t.as(agent, { method: 'PATCH', url: `${api}/report-categories/${id}`, payload: { name: 'Licht' } })).statusCode).toBe(403);
    expect((await t.as(agent, { method: 'POST', url: `${api}/report-categories`, payload: { code: 'x', name: 'X' } })).statusCode).toBe(403);
    const patched = await t.as(owner, { method: 'PATCH', url: `${api}/report-categories/${id}`, payload: { name: 'Straßenbeleuchtung' } });
    expect(patched.json()).toMatchObject({ id, code: 'beleuchtung', name: 'Straßenbeleuchtung' });
    const list = await t.as(viewer, { method: 'GET', url: `${api}/report-categories` });
    expect(
      list
        .json()
        .items.map((c: { code: string }) => c.code)
        .sort(),
    ).toEqual(['beleuchtung', 'strassenschaden']);
    expect((await t.as(viewer, { method: 'GET', url: `${api}/report-categories/${id}` })).json().name).toBe('Straßenbeleuchtung');
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/report-categories/${id}` })).statusCode).toBe(204);
    expect((await t.as(owner, { method: 'GET', url: `${api}/report-categories/${id}` })).statusCode).toBe(404);
  });

  it('names unknown fields, and refuses to delete a category that has reports', async () => {
    const bad = await t.as(owner, { method: 'POST', url: `${api}/report-categories`, payload: { code: 'muell', name: 'Müll', colour: 'red' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(problem(bad).errors)).toContain('colour');
    await file();
    const refused = await t.as(owner, { method: 'DELETE', url: `${api}/report-categories/${categoryId}` });
    expect(refused.statusCode).toBe(409);
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/report-categories/${UNKNOWN_ID}`, payload: { name: 'X' } })).statusCode).toBe(404);
  });
});

describe('filing and reading a report', () => {
  it('staff file by hand; the answer is the id and the number', async () => {
    const filed = await file();
    expect(filed.number).toBeGreaterThan(1000);
    const [row] = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(reports).where(eq(reports.id, filed.id)));
    expect(row).toMatchObject({ source: 'staff', contactKind: 'email', description: REPORT.description });
  });

  it('a report made from an inbox conversation links it; a conversation of no one here is refused', async () => {
    const now = new Date();
    const [c] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .insert(conversations)
        .values({ tenantId: t.tenant.id, contactKind: 'phone', channel: 'sms', firstInboundAt: now, lastInboundAt: now, lastActivityAt: now })
        .returning({ id: conversations.id }),
    );
    const filed = await file(agent, { conversationId: c.id });
    const detail = (await t.as(agent, { method: 'GET', url: `${api}/reports/${filed.id}` })).json();
    expect(detail).toMatchObject({ source: 'inbox', conversationId: c.id });
    const stray = await t.as(agent, { method: 'POST', url: `${api}/reports`, payload: { categoryId, ...REPORT, conversationId: UNKNOWN_ID } });
    expect(stray.statusCode).toBe(400);
    expect(pointers(stray)).toEqual(['/body/conversationId']);
  });

  it('refuses unknown fields, a place outside the municipality and a viewer, naming what is wrong', async () => {
    const extra = await t.as(agent, { method: 'POST', url: `${api}/reports`, payload: { categoryId, ...REPORT, priority: 'high' } });
    expect(extra.statusCode).toBe(400);
    expect(JSON.stringify(problem(extra).errors)).toContain('priority');
    const far = await t.as(agent, { method: 'POST', url: `${api}/reports`, payload: { categoryId, ...REPORT, location: { lat: 40.4, lng: -3.7 } } });
    expect(far.statusCode).toBe(400);
    expect(pointers(far)).toEqual(['/body/location']);
    const unknown = await t.as(agent, { method: 'POST', url: `${api}/reports`, payload: { ...REPORT, categoryId: UNKNOWN_ID } });
    expect(unknown.statusCode).toBe(400);
    expect(pointers(unknown)).toEqual(['/body/categoryId']);
    expect((await t.as(viewer, { method: 'POST', url: `${api}/reports`, payload: { categoryId, ...REPORT } })).statusCode).toBe(403);
  });

  it('shows the contact only to those who work reports, and audits each view of it', async () => {
    const { id } = await file();
    const views = async () =>
      (
        await t.deps.db.withTenant(t.tenant.id, (tx) =>
          tx
            .select()
            .from(auditLog)
            .where(and(eq(auditLog.action, 'report.contact_viewed'), eq(auditLog.objectId, id))),
        )
      ).length;
    const seenByViewer = await t.as(viewer, { method: 'GET', url: `${api}/reports/${id}` });
    expect(seenByViewer.statusCode).toBe(200);
    expect(seenByViewer.json().contact).toBeNull();
    expect(seenByViewer.body).not.toContain('erika@example.org');
    expect(await views()).toBe(0);
    const seenByAgent = await t.as(agent, { method: 'GET', url: `${api}/reports/${id}` });
    expect(seenByAgent.json().contact).toEqual({ kind: 'email', residentId: null, name: 'Erika Muster', address: 'erika@example.org' });
    expect(await views()).toBe(1);
    expect((await t.as(agent, { method: 'GET', url: `${api}/reports/${UNKNOWN_ID}` })).statusCode).toBe(404);
    expect((await t.as(agent, { method: 'GET', url: `${api}/reports/not-an-id` })).statusCode).toBe(400);
  });

  it('lists reports with filters, and refuses an unknown filter', async () => {
    const { number } = await file(agent, { description: 'Laterne flackert am Marktplatz' });
    const found = await t.as(viewer, { method: 'GET', url: `${api}/reports?q=flackert` });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ total: 1, next: null, items: [{ number, categoryName: 'Straßenschaden', contactKind: 'email' }] });
    expect(found.body).not.toContain('erika');
    const byNumber = await t.as(viewer, { method: 'GET', url: `${api}/reports?q=${number}&view=open` });
    expect(byNumber.json().items.map((r: { number: number }) => r.number)).toEqual([number]);
    const bad = await t.as(viewer, { method: 'GET', url: `${api}/reports?colour=red` });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(problem(bad).errors)).toContain('colour');
  });
});

describe('working a report', () => {
  let id: string;
  beforeAll(async () => {
    ({ id } = await file());
  });

  it('a viewer cannot change the status; an agent can, and gets the updated report', async () => {
    const refused = await t.as(viewer, { method: 'POST', url: `${api}/reports/${id}/status`, payload: { status: 'confirmed' } });
    expect(refused.statusCode).toBe(403);
    const res = await t.as(agent, { method: 'POST', url: `${api}/reports/${id}/status`, payload: { status: 'confirmed', publicComment: 'Wir kümmern uns.' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'confirmed' });
    expect(res.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'public', body: 'Wir kümmern uns.' })]));
    const reason = await t.as(agent, { method: 'POST', url: `${api}/reports/${id}/status`, payload: { status: 'rejected' } });
    expect(reason.statusCode).toBe(400);
    expect(pointers(reason)).toEqual(['/body/reason']);
    expect((await t.as(agent, { method: 'POST', url: `${api}/reports/${UNKNOWN_ID}/status`, payload: { status: 'confirmed' } })).statusCode).toBe(404);
  });

  it('assigns by claim, takes comments and corrections', async () => {
    const claimed = await t.as(agent, { method: 'POST', url: `${api}/reports/${id}/assign`, payload: { claim: true } });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ assigneeId: agentId, assigneeName: 'anna' });
    const comment = await t.as(agent, { method: 'POST', url: `${api}/reports/${id}/comments`, payload: { kind: 'internal', body: 'Bauhof informiert' } });
    expect(comment.statusCode, comment.body).toBe(200);
    expect(comment.json().items.at(-1)).toMatchObject({ kind: 'internal', body: 'Bauhof informiert', authorId: agentId });
    const expectedAt = '2026-12-24T12:00:00.000Z';
    const patched = await t.as(agent, { method: 'PATCH', url: `${api}/reports/${id}`, payload: { expectedAt } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().expectedAt).toBe(expectedAt);
    const extra = await t.as(agent, { method: 'PATCH', url: `${api}/reports/${id}`, payload: { status: 'resolved' } });
    expect(extra.statusCode).toBe(400);
    expect(JSON.stringify(problem(extra).errors)).toContain('status');
  });

  it('approves a photo, and answers 404 for a photo of no report', async () => {
    const [photo] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.insert(reportPhotos).values(tinyPhotoRow(t.tenant.id, id)).returning({ id: reportPhotos.id }),
    );
    const pending = await t.as(viewer, { method: 'GET', url: `${api}/reports/${id}` });
    expect(pending.json()).toMatchObject({ photoCount: 1, pendingPhotos: 1 });
    const res = await t.as(agent, { method: 'POST', url: `${api}/reports/${id}/photos/${photo.id}/review`, payload: { status: 'approved' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ pendingPhotos: 0, photos: [{ id: photo.id, status: 'approved' }] });
    const none = await t.as(agent, { method: 'POST', url: `${api}/reports/${id}/photos/${UNKNOWN_ID}/review`, payload: { status: 'approved' } });
    expect(none.statusCode).toBe(404);
  });
});

describe('the map', () => {
  it('answers points in the box, and clusters past the cap', async () => {
    const small = await t.as(viewer, { method: 'GET', url: `${api}/reports/map?bbox=10,50,10.1,50.1&status=open` });
    expect(small.statusCode, small.body).toBe(200);
    expect(small.json().clusters).toEqual([]);
    expect(small.json().points.length).toBe(small.json().total);
    // PostgreSQL writes this answer (reports.map.ts): it must still be what the contract declares, no field more
    expect(reportMap.parse(small.json())).toEqual(small.json());
    await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.execute(sql`insert into reports (tenant_id, category_id, description, lat, lng, source, contact_kind)
        select ${t.tenant.id}, ${categoryId}, 'Masse', 52.0 + (i % 10) / 1000.0, 13.0 + (i % 7) / 1000.0, 'staff', 'anonymous'
        from generate_series(1, ${REPORT_MAP_POINT_CAP + 1}) i`),
    );
    const big = await t.as(viewer, { method: 'GET', url: `${api}/reports/map?bbox=12.99,51.99,13.02,52.02&status=open&status=resolved` });
    expect(big.statusCode, big.body).toBe(200);
    expect(big.json().points).toEqual([]);
    expect(big.json().total).toBe(REPORT_MAP_POINT_CAP + 1);
    expect(big.json().clusters.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(REPORT_MAP_POINT_CAP + 1);
    expect(reportMap.parse(big.json())).toEqual(big.json());
    expect(big.headers['content-type']).toBe('application/json; charset=utf-8');
    const bad = await t.as(viewer, { method: 'GET', url: `${api}/reports/map?bbox=10.1,50,10,50.1` });
    expect(bad.statusCode).toBe(400);
    expect(pointers(bad)[0]).toMatch(/^\/querystring\/bbox/);
  });
});

describe('the CSV export', () => {
  it('has a BOM, semicolons, the columns and the filtered rows, and no contact data', async () => {
    const { number } = await file(agent, { description: 'Bank; "kaputt"', address: '=Hauptstraße 1' });
    const res = await t.as(viewer, { method: 'GET', url: `${api}/reports/export.csv?q=kaputt` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('meldungen-musterstadt-');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('number;created;category;status;address;lat;lng;department;assignee;due;expected;closed');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${number};\\d{4}-\\d\\d-\\d\\dT[^;]+;Straßenschaden;received;'=Hauptstraße 1;50.05;10.05;`));
    expect(res.body).not.toContain('erika');
    const [audit] = await queryRows<{ n: number }>(t.deps.db.system, sql`select count(*)::int as n from audit_log where action = 'reports.exported'`);
    expect(audit.n).toBe(1);
  });
});

describe('settings and Open311 keys', () => {
  it('everyone reads the settings; only managers change them', async () => {
    expect((await t.as(viewer, { method: 'GET', url: `${api}/report-settings` })).json()).toEqual({ duplicateRadiusM: 50, reopenDays: 14, publicMap: true });
    expect((await t.as(agent, { method: 'PATCH', url: `${api}/report-settings`, payload: { reopenDays: 7 } })).statusCode).toBe(403);
    const res = await t.as(owner, { method: 'PATCH', url: `${api}/report-settings`, payload: { reopenDays: 7 } });
    expect(res.json()).toMatchObject({ reopenDays: 7, duplicateRadiusM: 50 });
    const bad = await t.as(owner, { method: 'PATCH', url: `${api}/report-settings`, payload: { reopenDays: 7, radius: 3 } });
    expect(bad.statusCode).toBe(400);
  });

  it('a key is shown once, listed by prefix, and revoked', async () => {
    expect((await t.as(agent, { method: 'GET', url: `${api}/open311-keys` })).statusCode).toBe(403);
    const created = await t.as(owner, { method: 'POST', url: `${api}/open311-keys`, payload: { name: 'Stadtwerke' } });
    expect(created.statusCode).toBe(201);
    const { id, key, prefix } = created.json();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = await t.as(owner, { method: 'GET', url: `${api}/open311-keys` });
    expect(list.json().items).toEqual([expect.objectContaining({ id, name: 'Stadtwerke', prefix, revokedAt: null })]);
    expect(list.body).not.toContain(key);
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/open311-keys/${id}` })).statusCode).toBe(204);
    const after = await t.as(owner, { method: 'GET', url: `${api}/open311-keys` });
    expect(after.json().items[0].revokedAt).not.toBeNull();
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/open311-keys/${UNKNOWN_ID}` })).statusCode).toBe(404);
  });
});
