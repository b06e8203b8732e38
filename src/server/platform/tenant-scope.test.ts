// The tenant scope signs the caller in and resolves their membership in one statement (tenancy.ts), read afresh on every
// request: a sign-out, an idle session, a removed membership or a lowered role counts from the very next request.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { memberships, sessions, staffUsers } from './db/schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const staffList = (s: Session, slug = t.tenant.slug) => t.as(s, { method: 'GET', url: `/api/v1/tenants/${slug}/staff` });
const newDepartment = (s: Session) =>
  t.as(s, { method: 'POST', url: `/api/v1/tenants/${t.tenant.slug}/departments`, payload: { name: `Abteilung ${Math.random()}` } });
const membershipOf = async (email: string) => {
  const [user] = await t.deps.db.system.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, email));
  return and(eq(memberships.tenantId, t.tenant.id), eq(memberships.userId, user!.id));
};

describe('tenant scope', () => {
  it('a member reads their municipality; a slug no municipality has answers 404, one no slug can be too', async () => {
    const s = await t.staffSession('viewer');
    expect((await staffList(s)).statusCode).toBe(200);
    expect((await staffList(s, 'nirgendwo')).statusCode).toBe(404);
    expect((await staffList(s, 'NOT_A_SLUG')).statusCode).toBe(404);
  });

  it('without a session every tenant route answers 401, also for a slug that names nothing', async () => {
    const none = { cookie: 'civicast_session=unknown', csrf: 'x' };
    expect((await staffList(none)).statusCode).toBe(401);
    expect((await staffList(none, 'NOT_A_SLUG')).statusCode).toBe(401);
  });

  it('a signed-out session is refused at the next tenant request', async () => {
    const s = await t.staffSession('agent');
    expect((await staffList(s)).statusCode).toBe(200);
    expect((await t.as(s, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    expect((await staffList(s)).statusCode).toBe(401);
  });

  it('an idle session is refused on a tenant route', async () => {
    const s = await t.staffSession('editor');
    await t.deps.db.system
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 3 * 3_600_000) })
      .where(eq(sessions.csrfToken, s.csrf));
    expect((await staffList(s)).statusCode).toBe(401);
  });

  it('a state-changing tenant request without the CSRF token is refused', async () => {
    const s = await t.staffSession('admin');
    const res = await newDepartment({ ...s, csrf: 'wrong' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
  });

  it('a removed membership answers 404 from the next request on', async () => {
    const email = 'removed@musterstadt.test';
    await t.createStaff(t.tenant, email, 'viewer');
    const s = await t.login(email);
    expect((await staffList(s)).statusCode).toBe(200);
    await t.deps.db.system.delete(memberships).where(await membershipOf(email));
    expect((await staffList(s)).statusCode).toBe(404);
  });

  it('a lowered role loses its rights from the next request on', async () => {
    const email = 'lowered@musterstadt.test';
    await t.createStaff(t.tenant, email, 'admin');
    const s = await t.login(email);
    expect((await newDepartment(s)).statusCode).toBe(201);
    await t.deps.db.system
      .update(memberships)
      .set({ role: 'viewer' })
      .where(await membershipOf(email));
    const res = await newDepartment(s);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });
});
