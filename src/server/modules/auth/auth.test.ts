import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, OWNER_EMAIL, PASSWORD, type TestApp } from '../../../../test/helpers/app.ts';
import { outboxFor } from '../../../../test/helpers/portal.ts';
import { currentTotp } from '../../platform/auth/totp.ts';
import { sessions } from '../../platform/db/schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true, env: { CIVICAST_LOGIN_MAX_FAILURES: '3' } }); // reset mails go through the delivery engine
});
afterAll(async () => {
  await t.close();
});

const login = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });

describe('staff sign-in', () => {
  it('the seeded owner signs in and sees their municipality', async () => {
    const s = await t.loginOwner();
    const me = await t.as(s, { method: 'GET', url: '/api/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(OWNER_EMAIL);
    expect(me.json().tenants).toEqual([expect.objectContaining({ slug: 'musterstadt', role: 'owner' })]);
    expect(me.json().csrfToken).toBe(s.csrf);
  });

  it('the session cookie is HttpOnly and SameSite=Lax', async () => {
    const res = await login({ email: OWNER_EMAIL, password: PASSWORD });
    const cookie = res.cookies.find((c) => c.name === 'civicast_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
  });

  it('a wrong password and an unknown address get the same generic answer', async () => {
    await t.createStaff(t.tenant, 'generic@musterstadt.test', 'viewer');
    const wrong = await login({ email: 'generic@musterstadt.test', password: 'wrong password 1' });
    const unknown = await login({ email: 'nobody@musterstadt.test', password: 'wrong password 1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('repeated wrong passwords lock the account, even against the right password', async () => {
    await t.createStaff(t.tenant, 'locked@musterstadt.test', 'viewer');
    for (let i = 0; i < 3; i++) expect((await login({ email: 'locked@musterstadt.test', password: 'nope nope nope' })).statusCode).toBe(401);
    const res = await login({ email: 'locked@musterstadt.test', password: PASSWORD });
    expect(res.statusCode).toBe(423);
    expect(res.json().code).toBe('account_locked');
  });

  it('without a session the API answers 401 with a hint', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
  });

  it('a state-changing request without the CSRF token is refused', async () => {
    const s = await t.loginOwner();
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: s.cookie }, payload: { name: 'X' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
  });

  it('logout ends the session', async () => {
    const s = await t.loginOwner();
    expect((await t.as(s, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    expect((await t.as(s, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('an idle session expires', async () => {
    const s = await t.loginOwner();
    await t.deps.db.system
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 3 * 3_600_000) })
      .where(eq(sessions.csrfToken, s.csrf));
    expect((await t.as(s, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });
});

describe('two-factor sign-in', () => {
  it('enrol with a code, then sign in only with password and code; a recovery code works once', async () => {
    await t.createStaff(t.tenant, 'totp@musterstadt.test', 'editor');
    const s = await t.login('totp@musterstadt.test');
    const setup = await t.as(s, { method: 'POST', url: '/api/v1/me/2fa/setup' });
    expect(setup.statusCode).toBe(200);
    const { secret, qrSvg, otpauthUri } = setup.json();
    expect(qrSvg).toContain('<svg');
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);

    const wrong = await t.as(s, { method: 'POST', url: '/api/v1/me/2fa/confirm', payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].pointer).toBe('/body/code');

    const enrolCode = currentTotp(secret);
    const ok = await t.as(s, { method: 'POST', url: '/api/v1/me/2fa/confirm', payload: { code: enrolCode } });
    expect(ok.statusCode).toBe(200);
    const codes: string[] = ok.json().recoveryCodes;
    expect(codes).toHaveLength(10);

    const noCode = await login({ email: 'totp@musterstadt.test', password: PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('totp_required');
    const badCode = await login({ email: 'totp@musterstadt.test', password: PASSWORD, totp: '123456' });
    expect(badCode.json().code).toBe('totp_invalid');
    // the code that confirmed the enrolment is spent; the next time step's code works, once
    expect((await login({ email: 'totp@musterstadt.test', password: PASSWORD, totp: enrolCode })).json().code).toBe('totp_invalid');
    const next = currentTotp(secret, Date.now() + 30_000);
    expect((await login({ email: 'totp@musterstadt.test', password: PASSWORD, totp: next })).statusCode).toBe(200);
    expect((await login({ email: 'totp@musterstadt.test', password: PASSWORD, totp: next })).json().code).toBe('totp_invalid');

    expect((await login({ email: 'totp@musterstadt.test', password: PASSWORD, totp: codes[0] })).statusCode).toBe(200);
    expect((await login({ email: 'totp@musterstadt.test', password: PASSWORD, totp: codes[0] })).statusCode).toBe(401);
  });

  it('a municipality that requires 2FA turns away members without it until they enrol', async () => {
    const other = await t.createTenant('strenge-stadt', 'Strenge Stadt');
    const owner = await t.login('owner@strenge-stadt.test');
    expect((await t.as(owner, { method: 'PATCH', url: '/api/v1/tenants/strenge-stadt', payload: { requireTwoFactor: true } })).statusCode).toBe(200);
    const res = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/strenge-stadt/staff' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('mfa_enrolment_required');
    expect(other.slug).toBe('strenge-stadt');
  });
});

describe('password reset', () => {
  it('a reset link lands in the dev outbox and sets a new password once', async () => {
    // an account of its own: the other tests sign in as the owner, in any order
    const email = 'reset@musterstadt.test';
    await t.createStaff(t.tenant, email, 'editor');
    const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
    expect(accepted.statusCode).toBe(202);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'ghost@musterstadt.test' } });
    expect(unknown.statusCode).toBe(202);

    const s = await t.login(email);
    // the owner's mailbox (the installation sends resets; see installation.test.ts for who may see the outbox row)
    const mail = (await outboxFor(t, email)).at(-1)!;
    expect(mail.subject).toMatch(/Passwort/);
    const token = /token=([\w-]+)/.exec(mail.bodyText)![1];

    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].pointer).toBe('/body/newPassword');

    const done = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword: 'a brand new password' } });
    expect(done.statusCode).toBe(204);
    expect((await t.as(s, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401); // other sessions ended
    expect((await login({ email, password: 'a brand new password' })).statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword: 'another new password' } });
    expect(again.json().code).toBe('token_invalid');
  });
});
