// One mail path, the installation operator, secrets masked, transactional is not bulk (issue 8): a password reset is
// an installation mail that no municipality's staff can read; codes and links are masked in every staff view; an
// unsubscribe never holds back a sign-in link; an operator creates municipalities while the server runs.
import { spawnSync } from 'node:child_process';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, createTestApp, OWNER_EMAIL, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { operatorSession } from '../../../../test/helpers/operator.ts';
import { codeFrom, outboxFor, portalBrowser, registerOnPortal } from '../../../../test/helpers/portal.ts';
import { devOutbox, emailSuppressions, emailUnsubscribes, messages } from '../../platform/db/schema.ts';
import { INSTALLATION_TENANT_ID } from '../../platform/tenancy.ts';
import { deliveryToken } from '../delivery/tokens.ts';
import { getFollow, requestCode } from '../residents/index.ts';

let t: TestApp;
let neighbour: Session; // the owner of another municipality
let operator: Session;
const OPERATOR_EMAIL = 'betrieb@civicast.test';

beforeAll(async () => {
  t = await createTestApp({ work: true });
  await t.createTenant('nachbarort', 'Nachbarort');
  neighbour = await t.login('owner@nachbarort.test');
  operator = await operatorSession(t, t.tenant, OPERATOR_EMAIL);
});
afterAll(async () => {
  await t.close();
});

