import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { outboxFor } from '../../../../test/helpers/portal.ts';

let t: TestApp;
let owner: Session;
beforeAll(async () => {
  t = await createTestApp({ work: true }); // invitation mails go through the delivery engine
  owner = await t.loginOwner();
});
afterAll(async () => {
  await t.close();
});

const tokenFrom = (text: string) => /token=([\w-]+)/.exec(text)![1];

async function invite(email: string, role: string) {
  const res = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/invitations', payload: { email, role } });
  expect(res.statusCode).toBe(201);
  // the invitee's mailbox: staff see the link masked in the outbox
  const mail = (await outboxFor(t, email)).at(-1)!;
  return tokenFrom(mail.bodyText);
}

describe('inviting colleagues', () => {
  it('an invited colleague accepts from the mail link, is signed in and has the role', async () => {
    const token = await invite('kollegin@musterstadt.test', 'editor');
    const info = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(info.json()).toMatchObject({ tenantName: 'Musterstadt', email: 'kollegin@musterstadt.test', role: 'editor', existingAccount: false });
    const accepted = await acceptInvitation(t, { token, name: 'Kollegin', password: 'her own password' });
    expect(accepted.statusCode).toBe(200);
    const s = await t.login('kollegin@musterstadt.test', 'her own password');
    const me = await t.as(s, { method: 'GET', url: '/api/v1/me' });
    expect(me.json().tenants).toEqual([expect.objectContaining({ slug: 'musterstadt', role: 'editor' })]);
  });

  it('an invitation link works once', async () => {
    const token = await invite('einmal@musterstadt.test', 'viewer');
    expect((await acceptInvitation(t, { token, password: 'a good password' })).statusCode).toBe(200);
    const again = await acceptInvitation(t, { token, password: 'a good password' });
    expect(again.statusCode).toBe(404);
  });

  it('a new account needs a password of at least 10 characters', async () => {
    const token = await invite('kurz@musterstadt.test', 'viewer');
    const res = await acceptInvitation(t, { token, password: 'short' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/body/password' })]);
  });

  it('an invalid role is named in the error', async () => {
    const res = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/invitations', payload: { email: 'x@y.de', role: 'king' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/role');
  });

  it('inviting is recorded in the audit log', async () => {
    await invite('protokoll@musterstadt.test', 'agent');
    const log = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/audit-log' });
    expect(
      log
        .json()
        .items.some(
          (e: { action: string; details: { email?: string } }) => e.action === 'invitation.created' && e.details.email === 'protokoll@musterstadt.test',
        ),
    ).toBe(true);
  });
});

describe('roles', () => {
  it('an admin changes a role; the change is audited', async () => {
    const userId = await t.createStaff(t.tenant, 'rolle@musterstadt.test', 'viewer');
    const res = await t.as(owner, { method: 'PATCH', url: `/api/v1/tenants/musterstadt/staff/${userId}`, payload: { role: 'agent' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('agent');
    const log = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/audit-log?limit=5' });
    expect(log.json().items[0]).toMatchObject({ action: 'staff.updated', objectId: userId, actorEmail: 'owner@musterstadt.test' });
  });

  it('the last owner cannot be demoted or removed', async () => {
    const me = await t.as(owner, { method: 'GET', url: '/api/v1/me' });
    const id = me.json().user.id;
    const demote = await t.as(owner, { method: 'PATCH', url: `/api/v1/tenants/musterstadt/staff/${id}`, payload: { role: 'admin' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('last_owner');
    expect((await t.as(owner, { method: 'DELETE', url: `/api/v1/tenants/musterstadt/staff/${id}` })).statusCode).toBe(409);
  });

  it('an admin cannot make anyone owner', async () => {
    await t.createStaff(t.tenant, 'admin@musterstadt.test', 'admin');
    const userId = await t.createStaff(t.tenant, 'aufstieg@musterstadt.test', 'viewer');
    const admin = await t.login('admin@musterstadt.test');
    const res = await t.as(admin, { method: 'PATCH', url: `/api/v1/tenants/musterstadt/staff/${userId}`, payload: { role: 'owner' } });
    expect(res.statusCode).toBe(403);
  });

  it('a viewer may read the staff list but not change settings', async () => {
    await t.createStaff(t.tenant, 'leser@musterstadt.test', 'viewer');
    const viewer = await t.login('leser@musterstadt.test');
    expect((await t.as(viewer, { method: 'GET', url: '/api/v1/tenants/musterstadt/staff' })).statusCode).toBe(200);
    expect((await t.as(viewer, { method: 'PATCH', url: '/api/v1/tenants/musterstadt', payload: { name: 'Hack' } })).statusCode).toBe(403);
    expect((await t.as(viewer, { method: 'GET', url: '/api/v1/tenants/musterstadt/audit-log' })).statusCode).toBe(403);
  });
});

describe('departments', () => {
  it('create, rename, refuse a duplicate name, delete', async () => {
    const created = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/departments', payload: { name: 'Bauhof' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const dup = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/departments', payload: { name: 'Bauhof' } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].pointer).toBe('/body/name');
    const renamed = await t.as(owner, { method: 'PATCH', url: `/api/v1/tenants/musterstadt/departments/${id}`, payload: { name: 'Betriebshof' } });
    expect(renamed.json().name).toBe('Betriebshof');
    expect((await t.as(owner, { method: 'DELETE', url: `/api/v1/tenants/musterstadt/departments/${id}` })).statusCode).toBe(204);
    const list = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/departments' });
    expect(list.json().items.map((d: { name: string }) => d.name)).not.toContain('Betriebshof');
  });

  it('refuses to delete a department that routing rules still point to, until they point elsewhere', async () => {
    const id = (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/departments', payload: { name: 'Ordnungsamt' } })).json().id;
    const rules = await t.as(owner, {
      method: 'PUT',
      url: '/api/v1/tenants/musterstadt/inbox/rules',
      payload: { rules: [{ keyword: 'PARKEN', departmentId: id }] },
    });
    expect(rules.statusCode).toBe(200);
    const refused = await t.as(owner, { method: 'DELETE', url: `/api/v1/tenants/musterstadt/departments/${id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('1 routing rule');
    await t.as(owner, { method: 'PUT', url: '/api/v1/tenants/musterstadt/inbox/rules', payload: { rules: [] } });
    expect((await t.as(owner, { method: 'DELETE', url: `/api/v1/tenants/musterstadt/departments/${id}` })).statusCode).toBe(204);
  });
});
