// The inbox settings API on a real database: routing rules, business hours and deadlines, departments, availability
// and canned responses, with field pointers on bad input, 403 for roles without the permission, and the audit trail.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { department, joinDepartment } from '../../../../test/helpers/departments.ts';
import { UNKNOWN_ID } from '../../../../test/helpers/unknown-id.ts';
import { queryRows } from '../../platform/db/client.ts';
import { auditLog, memberships, tenants } from '../../platform/db/schema.ts';

let t: TestApp;
let owner: Session;
let viewer: Session;
let agent: Session;
let agentId: string;
let ordnungsamt: string;
let bauamt: string;
const api = '/api/v1/tenants/musterstadt/inbox';

const pointers = (body: string) => (JSON.parse(body).errors ?? []).map((e: { pointer: string }) => e.pointer);
const audits = async (action: string) =>
  (
    await t.deps.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, t.tenant.id), eq(auditLog.action, action)))
  ).length;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
  viewer = await t.staffSession('viewer');
  agentId = await t.createStaff(t.tenant, 'agent@musterstadt.test', 'agent');
  agent = await t.login('agent@musterstadt.test');
  ordnungsamt = await department(t.deps, t.tenant, { name: 'Ordnungsamt' });
  bauamt = await department(t.deps, t.tenant, { name: 'Bauamt' });
  await joinDepartment(t.deps, t.tenant, bauamt, agentId);
});
afterAll(async () => {
  await t.close();
});

