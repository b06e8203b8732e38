import { and, eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esc, outboxFor as helperOutboxFor, type PortalBrowser, portalBrowser, registerOnPortal } from '../../../../../test/helpers/portal.ts';
import { createTestApp, type TestApp } from '../../../../../test/helpers/app.ts';
import { emailLinks, residents } from '../../../platform/db/schema.ts';
import de from '../../portal/i18n/de.json' with { type: 'json' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => {
  await t.close();
});

/** A portal text as the page shows it, placeholders filled. */
const shown = (text: string, vars: Record<string, string> = {}) => esc(text).replace(/\{(\w+)\}/g, (_, name: string) => esc(vars[name]));
const browser = (ip: string) => portalBrowser(t, ip);
type Browser = PortalBrowser;

const outboxFor = (recipient: string, n = 1, waitMs = 15_000) => helperOutboxFor(t, recipient, n, waitMs);

/** The path and query of the n-th link mailed to an address, for the given purpose. */
async function linkFrom(email: string, kind: 'verify' | 'sign-in', n = 1): Promise<string> {
  const mails = await outboxFor(email, n);
  const links = mails
    .map((m) => new RegExp(`https?://\\S+(/m/musterstadt/email/${kind}\\?token=[A-Za-z0-9_-]+&lang=\\w+)`).exec(m.bodyText)?.[1])
    .filter(Boolean);
  expect(links.length, `${kind} links to ${email}`).toBeGreaterThanOrEqual(1);
  return links.at(-1)!;
}
const tokenOf = (path: string) => new URL(path, 'http://x').searchParams.get('token')!;

const register = (b: Browser, phone: string, e164: string, prefs?: Record<string, string | string[]>) => registerOnPortal(t, b, phone, e164, prefs);

const verifiedAt = async (residentId: string) =>
  (await t.deps.db.system.select({ at: residents.emailVerifiedAt }).from(residents).where(eq(residents.id, residentId)))[0]?.at ?? null;

/** Registers with an e-mail address at the last step and confirms it by link. */
async function residentWithConfirmedEmail(b: Browser, phone: string, e164: string, email: string) {
  const residentId = await register(b, phone, e164, { channels: ['sms', 'email'], email, topics: 'abfall' });
  expect((await b.post('/m/musterstadt/email/verify', { token: tokenOf(await linkFrom(email.toLowerCase(), 'verify')) })).statusCode).toBe(200);
  expect(await verifiedAt(residentId)).not.toBeNull();
  return residentId;
}

const settingsPrefs = (email: string) => ({ channels: ['sms', 'email'], email, topics: ['abfall'], quietFrom: '', quietTo: '', language: 'de' });

