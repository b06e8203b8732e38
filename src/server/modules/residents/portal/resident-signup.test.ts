// Signing up you can trust: mobile numbers only, consent nobody ticked for the resident, no registration before the
// municipality says who it is, and sign-up tables that take more than ten people an hour.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app.ts';
import { codeFrom, esc, type PortalBrowser, portalBrowser } from '../../../../../test/helpers/portal.ts';
import { classifyPhone } from '../../../../common/phone.ts';
import { auditLog, verificationCodes } from '../../../platform/db/schema.ts';
import de from '../../portal/i18n/de.json' with { type: 'json' };
import en from '../../portal/i18n/en.json' with { type: 'json' };
import { createTenant } from '../../tenants/index.ts';
import { findResidentByPhone, getFollow } from '../index.ts';
import { codeBudgetToday, LIMITS } from '../verification.service.ts';

let t: TestApp;
let owner: Session;
beforeAll(async () => {
  t = await createTestApp({ work: true });
  owner = await t.loginOwner();
});
afterAll(async () => {
  await t.close();
});

// distinct mobile numbers spread over many number blocks (the per-block limit is not what these tests are about)
const BLOCKS = ['160', '162', '163', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179'];
let serial = 0;
const nextMobile = () => {
  const n = serial++;
  const e164 = `+49${BLOCKS[n % BLOCKS.length]}${String(61_000_000 + n)}`;
  expect(classifyPhone(e164)).toMatchObject({ ok: true, line: 'mobile' });
  return e164;
};
const codesFrom = async (prefix: string) => (await t.deps.db.system.select().from(verificationCodes).where(eq(verificationCodes.ipPrefix, prefix))).length;

/** Asks for a registration code; the answer's status says whether a code was sent (303) or refused (429). */
const askCode = async (b: PortalBrowser, slug = 'musterstadt') => (await b.post(`/m/${slug}/register`, { phone: nextMobile(), website: '' })).statusCode;

describe('mobile numbers only', () => {
  it.each([
    ['12345', 'errPhoneInvalid'],
    ['030 12345678', 'errPhoneLandline'],
    ['0900 1234567', 'errPhoneService'],
    ['0180 5123456', 'errPhoneService'],
    ['0137 1234567', 'errPhoneService'],
    ['0700 12345678', 'errPhoneService'],
    ['0800 1234567', 'errPhoneService'],
    ['032 212345678', 'errPhoneService'],
  ] as const)('%s is refused on the form before any SMS and before the budget is touched', async (phone, key) => {
    const tenant = await t.createTenant(`nummern-${key.toLowerCase()}-${phone.replace(/\D/g, '')}`, 'Nummerndorf');
    const b = portalBrowser(t, '198.51.100.60');
    const res = await b.post(`/m/${tenant.slug}/register`, { phone, website: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(esc(de[key]));
    expect((await codeBudgetToday(t.deps, tenant)).sent).toBe(0);
    expect(await t.deps.db.system.select().from(verificationCodes).where(eq(verificationCodes.tenantId, tenant.id))).toHaveLength(0);
  });

  it('the refusal speaks the page language', async () => {
    const res = await portalBrowser(t, '198.51.100.61').post('/m/musterstadt/register?lang=en', { phone: '+49 30 12345678' });
    expect(res.body).toContain(esc(en.errPhoneLandline));
  });

  it('sign-in codes go to mobile numbers only, too', async () => {
    const res = await portalBrowser(t, '198.51.100.62').post('/m/musterstadt/login', { phone: '0900 1234567' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(esc(de.errPhoneService));
  });
});

describe('consent that counts', () => {
  it('no topic or channel is ticked for the resident; warnings are stated as always on', async () => {
    const b = portalBrowser(t, '198.51.100.70');
    const phone = nextMobile();
    await b.post('/m/musterstadt/register', { phone, website: '' });
    await b.post('/m/musterstadt/register/code', { code: await codeFrom(t, phone) });
    const page = (await b.get('/m/musterstadt/register/consent')).body;
    const boxes = page.match(/<input type="checkbox"[^>]*>/g) ?? [];
    expect(boxes.length).toBeGreaterThan(5); // channels, topics, the consent itself
    expect(boxes.filter((box) => / checked/.test(box))).toEqual([]);
    expect(page).not.toMatch(/name="topics" value="warnungen"/);
    expect(page).toContain(esc(de.topicMandatory));
    // what the resident ticks is what is recorded: warnings come with it because they reach everyone
    expect((await b.post('/m/musterstadt/register/consent', { channels: 'sms', topics: 'verkehr', consent: 'yes' })).headers.location).toBe(
      '/m/musterstadt/register/done',
    );
    const follow = await getFollow(t.deps, t.tenant.id, (await findResidentByPhone(t.deps, phone))!);
    expect(follow).toMatchObject({ channels: ['sms'] });
    expect(follow!.topics.sort()).toEqual(['verkehr', 'warnungen']);
  });

  it('a municipality without imprint, privacy statement and contact takes no registration, and says so', async () => {
    const bare = await createTenant(t.deps.db, { slug: 'ohne-impressum', name: 'Ohnedorf' });
    await t.createStaff(bare, 'owner@ohne-impressum.test', 'owner');
    const b = portalBrowser(t, '198.51.100.71');
    const closed = await b.get('/m/ohne-impressum/register');
    expect(closed.statusCode).toBe(200);
    expect(closed.body).toContain(esc(de.regClosedText.replace('{name}', 'Ohnedorf')));
    expect(closed.body).not.toContain('name="phone"');
    const phone = nextMobile();
    const refused = await b.post('/m/ohne-impressum/register', { phone, website: '' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(esc(de.regClosedTitle));
    expect((await portalBrowser(t, '198.51.100.71').get('/m/ohne-impressum/register?lang=en')).body).toContain(
      esc(en.regClosedText.replace('{name}', 'Ohnedorf')),
    );
    expect((await codeBudgetToday(t.deps, bare)).sent).toBe(0);

    // imprint and privacy statement alone are not enough: a contact is missing
    const bareOwner = await t.login('owner@ohne-impressum.test');
    const patch = (payload: object) => t.as(bareOwner, { method: 'PATCH', url: '/api/v1/tenants/ohne-impressum', payload });
    expect((await patch({ imprint: 'Gemeinde Ohnedorf\nDorfstraße 1', privacyText: 'Wir verarbeiten nur, was Sie uns geben.' })).statusCode).toBe(200);
    expect((await b.post('/m/ohne-impressum/register', { phone, website: '' })).statusCode).toBe(403);
    expect((await patch({ contact: { email: 'gemeinde@ohnedorf.example' } })).statusCode).toBe(200);
    expect((await b.get('/m/ohne-impressum/register')).body).toContain('name="phone"');
    expect((await b.post('/m/ohne-impressum/register', { phone, website: '' })).headers.location).toBe('/m/ohne-impressum/register/code');
  });
});

describe('sign-up drives', () => {
  it('one address gets the base number of codes an hour, and more for every number verified from there', async () => {
    const b = portalBrowser(t, '203.0.113.90');
    // two people register completely: their codes were received, so the address earns two more an hour
    for (let i = 0; i < 2; i++) {
      const phone = nextMobile();
      await b.post('/m/musterstadt/register', { phone, website: '' });
      expect((await b.post('/m/musterstadt/register/code', { code: await codeFrom(t, phone) })).headers.location).toBe('/m/musterstadt/register/consent');
    }
    for (let i = 2; i < LIMITS.perIpPerHour + 2; i++) expect(await askCode(b), `code ${i + 1}`).toBe(303);
    expect(await askCode(b)).toBe(429);
    expect(await codesFrom('203.0.113.0/24')).toBe(LIMITS.perIpPerHour + 2);

    // codes nobody enters earn nothing: a script at another address stops at the base limit
    const script = portalBrowser(t, '203.0.114.90');
    for (let i = 0; i < LIMITS.perIpPerHour; i++) expect(await askCode(script)).toBe(303);
    expect(await askCode(script)).toBe(429);
  });

  it('a sign-up station issued by staff lets many people register on one device, until it is revoked', async () => {
    const issued = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/signup-stations', payload: { label: 'Bürgerbüro, Tisch 1' } });
    expect(issued.statusCode, issued.body).toBe(201);
    const station = issued.json();
    expect(station).toMatchObject({ label: 'Bürgerbüro, Tisch 1', state: 'waiting', codes: 0 });
    expect(new Date(station.expiresAt).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    const link = new URL(station.link);
    expect(link.pathname).toBe('/m/musterstadt/station');

    // the town hall's tablet opens the link; a GET shows a button and spends nothing (link previews, mail scanners)
    const tablet = portalBrowser(t, '192.0.2.200');
    const confirm = await tablet.get(`${link.pathname}${link.search}`);
    expect(confirm.body).toContain(esc(de.stationOpenButton));
    const opened = await tablet.post('/m/musterstadt/station', { t: link.searchParams.get('t')! });
    expect(opened.headers.location).toBe('/m/musterstadt/station');
    expect(tablet.jar.has('civicast_station')).toBe(true);
    expect((await tablet.get('/m/musterstadt/station')).body).toContain(esc(de.stationStart));

    // the link works on one device only
    const other = portalBrowser(t, '192.0.2.201');
    const used = await other.get(`${link.pathname}${link.search}`);
    expect(used.statusCode).toBe(409);
    expect(used.body).toContain(esc(de.stationUsed.replace('{name}', 'Musterstadt')));
    expect((await other.post('/m/musterstadt/station', { t: link.searchParams.get('t')! })).statusCode).toBe(409);

    // twenty people in a row from the town hall's one address
    for (let i = 0; i < 20; i++) expect(await askCode(tablet), `person ${i + 1}`).toBe(303);
    // a registration on the station signs nobody in: the next person starts afresh
    const phone = nextMobile();
    await tablet.post('/m/musterstadt/register', { phone, website: '' });
    await tablet.post('/m/musterstadt/register/code', { code: await codeFrom(t, phone) });
    const done = await tablet.post('/m/musterstadt/register/consent', { channels: 'sms', topics: 'abfall', consent: 'yes' });
    expect(done.headers.location).toBe('/m/musterstadt/station?done=1');
    expect(tablet.jar.has('civicast_resident')).toBe(false);
    expect((await tablet.get('/m/musterstadt/station?done=1')).body).toContain(esc(de.stationDone));
    expect(await findResidentByPhone(t.deps, phone)).not.toBeNull();

    // another device at the same address is not a station
    expect(await askCode(other)).toBe(429);

    const list = (await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/signup-stations' })).json();
    expect(list.items.find((s: { id: string }) => s.id === station.id)).toMatchObject({ state: 'open', codes: 21 });

    const revoked = await t.as(owner, { method: 'POST', url: `/api/v1/tenants/musterstadt/signup-stations/${station.id}/revoke` });
    expect(revoked.json()).toMatchObject({ state: 'revoked' });
    expect(await askCode(tablet)).toBe(429);
    expect((await tablet.get('/m/musterstadt/station')).statusCode).toBe(404);

    const actions = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, t.tenant.id), eq(auditLog.objectId, station.id))),
    );
    expect(actions.map((a) => a.action).sort()).toEqual(['signup_station.issued', 'signup_station.opened', 'signup_station.revoked']);
  });

  it("a station's cookie counts only for its own municipality, and a forged one for none", async () => {
    const nachbar = await t.createTenant('nachbarort', 'Nachbarort');
    const nachbarOwner = await t.login('owner@nachbarort.test');
    const issued = (await t.as(nachbarOwner, { method: 'POST', url: '/api/v1/tenants/nachbarort/signup-stations', payload: { label: 'Festzelt' } })).json();
    const device = portalBrowser(t, '192.0.3.210');
    await device.post('/m/nachbarort/station', { t: new URL(issued.link).searchParams.get('t')! });
    const cookie = device.jar.get('civicast_station')!;
    expect(cookie).toBeTruthy();

    // at Musterstadt, the neighbour's station is just a cookie: the address limit holds
    const b = portalBrowser(t, '192.0.3.211');
    b.jar.set('civicast_station', cookie);
    for (let i = 0; i < LIMITS.perIpPerHour; i++) expect(await askCode(b)).toBe(303);
    expect(await askCode(b)).toBe(429);
    // a changed expiry breaks the signature
    const [id, exp, sig] = cookie.split('.');
    b.jar.set('civicast_station', `${id}.${Number(exp) + 86_400_000}.${sig}`);
    expect(await askCode(b, 'nachbarort')).toBe(429);
    // staff of Musterstadt cannot see or revoke the neighbour's station
    expect((await t.as(owner, { method: 'POST', url: `/api/v1/tenants/musterstadt/signup-stations/${issued.id}/revoke` })).statusCode).toBe(404);
    expect((await t.as(owner, { method: 'GET', url: '/api/v1/tenants/nachbarort/signup-stations' })).statusCode).toBe(404);
    expect(nachbar.slug).toBe('nachbarort');
  });

  it('a station link that is unknown or expired opens nothing', async () => {
    const b = portalBrowser(t, '192.0.2.220');
    expect((await b.get('/m/musterstadt/station?t=nonsense')).statusCode).toBe(404);
    expect((await b.post('/m/musterstadt/station', { t: 'nonsense' })).statusCode).toBe(404);
    const issued = (await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/signup-stations', payload: { label: 'Markt' } })).json();
    await t.deps.db.system.execute(sql`update signup_stations set expires_at = now() - interval '1 minute' where id = ${issued.id}`); // the day is over
    const res = await b.post('/m/musterstadt/station', { t: new URL(issued.link).searchParams.get('t')! });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain(esc(de.stationInvalid.replace('{name}', 'Musterstadt')));
    expect(b.jar.has('civicast_station')).toBe(false);
  });

  it('staff without the right to change residents cannot issue a station; a label is required', async () => {
    await t.createStaff(t.tenant, 'viewer@musterstadt.test', 'viewer');
    const viewer = await t.login('viewer@musterstadt.test');
    expect((await t.as(viewer, { method: 'POST', url: '/api/v1/tenants/musterstadt/signup-stations', payload: { label: 'Foyer' } })).statusCode).toBe(403);
    const bad = await t.as(owner, { method: 'POST', url: '/api/v1/tenants/musterstadt/signup-stations', payload: { label: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/body/label');
  });
});
