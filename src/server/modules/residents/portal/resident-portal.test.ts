import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeFrom as helperCodeFrom,
  esc,
  outboxFor as helperOutboxFor,
  type PortalBrowser,
  portalBrowser,
  registerOnPortal,
} from '../../../../../test/helpers/portal.ts';
import { createTestApp, type TestApp } from '../../../../../test/helpers/app.ts';
import de from '../../portal/i18n/de.json' with { type: 'json' };
import en from '../../portal/i18n/en.json' with { type: 'json' };
import { consentHistory, findResidentByPhone, getFollow, registerResident, requestCode } from '../index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => {
  await t.close();
});

const browser = (ip: string) => portalBrowser(t, ip);
const outboxFor = (phone: string, n = 1, waitMs = 15_000) => helperOutboxFor(t, phone, n, waitMs);
const codeFrom = (phone: string, n = 1) => helperCodeFrom(t, phone, n);
const register = (b: PortalBrowser, phone: string, e164: string, prefs?: Record<string, string | string[]>) => registerOnPortal(t, b, phone, e164, prefs);

describe('registration on the portal', () => {
  it('a resident registers with phone, SMS code and consent, and the follow holds the chosen topics and channels', async () => {
    const b = browser('203.0.113.10');
    const start = await b.get('/m/musterstadt/register');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain(esc(de.phoneLabel));
    expect((await b.post('/m/musterstadt/register', { phone: '0170 5559001', website: '' })).statusCode).toBe(303);
    const codePage = await b.get('/m/musterstadt/register/code');
    expect(codePage.body).toContain('+491705559001');
    expect((await b.post('/m/musterstadt/register/code', { code: await codeFrom('+491705559001') })).statusCode).toBe(303);
    const consent = await b.get('/m/musterstadt/register/consent');
    expect(consent.body).toContain('Ich willige ein, dass Musterstadt');
    expect(consent.body).toContain('id="topic-warnungen-always"'); // stated as always on, not a box
    const done = await b.post('/m/musterstadt/register/consent', {
      channels: ['sms', 'email'],
      email: 'anna@example.org',
      topics: ['abfall', 'verkehr'],
      street: 'Hauptstraße',
      houseNumber: '12a',
      quietFrom: '22:00',
      quietTo: '06:30',
      language: 'en',
      consent: 'yes',
    });
    expect(done.headers.location).toBe('/m/musterstadt/register/done');
    expect(b.jar.has('civicast_resident')).toBe(true);
    expect((await b.get('/m/musterstadt/register/done')).body).toContain(esc(de.settingsLink));

    const residentId = (await findResidentByPhone(t.deps, '+491705559001'))!;
    const follow = (await getFollow(t.deps, t.tenant.id, residentId))!;
    expect(follow).toMatchObject({
      status: 'active',
      channels: ['sms', 'email'],
      houseNumber: '12a',
      quietStart: 22 * 60,
      quietEnd: 6 * 60 + 30,
      language: 'en',
    });
    expect(follow.topics.sort()).toEqual(['abfall', 'verkehr', 'warnungen']);
    const ledger = await consentHistory(t.deps.db, t.tenant.id, residentId);
    expect(ledger.map((c) => `${c.action}:${c.channel ?? c.topic}`).sort()).toEqual([
      'given:abfall',
      'given:email',
      'given:sms',
      'given:verkehr',
      'given:warnungen',
    ]);
    expect(ledger.every((c) => c.method === 'portal' && c.ipPrefix === '203.0.113.0/24' && c.textHash)).toBe(true);
  });

  it('a wrong code shows the error next to the field, in the page language', async () => {
    const b = browser('203.0.113.11');
    await b.post('/m/musterstadt/register?lang=en', { phone: '+49 170 5559002' });
    const code = await codeFrom('+491705559002');
    const res = await b.post('/m/musterstadt/register/code?lang=en', { code: code === '000000' ? '111111' : '000000' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(esc(en.errCode));
    expect(res.body).toContain('aria-invalid="true"');
  });

  it('invalid numbers and numbers from other countries are refused with their own message', async () => {
    const b = browser('203.0.113.12');
    const bad = await b.post('/m/musterstadt/register', { phone: '12' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(esc(de.errPhoneInvalid));
    const us = await b.post('/m/musterstadt/register', { phone: '+1 202 555 0123' });
    expect(us.body).toContain(esc(de.errPhoneCountry));
  });

  it('the consent step cannot be reached without a verified code, and a forged flow cookie is ignored', async () => {
    const b = browser('203.0.113.13');
    expect((await b.get('/m/musterstadt/register/consent')).headers.location).toBe('/m/musterstadt/register');
    await b.post('/m/musterstadt/register', { phone: '0170 5559003' });
    expect((await b.get('/m/musterstadt/register/consent')).headers.location).toBe('/m/musterstadt/register'); // code not yet verified
    const [payload, sig] = b.jar.get('civicast_resident_flow')!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), verified: true })).toString('base64url');
    b.jar.set('civicast_resident_flow', `${forged}.${sig}`);
    expect((await b.post('/m/musterstadt/register/consent', { channels: 'sms', consent: 'yes' })).statusCode).toBe(400);
    expect(await findResidentByPhone(t.deps, '+491705559003')).toBeNull();
  });

  it('a bot that fills the hidden field sees the next step, but no SMS is sent', async () => {
    const b = browser('203.0.113.14');
    const res = await b.post('/m/musterstadt/register', { phone: '0170 5559004', website: 'http://spam.example' });
    expect(res.headers.location).toBe('/m/musterstadt/register/code');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await outboxFor('+491705559004', 1, 0)).toHaveLength(0);
  });
});

