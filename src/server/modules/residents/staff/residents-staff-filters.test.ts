import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app.ts';
import { SQUARE_WITH_HOLE } from '../../../../../test/helpers/geo.ts';
import { auditLog } from '../../../platform/db/schema.ts';
import { registerResident, withdrawConsent } from '../index.ts';

let t: TestApp;
let owner: Session;
let streetId: string;
let areaId: string;
const ids: Record<string, string> = {};
const api = '/api/v1/tenants/musterstadt';

async function resident(label: string, phone: string, place: { lat?: number; lng?: number; houseNumber?: string; onStreet?: boolean }) {
  const prefs = {
    topics: ['abfall'],
    channels: ['sms'],
    lat: place.lat,
    lng: place.lng,
    streetId: place.onStreet ? streetId : null,
    houseNumber: place.houseNumber,
  };
  const { residentId } = await registerResident(t.deps, t.tenant, { phone }, prefs, { method: 'staff', ipPrefix: null, proof: 'Papierformular' });
  ids[label] = residentId;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
  const area = await t.as(owner, { method: 'POST', url: `${api}/areas`, payload: { name: 'Altstadt', geometry: SQUARE_WITH_HOLE } });
  areaId = area.json().id;
  const csv = 'Straße;Hausnummern;PLZ\nHauptstraße;1-39 ungerade;12345\n';
  expect((await t.as(owner, { method: 'POST', url: `${api}/streets/import`, payload: csv, headers: { 'content-type': 'text/csv' } })).json().imported).toBe(1);
  streetId = (await t.as(owner, { method: 'GET', url: `${api}/streets?q=haupt` })).json().items[0].id;
  await resident('onStreet', '+491702000001', { onStreet: true, houseNumber: '5a' });
  await resident('evenNumber', '+491702000002', { onStreet: true, houseNumber: '6' });
  await resident('inArea', '+491702000003', { lat: 50.02, lng: 10.02 });
  await resident('inHole', '+491702000004', { lat: 50.05, lng: 10.05 });
  await resident('outside', '+491702000005', { lat: 50.2, lng: 10.2 });
  await resident('streetAndArea', '+491702000006', { onStreet: true, houseNumber: '7', lat: 50.08, lng: 10.08 });
  await resident('withdrawnInArea', '+491702000007', { lat: 50.09, lng: 10.01 });
  await withdrawConsent(t.deps, t.tenant, ids.withdrawnInArea, { method: 'portal', ipPrefix: null });
});
afterAll(async () => {
  await t.close();
});

const labelsOf = (items: Array<{ id: string }>) => items.map((r) => Object.keys(ids).find((k) => ids[k] === r.id)).sort();
const list = async (query: string) => {
  const res = await t.as(owner, { method: 'GET', url: `${api}/residents?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return labelsOf(res.json().items);
};

describe('residents list by street and area', () => {
  it('a street shows the residents within its house number ranges, not an even number on an odd-numbered street', async () => {
    expect(await list(`street=${streetId}`)).toEqual(['onStreet', 'streetAndArea']);
  });

  it('an area shows the residents whose point lies inside it (not in its hole), withdrawn ones included', async () => {
    expect(await list(`area=${areaId}`)).toEqual(['inArea', 'streetAndArea', 'withdrawnInArea']);
    expect(await list(`area=${areaId}&status=active`)).toEqual(['inArea', 'streetAndArea']);
  });

  it('a list filtered by place is written to the audit log, as a search is', async () => {
    await list(`street=${streetId}`);
    const [latest] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'residents.searched')).orderBy(desc(auditLog.id)).limit(1),
    );
    expect(latest).toMatchObject({ actorEmail: 'owner@musterstadt.test', details: { by: 'place', street: streetId, area: null, found: 2 } });
  });

  it('street and area together show the residents in both', async () => {
    expect(await list(`street=${streetId}&area=${areaId}`)).toEqual(['streetAndArea']);
  });

  it('pages through a list filtered by area', async () => {
    const first = (await t.as(owner, { method: 'GET', url: `${api}/residents?area=${areaId}&limit=2` })).json();
    const second = (await t.as(owner, { method: 'GET', url: `${api}/residents?area=${areaId}&limit=2&after=${first.nextAfter}` })).json();
    expect(labelsOf([...first.items, ...second.items])).toEqual(['inArea', 'streetAndArea', 'withdrawnInArea']);
    expect(second.nextAfter).toBeNull();
  });

  it('an unknown street or area is refused with a pointer, as the audience preview does', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const street = await t.as(owner, { method: 'GET', url: `${api}/residents?street=${unknown}` });
    expect(street.statusCode).toBe(400);
    expect(street.json().errors).toEqual([expect.objectContaining({ pointer: '/querystring/street', detail: `street ${unknown} does not exist` })]);
    const area = await t.as(owner, { method: 'GET', url: `${api}/residents.csv?area=${unknown}` });
    expect(area.json().errors[0].pointer).toBe('/querystring/area');
    expect((await t.as(owner, { method: 'GET', url: `${api}/residents?area=Altstadt` })).json().errors[0].pointer).toBe('/querystring/area');
  });

  it('a street of another municipality is unknown here', async () => {
    await t.createTenant('nachbarort', 'Nachbarort');
    const neighbour = await t.login('owner@nachbarort.test');
    const res = await t.as(neighbour, { method: 'GET', url: `/api/v1/tenants/nachbarort/residents?street=${streetId}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/querystring/street');
  });

  it('the CSV export takes the same filters', async () => {
    const res = await t.as(owner, { method: 'GET', url: `${api}/residents.csv?area=${areaId}&status=active` });
    expect(res.statusCode).toBe(200);
    const lines = res.body.trim().split('\r\n').slice(1);
    expect(lines.map((l) => l.split(',')[0]).sort()).toEqual([ids.inArea, ids.streetAndArea].sort());
  });
});