describe('confirming an e-mail address by link', () => {
  it('an address added in settings stays unverified until the link is confirmed; opening the link alone confirms nothing', async () => {
    const b = browser('203.0.113.50');
    const residentId = await register(b, '0170 5559101', '+491705559101');
    expect((await b.post('/m/musterstadt/settings', settingsPrefs('Mara@Example.org'))).headers.location).toBe('/m/musterstadt/settings?done=saved');
    const settings = await b.get('/m/musterstadt/settings');
    expect(settings.body).toContain(shown(de.emailUnverified, { email: 'Mara@Example.org' }));
    expect(settings.body).toContain(esc(de.emailResend));
    expect(await verifiedAt(residentId)).toBeNull();
    const stored = await t.deps.db.system.execute(sql`select count(*)::int as n from residents r where r::text ilike '%mara@example.org%'`);
    expect((stored as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0); // encrypted

    const [mail] = await outboxFor('mara@example.org');
    expect(mail.subject).toBe('Musterstadt: Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(mail.bodyText).not.toContain('mara@example.org');
    const link = await linkFrom('mara@example.org', 'verify');

    const scanner = browser('192.0.2.99'); // a mail scanner follows the link, twice, without cookies
    for (let i = 0; i < 2; i++) {
      const opened = await scanner.get(link);
      expect(opened.statusCode).toBe(200);
      expect(opened.body).toContain(esc(de.verifyButton));
      expect(opened.headers['content-security-policy']).toContain("default-src 'self'");
      expect(opened.body).not.toContain('<script');
    }
    expect(await verifiedAt(residentId)).toBeNull();

    const confirmed = await scanner.post('/m/musterstadt/email/verify', { token: tokenOf(link) });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain(esc(de.verifyDoneTitle));
    expect(await verifiedAt(residentId)).not.toBeNull();
    expect((await b.get('/m/musterstadt/settings')).body).toContain(shown(de.emailVerified, { email: 'Mara@Example.org' }));
  });

  it('a confirmation link works once', async () => {
    const b = browser('203.0.113.51');
    await residentWithConfirmedEmail(b, '0170 5559102', '+491705559102', 'einmal@example.org');
    const link = await linkFrom('einmal@example.org', 'verify');
    const again = await b.post('/m/musterstadt/email/verify', { token: tokenOf(link) });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain(esc(de.linkInvalidTitle));
    expect(again.body).toContain(esc(de.linkInvalidVerify));
    expect((await b.get(link)).statusCode).toBe(410);
  });

  it('an expired link is refused with a page that says what to do next', async () => {
    const b = browser('203.0.113.52');
    const residentId = await register(b, '0170 5559103', '+491705559103', { channels: ['sms', 'email'], email: 'spaet@example.org', topics: 'abfall' });
    const link = await linkFrom('spaet@example.org', 'verify');
    await t.deps.db.system.update(emailLinks).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(emailLinks.residentId, residentId));
    const opened = await b.get(link);
    expect(opened.statusCode).toBe(410);
    expect(opened.body).toContain(esc(de.linkInvalidVerify));
    expect(opened.body).not.toContain(esc(de.verifyButton));
    expect((await b.post('/m/musterstadt/email/verify', { token: tokenOf(link) })).statusCode).toBe(410);
    expect(await verifiedAt(residentId)).toBeNull();
    // the settings page offers a new link, which works
    expect((await b.get('/m/musterstadt/settings')).body).toContain(esc(de.emailSendLink));
    expect((await b.post('/m/musterstadt/settings/email/resend', {})).headers.location).toBe('/m/musterstadt/settings?done=link-sent');
    expect((await b.get('/m/musterstadt/settings?done=link-sent')).body).toContain(esc(de.emailLinkSent));
    expect((await b.post('/m/musterstadt/email/verify', { token: tokenOf(await linkFrom('spaet@example.org', 'verify', 2)) })).statusCode).toBe(200);
    expect(await verifiedAt(residentId)).not.toBeNull();
  });

  it('registering with an address sends the link, and a link for a replaced address confirms nothing', async () => {
    const b = browser('203.0.113.53');
    const residentId = await register(b, '0170 5559104', '+491705559104', { channels: ['sms', 'email'], email: 'alt@example.org', topics: 'abfall' });
    expect((await b.get('/m/musterstadt/register/done')).body).toContain(shown(de.doneEmailSent, { email: 'alt@example.org' }));
    const old = await linkFrom('alt@example.org', 'verify');
    await b.post('/m/musterstadt/settings', settingsPrefs('neu.adresse@example.org'));
    expect((await b.post('/m/musterstadt/email/verify', { token: tokenOf(old) })).statusCode).toBe(410);
    expect(await verifiedAt(residentId)).toBeNull();
    await b.post('/m/musterstadt/email/verify', { token: tokenOf(await linkFrom('neu.adresse@example.org', 'verify')) });
    expect(await verifiedAt(residentId)).not.toBeNull();
    // changing a confirmed address makes it unconfirmed again
    await b.post('/m/musterstadt/settings', settingsPrefs('dritte@example.org'));
    expect(await verifiedAt(residentId)).toBeNull();
  });
});

describe('signing in by e-mail link', () => {
  it('a resident with a confirmed address signs in with the link from the e-mail', async () => {
    await residentWithConfirmedEmail(browser('198.51.100.60'), '0170 5559110', '+491705559110', 'Kurt@Example.org');
    const b = browser('198.51.100.61');
    const login = await b.get('/m/musterstadt/login');
    expect(login.body).toContain(esc(de.loginEmailTitle));
    expect(login.body).toContain('name="website"');
    const sent = await b.post('/m/musterstadt/login/email', { email: 'kurt@example.org', website: '' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain(shown(de.loginEmailSentText, { email: 'kurt@example.org' }));

    const link = await linkFrom('kurt@example.org', 'sign-in', 2);
    expect((await outboxFor('kurt@example.org', 2)).at(-1)!.subject).toBe('Musterstadt: Ihr Anmelde-Link');
    const opened = await b.get(link);
    expect(opened.body).toContain(esc(de.emailSignInTitle));
    expect((await b.get('/m/musterstadt/settings')).headers.location).toBe('/m/musterstadt/login'); // not signed in by looking
    const signedIn = await b.post('/m/musterstadt/email/sign-in', { token: tokenOf(link) });
    expect(signedIn.headers.location).toBe('/m/musterstadt/settings');
    const settings = await b.get('/m/musterstadt/settings');
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain(shown(de.emailVerified, { email: 'Kurt@Example.org' }));

    const other = browser('198.51.100.62');
    const reused = await other.post('/m/musterstadt/email/sign-in', { token: tokenOf(link) });
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain(esc(de.linkInvalidSignIn));
    expect((await other.get('/m/musterstadt/settings')).headers.location).toBe('/m/musterstadt/login');
  });

  it('an expired sign-in link signs nobody in', async () => {
    const residentId = await residentWithConfirmedEmail(browser('198.51.100.63'), '0170 5559111', '+491705559111', 'abgelaufen@example.org');
    const b = browser('198.51.100.64');
    await b.post('/m/musterstadt/login/email', { email: 'abgelaufen@example.org', website: '' });
    const link = await linkFrom('abgelaufen@example.org', 'sign-in', 2);
    await t.deps.db.system
      .update(emailLinks)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(emailLinks.residentId, residentId), eq(emailLinks.purpose, 'sign-in')));
    expect((await b.get(link)).statusCode).toBe(410);
    expect((await b.post('/m/musterstadt/email/sign-in', { token: tokenOf(link) })).statusCode).toBe(410);
    expect(b.jar.has('civicast_resident')).toBe(false);
  });

  it('unknown and unconfirmed addresses see the same page as a confirmed one, and get no e-mail', async () => {
    await residentWithConfirmedEmail(browser('198.51.100.65'), '0170 5559112', '+491705559112', 'bekannt@example.org');
    await register(browser('198.51.100.66'), '0170 5559113', '+491705559113', {
      channels: ['sms', 'email'],
      email: 'unbestaetigt@example.org',
      topics: 'abfall',
    });
    await outboxFor('unbestaetigt@example.org', 1); // the confirmation link, not clicked
    const b = browser('198.51.100.67');
    const pageFor = async (email: string, website = '') => {
      const res = await b.post('/m/musterstadt/login/email', { email, website });
      expect(res.statusCode).toBe(200);
      return res.body.replace(email, 'ADDRESS');
    };
    const known = await pageFor('bekannt@example.org');
    expect(await pageFor('niemand@example.org')).toBe(known);
    expect(await pageFor('unbestaetigt@example.org')).toBe(known);
    expect(await pageFor('bekannt@example.org', 'http://spam.example')).toBe(known); // a bot fills the hidden field
    await outboxFor('bekannt@example.org', 2);
    await new Promise((r) => setTimeout(r, 1500)); // time for any mail that should not leave
    expect(await outboxFor('niemand@example.org', 1, 0)).toHaveLength(0);
    expect(await outboxFor('unbestaetigt@example.org', 2, 0)).toHaveLength(1);
    expect(await outboxFor('bekannt@example.org', 3, 0)).toHaveLength(2); // confirmation and one sign-in link
    const invalid = await b.post('/m/musterstadt/login/email', { email: 'kein-at-zeichen' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain(esc(de.errLoginEmail));
  });
});

describe('limits', () => {
  it('an address gets at most five links an hour; more sign-in requests are refused with the reason and send nothing', async () => {
    await residentWithConfirmedEmail(browser('192.0.2.70'), '0170 5559120', '+491705559120', 'flut@example.org');
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await browser(`10.70.${i}.1`).post('/m/musterstadt/login/email', { email: 'flut@example.org', website: '' }));
    // five sign-in requests pass the form; the fifth sends nothing, as the confirmation link counts in the service's rows
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(new Set(answers.slice(0, 5).map((a) => a.body)).size).toBe(1);
    expect(answers[5].body).toContain(esc(de.emailLinkLimited));
    await outboxFor('flut@example.org', 5);
    await new Promise((r) => setTimeout(r, 1500)); // time for any mail that should not leave
    expect(await outboxFor('flut@example.org', 6, 0)).toHaveLength(5); // the confirmation and four sign-in links
  });

  it('one network gets at most twenty links an hour; the settings page says so when it refuses', async () => {
    const b = browser('198.19.7.10');
    const residentId = await register(b, '0170 5559121', '+491705559121');
    await b.post('/m/musterstadt/settings', settingsPrefs('netz@example.org'));
    await outboxFor('netz@example.org', 1);
    // eighteen more links from this network in the last hour (to other addresses), nineteen in all
    const earlier = Array.from({ length: 18 }, (_, i) => ({
      tenantId: t.tenant.id,
      residentId,
      emailHash: `other-${i}`,
      tokenHash: `t-${residentId}-${i}`,
      purpose: 'sign-in' as const,
      expiresAt: new Date(Date.now() + 60_000),
      ipPrefix: '198.19.7.0/24',
    }));
    await t.deps.db.system.insert(emailLinks).values(earlier);
    expect((await b.post('/m/musterstadt/settings/email/resend', {})).headers.location).toBe('/m/musterstadt/settings?done=link-sent');
    const limited = await b.post('/m/musterstadt/settings/email/resend', {});
    expect(limited.headers.location).toBe('/m/musterstadt/settings?done=link-limited');
    expect((await b.get('/m/musterstadt/settings?done=link-limited')).body).toContain(esc(de.emailLinkLimited));
    // from another network the same address still gets its link
    const away = browser('198.18.0.1');
    away.jar.set('civicast_resident', b.jar.get('civicast_resident')!);
    expect((await away.post('/m/musterstadt/settings/email/resend', {})).headers.location).toBe('/m/musterstadt/settings?done=link-sent');
    expect(await outboxFor('netz@example.org', 3)).toHaveLength(3);
  });
});

describe('forms and erasure', () => {
  it('confirm and sign-in forms sent from another site are refused, and garbage never causes a server error', async () => {
    const b = browser('192.0.2.80');
    const residentId = await register(b, '0170 5559130', '+491705559130', { channels: ['sms', 'email'], email: 'fremd@example.org', topics: 'abfall' });
    const token = tokenOf(await linkFrom('fremd@example.org', 'verify'));
    for (const headers of [{ origin: 'https://evil.example' }, {} as Record<string, string>]) {
      expect((await b.post('/m/musterstadt/email/verify', { token }, headers)).statusCode).toBe(403);
      expect((await b.post('/m/musterstadt/login/email', { email: 'fremd@example.org' }, headers)).statusCode).toBe(403);
      expect((await b.post('/m/musterstadt/settings/email/resend', {}, headers)).statusCode).toBe(403);
    }
    expect(await verifiedAt(residentId)).toBeNull();
    const origin = { origin: t.deps.config.publicUrl };
    const posts: InjectOptions[] = [
      { payload: 'token[]=1&token[]=2&email[]=a', headers: { 'content-type': 'application/x-www-form-urlencoded', ...origin } },
      { payload: JSON.stringify({ token: { $ne: 1 }, email: [1] }), headers: { 'content-type': 'application/json', ...origin } },
      { payload: `token=${'A'.repeat(5000)}&email=${'a'.repeat(5000)}@x.de`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...origin } },
    ];
    for (const path of ['email/verify', 'email/sign-in', 'login/email', 'settings/email/resend']) {
      for (const p of posts) {
        const res = await t.app.inject({ method: 'POST', url: `/m/musterstadt/${path}`, remoteAddress: '192.0.2.80', ...p });
        expect(res.statusCode, `${path} ${String(p.payload).slice(0, 40)}`).toBeLessThan(500);
      }
    }
    for (const query of ['', '?token=', '?token=abc', `?token=${'x'.repeat(43)}`, '?token=a&token=b']) {
      expect((await t.app.inject({ method: 'GET', url: `/m/musterstadt/email/verify${query}` })).statusCode).toBe(410);
    }
    expect((await t.app.inject({ method: 'GET', url: `/m/nirgendwo/email/verify?token=${token}` })).statusCode).toBe(404);
    expect(await verifiedAt(residentId)).toBeNull();
  });

  it('deleting the account removes the e-mail links and leaves the address in no table', async () => {
    const b = browser('192.0.2.81');
    const residentId = await residentWithConfirmedEmail(b, '0170 5559131', '+491705559131', 'Weg.Damit@Example.org');
    await browser('192.0.2.82').post('/m/musterstadt/login/email', { email: 'weg.damit@example.org', website: '' });
    await outboxFor('weg.damit@example.org', 2);
    expect((await t.deps.db.system.select().from(emailLinks).where(eq(emailLinks.residentId, residentId))).length).toBe(2);
    expect((await b.post('/m/musterstadt/settings/delete', {})).statusCode).toBe(200);
    expect(await t.deps.db.system.select().from(emailLinks).where(eq(emailLinks.residentId, residentId))).toHaveLength(0);
    const tables = (await t.deps.db.system.execute(
      sql`select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
    )) as unknown as { rows: { table_schema: string; table_name: string }[] };
    for (const { table_schema, table_name } of tables.rows) {
      const res = (await t.deps.db.system.execute(
        sql.raw(`select count(*)::int as n from "${table_schema}"."${table_name}" x where x::text ilike '%weg.damit@example.org%'`),
      )) as unknown as { rows: { n: number }[] };
      expect(res.rows[0].n, `address in ${table_schema}.${table_name}`).toBe(0);
    }
  });
});
