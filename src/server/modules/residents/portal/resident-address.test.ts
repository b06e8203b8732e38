import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app.ts';
import { esc, type PortalBrowser, portalBrowser, registerOnPortal } from '../../../../../test/helpers/portal.ts';
import de from '../../portal/i18n/de.json' with { type: 'json' };
import { getFollow } from '../index.ts';

let t: TestApp;
let owner: Session;
const api = (path: string) => `/api/v1/tenants/musterstadt${path}`;
const csv = (path: string, body: string) => ({ method: 'POST' as const, url: api(path), payload: body, headers: { 'content-type': 'text/csv' } });
const count = (body: string, text: string) => body.split(text).length - 1;

beforeAll(async () => {
  t = await createTestApp({ work: true });
  owner = await t.loginOwner();
  await t.as(owner, csv('/streets/import', 'Straße;PLZ\nLindenweg;12345\nRingstraße;12345\nRingstraße;54321\n'));
  await t.as(owner, csv('/streets/points', 'street;housenumber;postcode;lat;lon\nRingstraße;2;54321;50.5;10.5\nLindenweg;3;12345;50.01;10.01\n'));
});
afterAll(async () => {
  await t.close();
});

describe('the address on the portal', () => {
  // a signed-in resident of Lindenweg 3; each test below sets the address it starts from, so any order works
  let b: PortalBrowser;
  let residentId: string;
  const moveTo = (street: string, houseNumber: string) =>
    b.post('/m/musterstadt/settings', { channels: 'sms', topics: 'abfall', street, houseNumber, language: 'de' });
  beforeAll(async () => {
    b = portalBrowser(t, '203.0.113.42');
    residentId = await registerOnPortal(t, b, '0170 5558002', '+491705558002', { channels: 'sms', topics: 'abfall', street: 'Lindenweg', houseNumber: '3' });
  });

  it('a street that is not in the directory is kept unconfirmed: the resident is told, staff see it', async () => {
    const b = portalBrowser(t, '203.0.113.40');
    const residentId = await registerOnPortal(t, b, '0170 5558001', '+491705558001', {
      channels: 'sms',
      topics: 'abfall',
      street: 'Lindenwg',
      houseNumber: '3',
    });
    expect(await getFollow(t.deps, t.tenant.id, residentId)).toMatchObject({ streetId: null, streetName: 'Lindenwg', houseNumber: '3', lat: null });
    const settings = (await b.get('/m/musterstadt/settings')).body;
    expect(settings).toContain(esc(de.streetUnconfirmed.replace('{street}', 'Lindenwg').replace('{name}', 'Musterstadt')));
    expect(settings).toContain('value="Lindenwg"');
    const list = (await t.as(owner, { method: 'GET', url: api('/residents') })).json().items;
    expect(list.find((r: { id: string }) => r.id === residentId)).toMatchObject({ addressUnconfirmed: true });
    const detail = (await t.as(owner, { method: 'GET', url: api(`/residents/${residentId}`) })).json();
    expect(detail.follow).toMatchObject({ street: 'Lindenwg', houseNumber: '3', addressUnconfirmed: true });
  });

  it('the form offers the directory to pick from without JavaScript, the postcode where a name is there twice', async () => {
    const settings = (await b.get('/m/musterstadt/settings')).body;
    expect(settings).toContain('list="street-choices"');
    expect(settings).toMatch(
      /<datalist id="street-choices"><option value="Lindenweg"><\/option><option value="Ringstraße \(12345\)"><\/option><option value="Ringstraße \(54321\)"><\/option><\/datalist>/,
    );
  });

  it('a street picked from the list is confirmed and gives the resident coordinates', async () => {
    await moveTo('Lindenwg', '3'); // unconfirmed, as a mistyped street leaves it
    const saved = await b.post('/m/musterstadt/settings', {
      channels: 'sms',
      topics: 'abfall',
      street: 'Ringstraße (54321)',
      houseNumber: '2',
      language: 'de',
    });
    expect(saved.statusCode).toBe(303);
    const follow = await getFollow(t.deps, t.tenant.id, residentId);
    expect(follow).toMatchObject({ streetName: null, houseNumber: '2', lat: 50.5, lng: 10.5 });
    const settings = (await b.get('/m/musterstadt/settings')).body;
    expect(settings).toContain('value="Ringstraße (54321)"');
    expect(settings).not.toContain(esc(de.streetUnconfirmed.split('{street}')[1].split('{name}')[0]));
    const list = (await t.as(owner, { method: 'GET', url: api('/residents') })).json().items;
    expect(list.find((r: { id: string }) => r.id === residentId)).toMatchObject({ addressUnconfirmed: false });
  });

  it('an emptied street field clears the street and its coordinates', async () => {
    await b.post('/m/musterstadt/settings', { channels: 'sms', topics: 'abfall', street: '', houseNumber: '', language: 'de' });
    expect(await getFollow(t.deps, t.tenant.id, residentId)).toMatchObject({ streetId: null, streetName: null, lat: null, lng: null });
    await b.post('/m/musterstadt/settings', { channels: 'sms', topics: 'abfall', street: 'lindenweg', houseNumber: '3', language: 'de' });
    expect(await getFollow(t.deps, t.tenant.id, residentId)).toMatchObject({ streetName: null, lat: 50.01, lng: 10.01 });
  });

  it('"Meine Daten" shows the full address and says every stored value in words, not as keys', async () => {
    await moveTo('Lindenweg', '3');
    const page = (await b.get('/m/musterstadt/settings/data')).body;
    expect(page).toContain('<td>Lindenweg 3, 12345</td>');
    expect(page).toContain('<td>Abfall, Warnungen</td>');
    expect(page).toContain(`<td>${de.channelNameSms}</td>`);
    expect(page).toContain(`<td>${de.languageDe}</td>`);
    expect(page).toContain(`<td data-label="${de.dataAction}">${de.consentGiven}</td>`);
    expect(page).toContain(`<td data-label="${de.dataHow}">${esc(de.methodPortal)}</td>`);
    expect(page).toContain(`<td data-label="${de.dataWhat}">Abfall</td>`);
    for (const key of ['given', 'portal', 'abfall', 'warnungen', 'messages', 'sms', 'de']) expect(page).not.toMatch(new RegExp(`>${key}</td>`));
  });

  it('the header shows that the resident is signed in, on their pages and on the start page (privately)', async () => {
    const settings = (await b.get('/m/musterstadt/settings')).body;
    const header = settings.slice(settings.indexOf('<header'), settings.indexOf('</header>'));
    expect(header).toContain(esc(de.signedInAs));
    expect(header).toContain('href="/m/musterstadt/settings"');
    expect(header).toContain('action="/m/musterstadt/logout"');
    expect(header).not.toContain('href="/m/musterstadt/register"');
    const start = await b.get('/m/musterstadt/');
    expect(start.body).toContain(esc(de.signedInAs));
    expect(start.headers['cache-control']).toBe('private, no-cache');
    const anonymous = await portalBrowser(t, '203.0.113.41').get('/m/musterstadt/');
    expect(anonymous.body).not.toContain(esc(de.signedInAs));
    expect(anonymous.body).toContain('href="/m/musterstadt/register"');
    expect(anonymous.headers['cache-control']).toMatch(/^public/);
    expect(count(settings, esc(de.logoutButton))).toBeGreaterThanOrEqual(1);
  });
});