describe('routing rules', () => {
  it('replaces the whole ordered list, reads it back in order, and audits', async () => {
    const put = await t.as(owner, {
      method: 'PUT',
      url: `${api}/rules`,
      payload: {
        rules: [
          { channel: 'sms', keyword: 'bau', departmentId: bauamt },
          { topic: 'abfall', language: 'DE', departmentId: ordnungsamt },
          { departmentId: ordnungsamt },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const items = put.json().items;
    expect(items.map((r: { position: number; keyword: string | null; departmentId: string }) => [r.position, r.keyword, r.departmentId])).toEqual([
      [0, 'BAU', bauamt],
      [1, null, ordnungsamt],
      [2, null, ordnungsamt],
    ]);
    expect(items[1]).toMatchObject({ channel: null, topic: 'abfall', language: 'de' });
    const got = await t.as(agent, { method: 'GET', url: `${api}/rules` });
    expect(got.statusCode).toBe(200);
    expect(got.json().items).toEqual(items);
    expect(await audits('inbox.rules_replaced')).toBe(1);

    // a shorter list replaces, it does not append
    const again = await t.as(owner, { method: 'PUT', url: `${api}/rules`, payload: { rules: [{ departmentId: bauamt }] } });
    expect(again.json().items).toHaveLength(1);
    expect((await t.as(owner, { method: 'GET', url: `${api}/rules` })).json().items).toHaveLength(1);
  });

  it('names the rule whose department does not exist, and changes nothing', async () => {
    const res = await t.as(owner, {
      method: 'PUT',
      url: `${api}/rules`,
      payload: { rules: [{ departmentId: ordnungsamt }, { departmentId: UNKNOWN_ID }] },
    });
    expect(res.statusCode).toBe(400);
    expect(pointers(res.body)).toEqual(['/body/rules/1/departmentId']);
    expect((await t.as(owner, { method: 'GET', url: `${api}/rules` })).json().items.map((r: { departmentId: string }) => r.departmentId)).toEqual([bauamt]);
    const unknownField = await t.as(owner, { method: 'PUT', url: `${api}/rules`, payload: { rules: [{ departmentId: bauamt, colour: 'red' }] } });
    expect(unknownField.statusCode).toBe(400);
  });

  it('lets no viewer change them and no viewer read them', async () => {
    expect((await t.as(viewer, { method: 'PUT', url: `${api}/rules`, payload: { rules: [] } })).statusCode).toBe(403);
    expect((await t.as(agent, { method: 'PUT', url: `${api}/rules`, payload: { rules: [] } })).statusCode).toBe(403);
    expect((await t.as(viewer, { method: 'GET', url: `${api}/rules` })).statusCode).toBe(403);
  });
});

describe('settings: business hours, deadlines, federal state, retention', () => {
  it('shows the defaults to every role and writes a patch to the tenant', async () => {
    const got = await t.as(viewer, { method: 'GET', url: `${api}/settings` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ federalState: 'NW', firstResponseHours: 8, resolutionHours: 40, reminderMinutes: 60, retentionDays: 730 });
    expect(got.json().openingHours['1']).toEqual([['08:00', '16:00']]);

    const hours = {
      '0': [],
      '1': [
        ['08:00', '12:00'],
        ['13:00', '16:00'],
      ],
      '2': [['08:00', '16:00']],
      '3': [],
      '4': [],
      '5': [],
      '6': [],
    };
    const patched = await t.as(owner, { method: 'PATCH', url: `${api}/settings`, payload: { federalState: 'BY', openingHours: hours, firstResponseHours: 4 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ federalState: 'BY', firstResponseHours: 4, resolutionHours: 40, retentionDays: 730, openingHours: hours });
    const [row] = await t.deps.db.system.select().from(tenants).where(eq(tenants.id, t.tenant.id));
    expect(row.federalState).toBe('BY');
    expect(row.inboxSettings).toMatchObject({ firstResponseHours: 4, resolutionHours: 40, openingHours: hours });
    expect((await t.as(agent, { method: 'GET', url: `${api}/settings` })).json()).toMatchObject({ federalState: 'BY', firstResponseHours: 4 });
    expect(await audits('inbox.settings_changed')).toBe(1);

    const retention = await t.as(owner, { method: 'PATCH', url: `${api}/settings`, payload: { retentionDays: 90 } });
    expect(retention.json()).toMatchObject({ retentionDays: 90, firstResponseHours: 4, federalState: 'BY' });
  });

  it('refuses an empty patch, reversed or overlapping hours and values out of range, naming the field', async () => {
    const empty = await t.as(owner, { method: 'PATCH', url: `${api}/settings`, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(pointers(empty.body)).toEqual(['/body']);

    const week = (day: Array<[string, string]>) => ({ '0': [], '1': [], '2': day, '3': [], '4': [], '5': [], '6': [] });
    const reversed = await t.as(owner, { method: 'PATCH', url: `${api}/settings`, payload: { openingHours: week([['16:00', '08:00']]) } });
    expect(reversed.statusCode).toBe(400);
    expect(pointers(reversed.body)[0]).toMatch(/^\/body\/openingHours\/2\/0/);

    const overlap = await t.as(owner, {
      method: 'PATCH',
      url: `${api}/settings`,
      payload: {
        openingHours: week([
          ['13:00', '17:00'],
          ['08:00', '13:30'],
        ]),
      },
    });
    expect(overlap.statusCode).toBe(400);
    expect(pointers(overlap.body)).toEqual(['/body/openingHours/2/0']);

    const late = await t.as(owner, { method: 'PATCH', url: `${api}/settings`, payload: { openingHours: week([['20:00', '24:30']]) } });
    expect(late.statusCode).toBe(400);
    expect(pointers(late.body)).toEqual(['/body/openingHours/2/0']);

    const short = await t.as(owner, { method: 'PATCH', url: `${api}/settings`, payload: { retentionDays: 5 } });
    expect(short.statusCode).toBe(400);
    expect(pointers(short.body)).toEqual(['/body/retentionDays']);
    const state = await t.as(owner, { method: 'PATCH', url: `${api}/settings`, payload: { federalState: 'XX' } });
    expect(pointers(state.body)).toEqual(['/body/federalState']);

    // nothing of that was written
    expect((await t.as(owner, { method: 'GET', url: `${api}/settings` })).json().openingHours['2']).toEqual([['08:00', '16:00']]);
  });

  it('is changed by managers only', async () => {
    expect((await t.as(viewer, { method: 'PATCH', url: `${api}/settings`, payload: { reminderMinutes: 30 } })).statusCode).toBe(403);
    expect((await t.as(agent, { method: 'PATCH', url: `${api}/settings`, payload: { reminderMinutes: 30 } })).statusCode).toBe(403);
  });
});

describe('departments and availability', () => {
  it('lists departments with members and their availability; an agent switches their own', async () => {
    const list = await t.as(agent, { method: 'GET', url: `${api}/departments` });
    expect(list.statusCode).toBe(200);
    const bau = list.json().items.find((d: { id: string }) => d.id === bauamt);
    expect(bau).toMatchObject({ name: 'Bauamt', openingHours: null, firstResponseHours: null, leadUserId: null, assignment: 'round-robin' });
    expect(bau.members).toEqual([{ userId: agentId, name: 'agent', available: true }]);

    const off = await t.as(agent, { method: 'PUT', url: `${api}/availability`, payload: { available: false } });
    expect(off.statusCode).toBe(204);
    const [m] = await t.deps.db.system
      .select()
      .from(memberships)
      .where(and(eq(memberships.tenantId, t.tenant.id), eq(memberships.userId, agentId)));
    expect(m.available).toBe(false);
    const after = (await t.as(owner, { method: 'GET', url: `${api}/departments` })).json().items.find((d: { id: string }) => d.id === bauamt);
    expect(after.members[0].available).toBe(false);
    expect((await t.as(viewer, { method: 'PUT', url: `${api}/availability`, payload: { available: false } })).statusCode).toBe(403);
    expect((await t.as(agent, { method: 'PUT', url: `${api}/availability`, payload: {} })).statusCode).toBe(400);
    expect((await t.as(viewer, { method: 'GET', url: `${api}/departments` })).statusCode).toBe(403);
  });

  it('changes a department’s hours, deadlines, lead and assignment; the lead must be staff here', async () => {
    const hours = { '0': [], '1': [['07:00', '15:00']], '2': [], '3': [], '4': [], '5': [], '6': [] };
    const res = await t.as(owner, {
      method: 'PATCH',
      url: `${api}/departments/${bauamt}`,
      payload: { openingHours: hours, firstResponseHours: 2, resolutionHours: 16, leadUserId: agentId, assignment: 'claim' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: bauamt, openingHours: hours, firstResponseHours: 2, resolutionHours: 16, leadUserId: agentId, assignment: 'claim' });
    expect(await audits('inbox.department_changed')).toBe(1);

    const back = await t.as(owner, { method: 'PATCH', url: `${api}/departments/${bauamt}`, payload: { openingHours: null, firstResponseHours: null } });
    expect(back.json()).toMatchObject({ openingHours: null, firstResponseHours: null, resolutionHours: 16 });

    // someone of another municipality cannot lead this department
    const elsewhere = await t.createTenant('nachbarort', 'Nachbarort');
    const strangerId = await t.createStaff(elsewhere, 'fremd@nachbarort.test', 'admin');
    const stranger = await t.as(owner, { method: 'PATCH', url: `${api}/departments/${bauamt}`, payload: { leadUserId: strangerId } });
    expect(stranger.statusCode).toBe(400);
    expect(pointers(stranger.body)).toEqual(['/body/leadUserId']);

    const overlap = await t.as(owner, {
      method: 'PATCH',
      url: `${api}/departments/${bauamt}`,
      payload: {
        openingHours: {
          ...hours,
          '1': [
            ['07:00', '15:00'],
            ['14:00', '18:00'],
          ],
        },
      },
    });
    expect(pointers(overlap.body)).toEqual(['/body/openingHours/1/1']);
    expect(pointers((await t.as(owner, { method: 'PATCH', url: `${api}/departments/${bauamt}`, payload: { assignment: 'lottery' } })).body)).toEqual([
      '/body/assignment',
    ]);
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/departments/${bauamt}`, payload: {} })).statusCode).toBe(400);
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/departments/${UNKNOWN_ID}`, payload: { assignment: 'claim' } })).statusCode).toBe(404);
    expect((await t.as(viewer, { method: 'PATCH', url: `${api}/departments/${bauamt}`, payload: { assignment: 'claim' } })).statusCode).toBe(403);
    expect((await t.as(agent, { method: 'PATCH', url: `${api}/departments/${bauamt}`, payload: { assignment: 'claim' } })).statusCode).toBe(403);
  });
});

describe('canned responses', () => {
  it('creates, lists, changes and deletes; titles are unique per municipality', async () => {
    const created = await t.as(owner, {
      method: 'POST',
      url: `${api}/canned-responses`,
      payload: { title: 'Eingangsbestätigung', body: 'Guten Tag {{name}}, wir haben Ihre Nachricht „{{betreff}}“ erhalten. {{mitarbeiter}}, {{gemeinde}}' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;

    const twin = await t.as(owner, { method: 'POST', url: `${api}/canned-responses`, payload: { title: 'Eingangsbestätigung', body: 'anders' } });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().detail).toContain('„Eingangsbestätigung“'.slice(1, -1));
    expect(pointers(twin.body)).toEqual(['/body/title']);

    const other = await t.as(owner, { method: 'POST', url: `${api}/canned-responses`, payload: { title: 'Abholung', body: 'Die Abholung ist am Montag.' } });
    expect(other.statusCode).toBe(201);
    const list = await t.as(agent, { method: 'GET', url: `${api}/canned-responses` });
    expect(list.json().items.map((c: { title: string }) => c.title)).toEqual(['Abholung', 'Eingangsbestätigung']);

    const renamedOnto = await t.as(owner, { method: 'PATCH', url: `${api}/canned-responses/${other.json().id}`, payload: { title: 'Eingangsbestätigung' } });
    expect(renamedOnto.statusCode).toBe(409);
    const changed = await t.as(owner, { method: 'PATCH', url: `${api}/canned-responses/${id}`, payload: { body: 'Danke, {{name}}.' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id, title: 'Eingangsbestätigung', body: 'Danke, {{name}}.' });
    // the same title again on itself is no conflict
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/canned-responses/${id}`, payload: { title: 'Eingangsbestätigung' } })).statusCode).toBe(200);

    // another municipality may use the same title
    const elsewhere = await t.createTenant('andersdorf', 'Andersdorf');
    const [{ id: ownerId }] = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = 'owner@musterstadt.test'`);
    await t.deps.db.system.insert(memberships).values({ tenantId: elsewhere.id, userId: ownerId, role: 'owner' });
    const there = await t.as(owner, {
      method: 'POST',
      url: '/api/v1/tenants/andersdorf/inbox/canned-responses',
      payload: { title: 'Eingangsbestätigung', body: 'x' },
    });
    expect(there.statusCode).toBe(201);

    expect((await t.as(owner, { method: 'DELETE', url: `${api}/canned-responses/${id}` })).statusCode).toBe(204);
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/canned-responses/${id}` })).statusCode).toBe(404);
    expect((await t.as(agent, { method: 'GET', url: `${api}/canned-responses` })).json().items).toHaveLength(1);
    expect(await audits('inbox.canned_created')).toBe(2);
    expect(await audits('inbox.canned_deleted')).toBe(1);
  });

  it('refuses empty fields, unknown fields and empty patches with pointers; manage only', async () => {
    const blank = await t.as(owner, { method: 'POST', url: `${api}/canned-responses`, payload: { title: '  ', body: 'x' } });
    expect(blank.statusCode).toBe(400);
    expect(pointers(blank.body)).toEqual(['/body/title']);
    const extra = await t.as(owner, { method: 'POST', url: `${api}/canned-responses`, payload: { title: 'a', body: 'b', html: '<b>' } });
    expect(extra.statusCode).toBe(400);
    const [{ id }] = (await t.as(owner, { method: 'GET', url: `${api}/canned-responses` })).json().items;
    const empty = await t.as(owner, { method: 'PATCH', url: `${api}/canned-responses/${id}`, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(pointers(empty.body)).toEqual(['/body']);
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/canned-responses/${UNKNOWN_ID}`, payload: { body: 'x' } })).statusCode).toBe(404);
    for (const s of [viewer, agent]) {
      expect((await t.as(s, { method: 'POST', url: `${api}/canned-responses`, payload: { title: 'v', body: 'v' } })).statusCode).toBe(403);
      expect((await t.as(s, { method: 'PATCH', url: `${api}/canned-responses/${id}`, payload: { body: 'v' } })).statusCode).toBe(403);
      expect((await t.as(s, { method: 'DELETE', url: `${api}/canned-responses/${id}` })).statusCode).toBe(403);
    }
    expect((await t.as(viewer, { method: 'GET', url: `${api}/canned-responses` })).statusCode).toBe(403);
  });
});