interface OutboxRow {
  id: string;
  recipient: string;
  subject: string | null;
  bodyText: string;
  installation: boolean;
  masked: boolean;
}
const items = async (s: Session, url: string): Promise<OutboxRow[]> => {
  const res = await t.as(s, { method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  return res.json().items;
};
const tokenIn = (text: string) => /token=([\w-]{20,})/.exec(text)?.[1];

describe('a password reset is an installation mail', () => {
  let token: string;
  let rowId: string;

  beforeAll(async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: OWNER_EMAIL } })).statusCode).toBe(202);
    const [mail] = await outboxFor(t, OWNER_EMAIL); // the owner's mailbox
    token = tokenIn(mail.bodyText)!;
    rowId = mail.id;
    expect(token).toBeTruthy();
    expect(mail.tenantId).toBe(INSTALLATION_TENANT_ID);
  });

  it("another municipality's owner neither sees nor opens it, and cannot use what they see", async () => {
    const list = await items(neighbour, '/api/v1/tenants/nachbarort/outbox?limit=200');
    expect(list.filter((m) => m.recipient === OWNER_EMAIL || m.installation)).toEqual([]);
    expect((await t.as(neighbour, { method: 'GET', url: `/api/v1/tenants/nachbarort/outbox/${rowId}` })).statusCode).toBe(404);
    for (const url of ['/api/v1/installation/outbox', `/api/v1/installation/outbox/${rowId}`, `/api/v1/installation/outbox/${rowId}/original`]) {
      expect((await t.as(neighbour, { method: 'GET', url })).statusCode, url).toBe(403);
    }
    // nor does the victim's own municipality show it: an account belongs to no tenant
    const own = await t.loginOwner();
    expect((await items(own, '/api/v1/tenants/musterstadt/outbox?limit=200')).filter((m) => m.installation || /Passwort/.test(m.subject ?? ''))).toEqual([]);
    // and the link is still good for its owner: nobody used it
    const done = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: 'x'.repeat(43), newPassword: 'an attacker password' },
    });
    expect(done.json().code).toBe('token_invalid');
  });

  it('the installation operator sees it, masked, and may open the original (recorded)', async () => {
    const list = await items(operator, '/api/v1/installation/outbox');
    const row = list.find((m) => m.id === rowId)!;
    expect(row).toMatchObject({ recipient: OWNER_EMAIL, installation: true, masked: true });
    expect(row.bodyText).toContain('/admin/reset-password?token=••••');
    expect(row.bodyText).not.toContain(token);
    const detail = await t.as(operator, { method: 'GET', url: `/api/v1/installation/outbox/${rowId}` });
    expect(detail.json().bodyText).not.toContain(token);
    const original = await t.as(operator, { method: 'GET', url: `/api/v1/installation/outbox/${rowId}/original` });
    expect(original.statusCode).toBe(200);
    expect(tokenIn(original.json().bodyText)).toBe(token);
    const events = (await t.as(operator, { method: 'GET', url: '/api/v1/me/events' })).json().items;
    expect(events.map((e: { action: string }) => e.action)).toContain('outbox.original_opened');
  });

  it('went through the delivery engine as a transactional message of the installation, stored masked', async () => {
    const rows = await t.deps.db.withTenant(INSTALLATION_TENANT_ID, (tx) => tx.select().from(messages));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((m) => m.kind === 'transactional' && m.sealed && !m.text.includes(token))).toBe(true);
  });

  it('the installation tenant is no municipality: not listed, no portal, no membership', async () => {
    const tenants = (await t.as(operator, { method: 'GET', url: '/api/v1/installation/tenants' })).json().items;
    // other tests may have added municipalities; the installation tenant is never among them
    const slugs = tenants.map((x: { slug: string }) => x.slug);
    expect(slugs).toEqual(expect.arrayContaining(['musterstadt', 'nachbarort']));
    expect(slugs).not.toContain('_installation');
    expect((await t.app.inject({ method: 'GET', url: '/m/_installation/', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect((await t.as(operator, { method: 'GET', url: '/api/v1/tenants/_installation/outbox' })).statusCode).toBe(404);
  });
});

describe('codes and sign-in links are secrets', () => {
  it('no staff view shows a valid code: outbox list and detail, message, resident detail', async () => {
    const b = portalBrowser(t, '203.0.113.80');
    const residentId = await registerOnPortal(t, b, '0170 5558801', '+491705558801');
    const code = await codeFrom(t, '+491705558801');
    const owner = await t.loginOwner();
    const [row] = (await items(owner, '/api/v1/tenants/musterstadt/outbox?limit=200')).filter((m) => m.recipient === '+491705558801');
    expect(row.masked).toBe(true);
    expect(row.bodyText).toMatch(/^•••••• ist Ihr Code für Musterstadt/);
    expect(row.bodyText).not.toContain(code);
    expect((await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/outbox/${row.id}` })).body).not.toContain(code);
    const resident = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/residents/${residentId}` });
    expect(resident.statusCode).toBe(200);
    expect(resident.json().deliveries.length).toBeGreaterThanOrEqual(1);
    expect(resident.body).not.toContain(code);
    const messageId = resident.json().deliveries[0].messageId;
    const message = await t.as(owner, { method: 'GET', url: `/api/v1/tenants/musterstadt/sends/${messageId}` });
    expect(message.statusCode).toBe(200);
    expect(message.json().text).toContain('••••••');
    expect(message.body).not.toContain(code);
    for (const url of [
      '/api/v1/tenants/musterstadt/residents.csv',
      `/api/v1/tenants/musterstadt/residents/${residentId}/consents.json`,
      `/api/v1/tenants/musterstadt/sends/${messageId}/deliveries`,
    ]) {
      const exported = await t.as(owner, { method: 'GET', url });
      expect(exported.statusCode, url).toBe(200);
      expect(exported.body, url).not.toContain(code);
    }
    // nowhere in the database in clear: the stored message and the outbox hold the masked text
    const clear = await t.deps.db.system.execute(
      sql`select (select count(*) from messages where text like ${`%${code}%`})::int + (select count(*) from dev_outbox where body_text like ${`%${code}%`})::int as n`,
    );
    expect((clear as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });

  it("an invitation link is masked in the inviting municipality's outbox", async () => {
    const owner = await t.loginOwner();
    expect(
      (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/invitations', payload: { email: 'neu@musterstadt.test', role: 'editor' } }))
        .statusCode,
    ).toBe(201);
    const token = tokenIn((await outboxFor(t, 'neu@musterstadt.test')).at(-1)!.bodyText)!;
    const [row] = (await items(owner, '/api/v1/tenants/musterstadt/outbox?limit=200')).filter((m) => m.recipient === 'neu@musterstadt.test');
    expect(row.bodyText).toContain('accept-invitation?token=••••');
    expect(row.bodyText).not.toContain(token);
    // the real link works: the channel adapter got it
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode).toBe(200);
  });
});

describe('transactional is not bulk', () => {
  /** A resident with a confirmed address; returns the confirmation mail's delivery id. */
  async function confirmedResident(ip: string, phone: string, e164: string, email: string) {
    const b = portalBrowser(t, ip);
    await registerOnPortal(t, b, phone, e164, { channels: ['sms', 'email'], email, topics: 'abfall' });
    const [mail] = await outboxFor(t, email);
    const verifyToken = tokenIn(mail.bodyText)!;
    expect((await b.post('/m/musterstadt/email/verify', { token: verifyToken })).statusCode).toBe(200);
    return { b, deliveryId: (mail.meta as { deliveryId: string }).deliveryId };
  }

  it('a one-click unsubscribe does not stop a sign-in link, and such mails offer no unsubscribe', async () => {
    const { b, deliveryId } = await confirmedResident('198.51.100.90', '0170 5558802', '+491705558802', 'abbestellt@example.org');
    const [confirmation] = await outboxFor(t, 'abbestellt@example.org');
    expect((confirmation.meta as { headers?: Record<string, string> }).headers?.['List-Unsubscribe']).toBeUndefined();
    // the resident unsubscribes e-mail through the one-click route (RFC 8058)
    const unsubscribed = await t.app.inject({
      method: 'POST',
      url: `/m/musterstadt/unsubscribe?t=${deliveryToken(t.deps.config.secretKey, deliveryId)}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsubscribed.statusCode).toBe(200);
    expect(await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(emailUnsubscribes))).toHaveLength(1);
    // …and later asks for a sign-in link: it arrives
    expect((await b.post('/m/musterstadt/login/email', { email: 'abbestellt@example.org', website: '' })).statusCode).toBe(200);
    const mails = await outboxFor(t, 'abbestellt@example.org', 2);
    expect(mails).toHaveLength(2);
    expect(mails[1].bodyText).toContain('/m/musterstadt/email/sign-in?token=');
  });

  it('after STOP, a code the resident asks for still arrives', async () => {
    const b = portalBrowser(t, '198.51.100.92');
    const residentId = await registerOnPortal(t, b, '0170 5558804', '+491705558804');
    await t.deps.delivery.events.inbound({ providerId: 'dev-outbox', channel: 'sms', from: '+491705558804', to: '+4930123456', text: 'STOP', at: new Date() });
    expect((await getFollow(t.deps, t.tenant.id, residentId))!.status).toBe('withdrawn');
    await requestCode(t.deps, t.tenant, { phone: '+491705558804', ip: '198.51.100.92', purpose: 'register', language: 'de' });
    expect(await outboxFor(t, '+491705558804', 2)).toHaveLength(2);
  });

  it('a hard-bounce suppression still holds a transactional mail back', async () => {
    const { b } = await confirmedResident('198.51.100.91', '0170 5558803', '+491705558803', 'kaputt@example.org');
    const { addressHash } = await import('../delivery/delivery.events.ts');
    await t.deps.db.system
      .insert(emailSuppressions)
      .values({ addressHash: addressHash('kaputt@example.org'), hardBounces: 3, suppressed: true, lastReason: '550 no such user' });
    expect((await b.post('/m/musterstadt/login/email', { email: 'kaputt@example.org', website: '' })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await outboxFor(t, 'kaputt@example.org', 2, 0)).toHaveLength(1); // only the confirmation
  });
});

describe('an installation operator creates a municipality while the server runs', () => {
  it('creates it and invites its first owner; the owner accepts and works in it', async () => {
    const res = await t.as(operator, {
      method: 'POST',
      url: '/api/v1/installation/tenants',
      payload: { slug: 'neudorf', name: 'Neudorf', ownerEmail: 'buergermeisterin@neudorf.test' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ municipality: { slug: 'neudorf', name: 'Neudorf' }, invitation: { email: 'buergermeisterin@neudorf.test' } });
    expect((await t.app.inject({ method: 'GET', url: '/m/neudorf/', headers: { accept: 'text/html' } })).statusCode).toBe(200);
    // the invitation comes from the new municipality, masked in its outbox (the operator sees it there, too)
    const token = tokenIn((await outboxFor(t, 'buergermeisterin@neudorf.test')).at(-1)!.bodyText)!;
    const seen = await items(operator, '/api/v1/installation/outbox?tenant=neudorf');
    expect(seen.find((m) => m.recipient === 'buergermeisterin@neudorf.test')?.bodyText).toContain('token=••••');
    const accepted = await acceptInvitation(t, { token, name: 'Bürgermeisterin', password: 'neudorf password' });
    expect(accepted.statusCode).toBe(200);
    const owner = await t.login('buergermeisterin@neudorf.test', 'neudorf password');
    const me = (await t.as(owner, { method: 'GET', url: '/api/v1/me' })).json();
    expect(me.user.isOperator).toBe(false);
    expect(me.tenants).toEqual([expect.objectContaining({ slug: 'neudorf', role: 'owner' })]);
    const audit = (await t.as(owner, { method: 'GET', url: '/api/v1/tenants/neudorf/audit-log' })).json().items;
    expect(audit.map((a: { action: string; actorEmail: string }) => `${a.action} ${a.actorEmail}`)).toContain(`tenant.created ${OPERATOR_EMAIL}`);
  });

  // server mode: the CLI writes to the same PostgreSQL database while the server runs, and the server sees it at once
  it.runIf(process.env.DATABASE_URL)(
    'the CLI creates a municipality while the server runs (PostgreSQL)',
    async () => {
      const env = {
        ...process.env,
        DATABASE_URL: t.deps.config.databaseUrl,
        CIVICAST_SECRET_KEY: t.deps.config.secretKey.toString('base64'),
        LOG_LEVEL: 'silent',
      };
      const res = spawnSync(process.execPath, ['bin/civicast.mjs', 'tenant', 'create', '--slug', 'cli-dorf', '--name', 'CLI-Dorf'], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(res.status, res.stderr).toBe(0);
      const tenants = (await t.as(operator, { method: 'GET', url: '/api/v1/installation/tenants' })).json().items;
      expect(tenants.map((x: { slug: string }) => x.slug)).toContain('cli-dorf');
      expect((await t.app.inject({ method: 'GET', url: '/m/cli-dorf/', headers: { accept: 'text/html' } })).statusCode).toBe(200);
    },
    90_000,
  );

  it('refuses a taken or reserved slug and anyone who is not an operator', async () => {
    expect(
      (await t.as(operator, { method: 'POST', url: '/api/v1/installation/tenants', payload: { slug: 'musterstadt', name: 'Noch ein Musterstadt' } }))
        .statusCode,
    ).toBe(409);
    expect((await t.as(operator, { method: 'POST', url: '/api/v1/installation/tenants', payload: { slug: '_installation', name: 'Falsch' } })).statusCode).toBe(
      400,
    );
    expect((await t.as(neighbour, { method: 'POST', url: '/api/v1/installation/tenants', payload: { slug: 'fremd', name: 'Fremd' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/installation/tenants' })).statusCode).toBe(401);
    expect((await t.as(operator, { method: 'GET', url: '/api/v1/installation/outbox?tenant=%00' })).statusCode).toBe(400);
    expect((await t.as(operator, { method: 'GET', url: '/api/v1/installation/outbox?tenant=nirgendwo' })).statusCode).toBe(404);
    const [row] = await t.deps.db.system
      .select()
      .from(devOutbox)
      .where(and(eq(devOutbox.tenantId, INSTALLATION_TENANT_ID), eq(devOutbox.channel, 'sms')));
    expect(row).toBeUndefined();
  });
});