describe('sign-in and settings', () => {
  it('a registered resident signs in with a new code and changes preferences, withdraws, and downloads the data', async () => {
    const first = browser('198.51.100.20');
    const residentId = await register(first, '0170 5559010', '+491705559010');

    const b = browser('198.51.100.21');
    expect((await b.get('/m/musterstadt/settings')).headers.location).toBe('/m/musterstadt/login');
    expect((await b.post('/m/musterstadt/login', { phone: '0170 5559010' })).headers.location).toBe('/m/musterstadt/login/code');
    const signedIn = await b.post('/m/musterstadt/login/code', { code: await codeFrom('+491705559010', 2) });
    expect(signedIn.headers.location).toBe('/m/musterstadt/settings');
    const settings = await b.get('/m/musterstadt/settings');
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toMatch(/id="topic-abfall" name="topics" value="abfall" checked/);

    expect(
      (
        await b.post('/m/musterstadt/settings', {
          channels: ['email'],
          email: 'neu@example.org',
          topics: ['verkehr'],
          quietFrom: '',
          quietTo: '',
          language: 'de',
        })
      ).headers.location,
    ).toBe('/m/musterstadt/settings?done=saved');
    expect(await getFollow(t.deps, t.tenant.id, residentId)).toMatchObject({ channels: ['email'], topics: ['verkehr', 'warnungen'] });

    expect((await b.post('/m/musterstadt/settings/withdraw', {})).headers.location).toBe('/m/musterstadt/settings?done=withdrawn');
    expect((await getFollow(t.deps, t.tenant.id, residentId))!.status).toBe('withdrawn');
    // the withdrawal is said once (the state, announced), not again as a notice above it
    const withdrawn = (await b.get('/m/musterstadt/settings?done=withdrawn')).body;
    expect(withdrawn.split(esc(de.settingsWithdrawn.replace('{name}', 'Musterstadt'))).length - 1).toBe(1);
    expect(withdrawn).not.toContain(esc(de.withdrawDone.replace('{name}', 'Musterstadt')));

    const page = await b.get('/m/musterstadt/settings/data');
    expect(page.body).toContain('+491705559010');
    expect(page.body).toContain('neu@example.org');
    const file = await b.get('/m/musterstadt/settings/data.json');
    expect(file.headers['content-type']).toMatch(/^application\/json/);
    expect(file.headers['content-disposition']).toMatch(/^attachment/);
    expect(file.json().resident.phone).toBe('+491705559010');

    await b.post('/m/musterstadt/logout', {});
    expect((await b.get('/m/musterstadt/settings')).headers.location).toBe('/m/musterstadt/login');
  });

  it('an unknown number sees the same pages as a known one, and no SMS is sent', async () => {
    const b = browser('198.51.100.22');
    const res = await b.post('/m/musterstadt/login', { phone: '0170 5559011' });
    expect(res.headers.location).toBe('/m/musterstadt/login/code');
    const page = await b.get('/m/musterstadt/login/code');
    expect(page.body).toContain('+491705559011');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await outboxFor('+491705559011', 1, 0)).toHaveLength(0);
    expect((await b.post('/m/musterstadt/login/code', { code: '123456' })).statusCode).toBe(400);
  });

  it('deleting the account signs the resident out and leaves the phone number in no table', async () => {
    const b = browser('198.51.100.23');
    await register(b, '0170 5559012', '+491705559012', { channels: ['sms', 'email'], email: 'weg@example.org', topics: 'abfall' });
    expect((await b.get('/m/musterstadt/settings/delete')).body).toContain(esc(de.deleteButton));
    const gone = await b.post('/m/musterstadt/settings/delete', {});
    expect(gone.statusCode).toBe(200);
    expect(gone.body).toContain(esc(de.deleteDone));
    expect((await b.get('/m/musterstadt/settings')).headers.location).toBe('/m/musterstadt/login');
    const tables = (await t.deps.db.system.execute(
      sql`select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
    )) as unknown as { rows: { table_schema: string; table_name: string }[] };
    for (const needle of ['1705559012', 'weg@example.org']) {
      for (const { table_schema, table_name } of tables.rows) {
        const res = (await t.deps.db.system.execute(
          sql.raw(`select count(*)::int as n from "${table_schema}"."${table_name}" x where x::text ilike '%${needle}%'`),
        )) as unknown as { rows: { n: number }[] };
        expect(res.rows[0].n, `${needle} in ${table_schema}.${table_name}`).toBe(0);
      }
    }
  });
});

describe('forms and addresses that do not belong', () => {
  it('forms sent from another site, or without Origin and Referer, are refused', async () => {
    const b = browser('192.0.2.30');
    await register(b, '0170 5559020', '+491705559020');
    const residentId = (await findResidentByPhone(t.deps, '+491705559020'))!;
    for (const headers of [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }, {} as Record<string, string>]) {
      const res = await b.post('/m/musterstadt/settings/withdraw', {}, headers);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain(esc(de.forbiddenText));
    }
    expect((await getFollow(t.deps, t.tenant.id, residentId))!.status).toBe('active');
    // a same-site Referer is enough for browsers that leave Origin out
    expect((await b.post('/m/musterstadt/settings/withdraw', {}, { referer: `${t.deps.config.publicUrl}/m/musterstadt/settings` })).statusCode).toBe(303);
  });

  it('an unknown municipality answers 404', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/m/nirgendwo/register' })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'POST', url: '/m/nirgendwo/login', payload: 'phone=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }))
        .statusCode,
    ).toBe(404);
  });

  it('garbage form posts never cause a server error', async () => {
    const b = browser('192.0.2.31');
    const origin = { origin: t.deps.config.publicUrl };
    const posts: InjectOptions[] = [
      { payload: 'phone[]=1&phone[]=2&website=', headers: { 'content-type': 'application/x-www-form-urlencoded', ...origin } },
      { payload: JSON.stringify({ phone: { $ne: 1 }, code: [1, 2] }), headers: { 'content-type': 'application/json', ...origin } },
      { payload: JSON.stringify([1, 2, 3]), headers: { 'content-type': 'application/json', ...origin } },
      { payload: `phone=${'9'.repeat(5000)}&code=%%%`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...origin } },
      { payload: 'x', headers: { 'content-type': 'text/plain', ...origin } },
    ];
    for (const path of ['register', 'register/code', 'register/consent', 'login', 'login/code', 'settings', 'settings/withdraw', 'settings/delete', 'logout']) {
      for (const p of posts) {
        const res = await t.app.inject({ method: 'POST', url: `/m/musterstadt/${path}`, remoteAddress: '192.0.2.31', ...p });
        expect(res.statusCode, `${path} ${String(p.payload).slice(0, 40)}`).toBeLessThan(500);
      }
    }
    await register(b, '0170 5559021', '+491705559021');
    const res = await b.post('/m/musterstadt/settings', {
      channels: ['fax', 'email'],
      topics: ['nope'],
      email: '<script>',
      quietFrom: '25:99',
      language: 'xx',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('<script>');
  });
});

describe('STOP by SMS', () => {
  it('a resident who answers STOP gets no more messages from that municipality', async () => {
    await requestCode(t.deps, t.tenant, { phone: '+491705559030', ip: '192.0.2.40', purpose: 'register', language: 'de' });
    await outboxFor('+491705559030');
    const { residentId } = await registerResident(
      t.deps,
      t.tenant,
      { phone: '+491705559030' },
      { topics: ['abfall'], channels: ['sms'] },
      { method: 'portal', ipPrefix: null },
    );
    const inbound = (text: string) =>
      t.deps.delivery.events.inbound({ providerId: 'dev-outbox', channel: 'sms', from: '+491705559030', to: '+4930123456', text, at: new Date() });
    await inbound('Danke, gerne mehr davon');
    expect((await getFollow(t.deps, t.tenant.id, residentId))!.status).toBe('active');
    await inbound('  Stopp ');
    expect((await getFollow(t.deps, t.tenant.id, residentId))!.status).toBe('withdrawn');
    const ledger = await consentHistory(t.deps.db, t.tenant.id, residentId);
    expect(ledger.filter((c) => c.action === 'withdrawn').every((c) => c.method === 'sms-stop')).toBe(true);
    expect(ledger.filter((c) => c.action === 'withdrawn').length).toBe(3);
  });
});
